/**
 * The proof-of-play tally (play-tally.ts), kept in localStorage so a reload or a power cut
 * loses at most one save period of the hour, and unacknowledged hours are sent after it.
 * Keyed by the page path, like the cached content; a corrupt entry starts a fresh tally.
 */
import * as v from 'valibot';
import { PlayEntrySchema, validate } from '../../shared/index.ts';
import type { PlayTallyState } from './play-tally.ts';

const keyFor = (scope: string) => `kiosk:${scope}:play-tally`;

const StoredTallySchema = v.object({ hours: v.record(v.pipe(v.string(), v.regex(/^\d+$/)), v.array(PlayEntrySchema)) });

export function loadPlayTally(scope: string): PlayTallyState | undefined {
  try {
    const text = localStorage.getItem(keyFor(scope));
    if (text === null) return undefined;
    const checked = validate(StoredTallySchema, JSON.parse(text));
    return checked.ok ? checked.value : undefined;
  } catch {
    return undefined;
  }
}

export function savePlayTally(scope: string, state: PlayTallyState): void {
  try {
    localStorage.setItem(keyFor(scope), JSON.stringify(state));
  } catch (err) {
    // Quota or private mode: the tally still holds until this page is reloaded.
    console.warn('kiosk: could not store the proof-of-play tally', err);
  }
}

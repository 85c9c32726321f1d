/**
 * The ids of the commands this kiosk acted on recently, kept in localStorage so a
 * reload (the `reload` command itself, an update, a power cut) does not make a
 * redelivered command new again. Keyed by the page path, like the cached content.
 */
import { RecentCommandIds, type RecentCommandId } from '../../shared/payloads/command-admission.ts';

const keyFor = (scope: string) => `kiosk:${scope}:command-ids`;

function isEntry(value: unknown): value is RecentCommandId {
  const entry = value as Partial<RecentCommandId> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.id === 'string' && typeof entry.expiresAt === 'string';
}

export function loadCommandIds(scope: string): RecentCommandIds {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(keyFor(scope)) ?? '[]');
    return new RecentCommandIds(undefined, Array.isArray(stored) ? stored.filter(isEntry) : []);
  } catch {
    return new RecentCommandIds();
  }
}

export function saveCommandIds(scope: string, ids: RecentCommandIds): void {
  try {
    localStorage.setItem(keyFor(scope), JSON.stringify(ids.entries()));
  } catch (err) {
    // Quota or private mode: the memory still holds until this page is reloaded.
    console.warn('kiosk: could not store the recent command ids', err);
  }
}

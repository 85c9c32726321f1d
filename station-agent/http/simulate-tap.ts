/**
 * The answers of `POST /simulate-tap`: the uid takes the path of a card read, and the
 * answer says what became of it. A refused tap is a 503, never a 200, so a demo or a
 * test never sees a tap succeed that the outbox did not store.
 */
import { normaliseCardUid, type ReaderDriver } from '../../shared/index.ts';
import type { TapOutcome } from '../checkin/checkin-recorder.ts';
import type { CardRead } from '../readers/card-read.ts';

export type SimulateTapResponse = { status: number; body: Record<string, unknown> };

export interface SimulateTapDeps {
  driver: ReaderDriver;
  /** The check-in path every card read takes. */
  read(read: CardRead): TapOutcome;
}

export function answerSimulateTap(rawUid: unknown, { driver, read }: SimulateTapDeps): SimulateTapResponse {
  // Injected taps next to a real reader would be check-ins no card made.
  if (driver !== 'simulated') return { status: 409, body: { error: `reader.driver is ${driver}, not simulated` } };
  let uid: string;
  try {
    uid = normaliseCardUid(typeof rawUid === 'string' ? rawUid : '');
  } catch (err) {
    return { status: 400, body: { error: (err as Error).message } };
  }
  const outcome = read({ uid, tech: 'other' });
  if (outcome.kind === 'recorded') return { status: 200, body: { outcome: 'recorded', id: outcome.entry.id, seq: outcome.entry.seq } };
  if (outcome.kind === 'debounced') return { status: 200, body: { outcome: 'debounced' } };
  return { status: 503, body: { outcome: 'refused', error: `outbox not writable: ${outcome.reason}` } };
}

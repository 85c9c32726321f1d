import { describe, expect, it } from 'vitest';
import type { TapOutcome } from '../../../station-agent/checkin/checkin-recorder.ts';
import { answerSimulateTap } from '../../../station-agent/http/simulate-tap.ts';
import type { CardRead } from '../../../station-agent/readers/card-read.ts';

function recorder(outcome: TapOutcome) {
  const reads: CardRead[] = [];
  return {
    reads,
    read: (read: CardRead) => {
      reads.push(read);
      return outcome;
    },
  };
}

const entry = { id: '6f1c9a2e-8a51-4d7b-9a43-2f3f6c1e0b7d', seq: 42, uid: '04A1B2C3', tech: 'other', at: '2026-11-29T09:00:00.000Z' } as const;
const recorded: TapOutcome = { kind: 'recorded', entry };

describe('answerSimulateTap', () => {
  it('reads the normalised uid as an "other" card and answers with the new entry', () => {
    const { reads, read } = recorder(recorded);
    expect(answerSimulateTap('04:a1:b2:c3', { driver: 'simulated', read })).toEqual({ status: 200, body: { outcome: 'recorded', id: entry.id, seq: 42 } });
    expect(reads).toEqual([{ uid: '04A1B2C3', tech: 'other' }]);
  });

  it('answers 200 debounced for a repeat within the debounce window', () => {
    const { read } = recorder({ kind: 'debounced' });
    expect(answerSimulateTap('04A1B2C3', { driver: 'simulated', read })).toEqual({ status: 200, body: { outcome: 'debounced' } });
  });

  it('refuses with 409 when the reader is not simulated, without reading', () => {
    const { reads, read } = recorder(recorded);
    const answer = answerSimulateTap('04A1B2C3', { driver: 'rdm6300', read });
    expect(answer).toEqual({ status: 409, body: { error: 'reader.driver is rdm6300, not simulated' } });
    expect(reads).toEqual([]);
  });

  it.each([['xyz'], ['04A1B2C'], [''], [undefined], [42]])('refuses the uid %j with 400, without reading', (uid) => {
    const { reads, read } = recorder(recorded);
    const answer = answerSimulateTap(uid, { driver: 'simulated', read });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual(expect.any(String));
    expect(reads).toEqual([]);
  });

  it('answers 503 refused when the outbox could not store the tap', () => {
    const { read } = recorder({ kind: 'refused', reason: 'database or disk is full' });
    expect(answerSimulateTap('04A1B2C3', { driver: 'simulated', read })).toEqual({ status: 503, body: { outcome: 'refused', error: 'outbox not writable: database or disk is full' } });
  });
});

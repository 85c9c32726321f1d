import { describe, expect, it } from 'vitest';
import { afterFailure, attemptKeys, BLOCK_MS, MAX_FAILURES_PER_WINDOW, retryAfterSeconds, type AttemptCounter } from '../../../central/phone/attempt-rules.ts';

const T0 = 1_800_000_000_000;

function failTimes(times: number[]): AttemptCounter | undefined {
  return times.reduce<AttemptCounter | undefined>((counter, at) => afterFailure(counter, at), undefined);
}

describe('failed-attempt throttling', () => {
  it(`${MAX_FAILURES_PER_WINDOW - 1} failures in a minute do not block; the ${MAX_FAILURES_PER_WINDOW}th blocks for a minute`, () => {
    const nine = failTimes(Array.from({ length: MAX_FAILURES_PER_WINDOW - 1 }, (_, i) => T0 + i * 1000));
    expect(retryAfterSeconds([nine], T0 + 9_000)).toBe(0);
    const ten = afterFailure(nine, T0 + 9_500);
    expect(ten.blockedUntilMs).toBe(T0 + 9_500 + BLOCK_MS);
    expect(retryAfterSeconds([ten], T0 + 9_500)).toBe(60);
    expect(retryAfterSeconds([ten], T0 + 9_500 + BLOCK_MS - 1)).toBe(1);
    expect(retryAfterSeconds([ten], T0 + 9_500 + BLOCK_MS)).toBe(0);
  });

  it('failures spread over more than a minute start a new window', () => {
    const spread = failTimes(Array.from({ length: 20 }, (_, i) => T0 + i * 7_000));
    expect(spread!.blockedUntilMs).toBe(0);
  });

  it('Retry-After is the longest block among the keys', () => {
    expect(retryAfterSeconds([undefined, { windowStartMs: T0, failures: 10, blockedUntilMs: T0 + 30_000 }, { windowStartMs: T0, failures: 12, blockedUntilMs: T0 + 45_500 }], T0)).toBe(46);
  });

  it('keys: address always, station and volunteer number when known, the number case-folded', () => {
    expect(attemptKeys({ address: '10.0.0.1' })).toEqual([{ scope: 'address', key: '10.0.0.1' }]);
    expect(attemptKeys({ address: '10.0.0.1', stationId: 'ST-1', volunteerId: ' v-0001 ' })).toEqual([
      { scope: 'address', key: '10.0.0.1' },
      { scope: 'station', key: 'ST-1' },
      { scope: 'volunteer', key: 'V-0001' },
    ]);
  });
});

/** The manager PIN's growing delay, as plain data (the panel and its storage are in manager-pin.browser.test.ts). */
import { describe, expect, it } from 'vitest';
import { attemptFailed, attemptStarted, lockRemainingMs, NO_ATTEMPTS, pinDelayMs, pinSetting, PIN_DELAY_CAP_MS } from '../../../kiosk/data/manager-pin.ts';

const T0 = 1_800_000_000_000;

describe('manager PIN delay', () => {
  it('doubles from 1 s after each wrong PIN in a row, up to 5 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 8, 9, 10, 40].map(pinDelayMs)).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, 128_000, 256_000, 300_000, 300_000]);
    expect(PIN_DELAY_CAP_MS).toBe(300_000);
  });

  it('counts an attempt as wrong before it is checked, and restarts the delay when it is found wrong', () => {
    const started = attemptStarted(NO_ATTEMPTS, T0);
    expect(started).toEqual({ failures: 1, lockedUntil: T0 + 1_000 });
    const failed = attemptFailed(started, T0 + 600);
    expect(failed).toEqual({ failures: 1, lockedUntil: T0 + 1_600 });
    expect(attemptStarted(failed, T0 + 1_600)).toEqual({ failures: 2, lockedUntil: T0 + 3_600 });
  });

  it('counts down to zero, and never locks longer than the count calls for', () => {
    const attempts = { failures: 3, lockedUntil: T0 + 4_000 };
    expect(lockRemainingMs(attempts, T0)).toBe(4_000);
    expect(lockRemainingMs(attempts, T0 + 3_999)).toBe(1);
    expect(lockRemainingMs(attempts, T0 + 4_000)).toBe(0);
    // The clock stepped back a day: still at most the 4 s of three wrong PINs.
    expect(lockRemainingMs(attempts, T0 - 86_400_000)).toBe(4_000);
  });

  it('tells a usable hash from a missing, legacy or malformed one', () => {
    expect(pinSetting(undefined)).toBe('not-configured');
    expect(pinSetting(`sha256:${'0'.repeat(64)}`)).toBe('legacy-sha256');
    expect(pinSetting(`pbkdf2-sha256$600000$${'A'.repeat(22)}$${'A'.repeat(43)}`)).toBe('usable');
    expect(pinSetting(`pbkdf2-sha256$1000$${'A'.repeat(22)}$${'A'.repeat(43)}`)).toBe('unusable');
  });
});

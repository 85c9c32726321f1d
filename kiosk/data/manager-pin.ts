/**
 * The manager PIN: checked against `managerPinHash` (salted PBKDF2, shared/manager-pin.ts)
 * and throttled. After the n-th wrong PIN in a row the panel accepts no PIN for
 * 2^(n-1) s (1 s, 2 s, 4 s …), capped at 5 minutes; the right PIN clears the count.
 * The count lives in localStorage, so neither a reload nor a restarted browser resets
 * it: at the cap a 4-digit PIN takes weeks to guess at the screen.
 */
import { parseManagerPinHash } from '../../shared/manager-pin.ts';

export const PIN_DELAY_BASE_MS = 1_000;
export const PIN_DELAY_CAP_MS = 5 * 60_000;

export interface PinAttempts {
  /** Wrong PINs in a row (an attempt is counted before it is checked). */
  failures: number;
  /** Epoch ms before which no PIN is checked. */
  lockedUntil: number;
}

export const NO_ATTEMPTS: PinAttempts = { failures: 0, lockedUntil: 0 };

/** What the panel can do with the configured hash, before any PIN is typed. */
export type PinSetting = 'usable' | 'not-configured' | 'legacy-sha256' | 'unusable';

export function pinSetting(stored: string | undefined): PinSetting {
  if (stored === undefined) return 'not-configured';
  const parsed = parseManagerPinHash(stored);
  return parsed.kind === 'pbkdf2' ? 'usable' : parsed.kind;
}

export function pinDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(PIN_DELAY_BASE_MS * 2 ** Math.min(failures - 1, 30), PIN_DELAY_CAP_MS);
}

/**
 * Counts the attempt as wrong before the (slow) check runs, so reloading the page
 * mid-check cannot make a guess free; the right PIN then clears the count.
 */
export function attemptStarted(attempts: PinAttempts, now: number): PinAttempts {
  const failures = attempts.failures + 1;
  return { failures, lockedUntil: now + pinDelayMs(failures) };
}

/** The delay runs from the moment the wrong PIN is known, not from the start of the check. */
export function attemptFailed(attempts: PinAttempts, now: number): PinAttempts {
  return { failures: attempts.failures, lockedUntil: now + pinDelayMs(attempts.failures) };
}

/** Never more than the delay the count calls for: a clock stepped back cannot lock the panel for days. */
export function lockRemainingMs(attempts: PinAttempts, now: number): number {
  return Math.max(0, Math.min(attempts.lockedUntil - now, pinDelayMs(attempts.failures)));
}

const keyFor = (scope: string) => `kiosk:${scope}:manager-pin-attempts`;
/** A damaged record counts as one wrong PIN rather than none. */
const DAMAGED = (): PinAttempts => ({ failures: 1, lockedUntil: Date.now() + pinDelayMs(1) });

export function loadPinAttempts(scope: string): PinAttempts {
  try {
    const stored = JSON.parse(localStorage.getItem(keyFor(scope)) ?? 'null') as Partial<PinAttempts> | null;
    const failures = stored?.failures;
    const lockedUntil = stored?.lockedUntil;
    if (typeof failures === 'number' && Number.isInteger(failures) && failures >= 0 && typeof lockedUntil === 'number' && Number.isFinite(lockedUntil)) {
      return { failures, lockedUntil };
    }
    return stored === null ? NO_ATTEMPTS : DAMAGED();
  } catch {
    return DAMAGED();
  }
}

export function savePinAttempts(scope: string, attempts: PinAttempts): void {
  try {
    if (attempts.failures === 0) localStorage.removeItem(keyFor(scope));
    else localStorage.setItem(keyFor(scope), JSON.stringify(attempts));
  } catch (err) {
    // Quota or private mode: the delay still holds until this page is reloaded.
    console.warn('kiosk: could not store the PIN attempt count', err);
  }
}

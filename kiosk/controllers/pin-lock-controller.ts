/**
 * Owns the manager PIN's attempt count for one panel: loads it from storage when the
 * panel opens, checks a PIN (counting it first), and ticks the countdown while the
 * panel is locked after wrong PINs (kiosk/data/manager-pin.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { verifyManagerPin } from '../../shared/manager-pin.ts';
import {
  attemptFailed,
  attemptStarted,
  loadPinAttempts,
  lockRemainingMs,
  NO_ATTEMPTS,
  savePinAttempts,
  type PinAttempts,
} from '../data/manager-pin.ts';

const TICK_MS = 250;

export class PinLockController implements ReactiveController {
  checking = false;
  private attempts: PinAttempts = NO_ATTEMPTS;
  private ticker?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly scope: () => string,
    private readonly now: () => number = Date.now,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.attempts = loadPinAttempts(this.scope());
    this.tickWhileLocked();
  }

  hostDisconnected(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** Whole seconds until a PIN is checked again; 0 when it may be tried now. */
  get secondsLeft(): number {
    return Math.ceil(lockRemainingMs(this.attempts, this.now()) / 1000);
  }

  /** True when the PIN is right; false when it is wrong or the panel is locked. */
  async check(pin: string, storedHash: string | undefined): Promise<boolean> {
    if (this.checking || this.secondsLeft > 0) return false;
    this.checking = true;
    this.store(attemptStarted(this.attempts, this.now()));
    this.host.requestUpdate();
    try {
      const result = await verifyManagerPin(pin, storedHash);
      this.store(result.ok ? NO_ATTEMPTS : attemptFailed(this.attempts, this.now()));
      return result.ok;
    } finally {
      this.checking = false;
      this.tickWhileLocked();
      this.host.requestUpdate();
    }
  }

  private store(attempts: PinAttempts): void {
    this.attempts = attempts;
    savePinAttempts(this.scope(), attempts);
  }

  private tickWhileLocked(): void {
    if (this.ticker || this.secondsLeft === 0) return;
    this.ticker = setInterval(() => {
      if (this.secondsLeft === 0) {
        clearInterval(this.ticker);
        this.ticker = undefined;
      }
      this.host.requestUpdate();
    }, TICK_MS);
  }
}

/**
 * Failed-login throttle: after `maxFailures` wrong passwords within `windowMs` for one
 * key (a client address, a manager name), every further attempt with that key is
 * refused, right password or not, until the oldest of those failures is older than the
 * window. Refusing the right password too is what makes the limit protect anything: an
 * attacker would otherwise keep guessing and read success from the answer.
 * Pure over an injected clock; the memory it keeps is bounded.
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** Keys kept at most; the stalest are dropped first (a flood of addresses cannot grow memory). */
  maxKeys?: number;
  now?: () => number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private recent(key: string, nowMs: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => nowMs - t < this.options.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Refused when any of `keys` has reached the limit; Retry-After is the longest wait among them. */
  check(keys: readonly string[]): ThrottleVerdict {
    const nowMs = this.now();
    let waitMs = 0;
    for (const key of keys) {
      const times = this.recent(key, nowMs);
      if (times.length >= this.options.maxFailures) {
        const freesAt = times[times.length - this.options.maxFailures]! + this.options.windowMs;
        waitMs = Math.max(waitMs, freesAt - nowMs);
      }
    }
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { allowed: true };
  }

  recordFailure(keys: readonly string[]): void {
    const nowMs = this.now();
    for (const key of keys) {
      const times = this.recent(key, nowMs);
      times.push(nowMs);
      // Re-insert so Map order is least recently failed first.
      this.failures.delete(key);
      this.failures.set(key, times.slice(-this.options.maxFailures));
    }
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"): delay = random(0, min(cap, base * 2^attempt)). A fleet of devices
 * reconnecting to a restarted broker then spreads out instead of arriving in waves.
 */

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

export function backoffDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Counts attempts; `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions) {}

  next(): number {
    return backoffDelay(this.attempt++, this.options);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

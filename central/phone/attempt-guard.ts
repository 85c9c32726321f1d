/**
 * Applies the throttling rules (attempt-rules.ts) to phone requests through the store,
 * so every replica sees the same counters. `blocked` is asked before any work is done;
 * `failed` counts a refusal under every key of the request.
 */
import type { PhoneBindingStore } from '../store/phone-binding-store.ts';
import { DEFAULT_ATTEMPT_RULES, retryAfterSeconds, type AttemptKey, type AttemptRules } from './attempt-rules.ts';

export class AttemptGuard {
  constructor(
    private readonly store: PhoneBindingStore,
    private readonly now: () => number,
    private readonly rules: AttemptRules = DEFAULT_ATTEMPT_RULES,
  ) {}

  /** Seconds to wait, or 0 when none of the keys is blocked. */
  async blocked(keys: readonly AttemptKey[]): Promise<number> {
    return retryAfterSeconds(await this.store.attemptCounters(keys), this.now());
  }

  async failed(keys: readonly AttemptKey[]): Promise<void> {
    await this.store.recordFailedAttempt(keys, this.now(), this.rules);
  }
}

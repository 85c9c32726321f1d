/**
 * Failed-attempt throttling for the phone API (issue 11 §1 Throttling): per client
 * address, per station and per volunteer number, 10 failures within a minute block
 * that key for a minute, and every attempt meanwhile gets HTTP 429 with Retry-After.
 * The counters live in the central store, so replicas share them; these functions
 * are the arithmetic, on plain rows.
 */

export const ATTEMPT_WINDOW_MS = 60_000;
export const MAX_FAILURES_PER_WINDOW = 10;
export const BLOCK_MS = 60_000;

/** Phone scopes, and the manager login's (central/http/basic-auth.ts): one table, every replica. */
export type AttemptScope = 'address' | 'station' | 'volunteer' | 'manager-address' | 'manager-name';

export interface AttemptKey {
  scope: AttemptScope;
  key: string;
}

export interface AttemptCounter {
  /** When the current window's first failure happened. */
  windowStartMs: number;
  failures: number;
  blockedUntilMs: number;
}

export interface AttemptRules {
  windowMs: number;
  maxFailures: number;
  blockMs: number;
}

export const DEFAULT_ATTEMPT_RULES: AttemptRules = { windowMs: ATTEMPT_WINDOW_MS, maxFailures: MAX_FAILURES_PER_WINDOW, blockMs: BLOCK_MS };

/** The counter after one more failure at `nowMs`. */
export function afterFailure(counter: AttemptCounter | undefined, nowMs: number, rules: AttemptRules = DEFAULT_ATTEMPT_RULES): AttemptCounter {
  const fresh = !counter || nowMs - counter.windowStartMs >= rules.windowMs;
  const windowStartMs = fresh ? nowMs : counter.windowStartMs;
  const failures = fresh ? 1 : counter.failures + 1;
  const blockedUntilMs = failures >= rules.maxFailures ? Math.max(counter?.blockedUntilMs ?? 0, nowMs + rules.blockMs) : (counter?.blockedUntilMs ?? 0);
  return { windowStartMs, failures, blockedUntilMs };
}

/** Whole seconds until every key is free again (0: not blocked); the Retry-After value. */
export function retryAfterSeconds(counters: readonly (AttemptCounter | undefined)[], nowMs: number): number {
  const until = Math.max(0, ...counters.map((c) => c?.blockedUntilMs ?? 0));
  return until > nowMs ? Math.ceil((until - nowMs) / 1000) : 0;
}

/** The keys one phone request is counted under; the volunteer key only when a number is known. */
export function attemptKeys(input: { address: string; stationId?: string; volunteerId?: string }): AttemptKey[] {
  return [
    { scope: 'address', key: input.address },
    ...(input.stationId !== undefined ? [{ scope: 'station' as const, key: input.stationId }] : []),
    // Case-folded, so V0001 and v0001 share one budget.
    ...(input.volunteerId ? [{ scope: 'volunteer' as const, key: input.volunteerId.trim().toUpperCase() }] : []),
  ];
}

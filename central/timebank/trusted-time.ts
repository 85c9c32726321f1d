/**
 * Which check-in times central trusts (protocol v2 §Check-in times central trusts).
 * A CheckIn's `at` is the station's clock, and a stolen station credential can write
 * any `at`. Central compares it with its own clock when the CheckIn arrives:
 * - more than CLOCK_TOLERANCE_MS (2 min) ahead: rejected `clock-ahead`, credits nothing;
 * - more than `maxCheckInAgeHours` old: recorded, and the session it opens, closes or
 *   touches waits for a manager (`clock-behind`) instead of being credited. A real
 *   delivery is seconds late (the agent retries within 60 s); past the bound central
 *   cannot tell an outage from a back-dated forgery, so a person decides;
 * - otherwise trusted, and the pairing rule (decide-tap.ts) applies as it is.
 * Both bounds are inclusive: exactly 2 min ahead, or exactly the bound old, is trusted.
 */
import { CLOCK_TOLERANCE_MS, decideTap, type TapDecision, type TapDecisionInput } from './decide-tap.ts';
import type { TimeBankRules } from './rules.ts';

export type TapTimeVerdict = { kind: 'trusted' } | { kind: 'ahead'; byMs: number } | { kind: 'behind'; byMs: number };

export function judgeTapTime(atMs: number, receivedAtMs: number, rules: Pick<TimeBankRules, 'maxCheckInAgeHours'>): TapTimeVerdict {
  const aheadMs = atMs - receivedAtMs;
  if (aheadMs > CLOCK_TOLERANCE_MS) return { kind: 'ahead', byMs: aheadMs };
  const ageMs = -aheadMs;
  const maxAgeMs = rules.maxCheckInAgeHours * 3_600_000;
  if (ageMs > maxAgeMs) return { kind: 'behind', byMs: ageMs - maxAgeMs };
  return { kind: 'trusted' };
}

/** What a tap central cannot date means: whatever it pairs into is held for review, with no credit. */
export function heldForReview(decision: TapDecision): TapDecision {
  switch (decision.kind) {
    case 'reject':
      return decision;
    case 'close':
      return { ...decision, minutes: 0, points: 0, review: 'clock-behind' };
    case 'open':
    case 'duplicate':
      return { ...decision, review: 'clock-behind' };
  }
}

export interface CheckInDecisionInput extends TapDecisionInput {
  /** Central's clock when the CheckIn arrived. */
  receivedAtMs: number;
}

/** The time rule, then the pairing rule: the one decision the store applies for a check-in. */
export function decideCheckIn(input: CheckInDecisionInput): TapDecision {
  const verdict = judgeTapTime(input.atMs, input.receivedAtMs, input.rules);
  if (verdict.kind === 'ahead') return { kind: 'reject', reason: 'clock-ahead' };
  const decision = decideTap(input);
  return verdict.kind === 'behind' ? heldForReview(decision) : decision;
}

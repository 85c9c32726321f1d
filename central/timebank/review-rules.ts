/**
 * What end times a review decision or a volunteer's correction may name (issue 12
 * §Reviews and corrections). Pure, so every store applies the same rules:
 * - the end is after the start, by at least a minute;
 * - a session spans at most MAX_SESSION_HOURS (a service day);
 * - nothing ends in the future (central's clock, with the usual 2 min tolerance);
 * - a volunteer asks within MAX_CORRECTION_AGE_DAYS of the service; later, the site staff
 *   correct it in the review queue themselves.
 */
import { CLOCK_TOLERANCE_MS } from './decide-tap.ts';

export const MAX_SESSION_HOURS = 24;
export const MAX_CORRECTION_AGE_DAYS = 90;

/** Why this end time cannot close a session that began at `startedAtMs`, or undefined. */
export function endTimeProblem(startedAtMs: number, endedAtMs: number, nowMs: number): string | undefined {
  if (!Number.isFinite(endedAtMs)) return 'the end time is not a time';
  if (endedAtMs < startedAtMs + 60_000) return `the end time must be at least a minute after the start (${new Date(startedAtMs).toISOString()})`;
  if (endedAtMs - startedAtMs > MAX_SESSION_HOURS * 3_600_000) return `a session spans at most ${MAX_SESSION_HOURS} hours`;
  if (endedAtMs > nowMs + CLOCK_TOLERANCE_MS) return 'the end time is in the future';
  return undefined;
}

/** Why a volunteer may not ask about a service that began at `startedAtMs`, or undefined. */
export function correctionAgeProblem(startedAtMs: number, nowMs: number): string | undefined {
  if (nowMs - startedAtMs > MAX_CORRECTION_AGE_DAYS * 86_400_000) return `corrections are asked for within ${MAX_CORRECTION_AGE_DAYS} days; ask the site staff`;
  return undefined;
}

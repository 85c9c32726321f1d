/**
 * The time bank's rules, from `timeBank` in the central config. Points per session:
 *   points = round(sessionMinutes * pointsPerHour / 60)
 * with `round` = floor (`down`, default), Math.round (`nearest`, halves up) or ceil (`up`).
 * Session minutes are whole minutes, rounded down from the two taps' times.
 */
import type { CentralConfig } from '../../shared/index.ts';
import { localDate, nextDate, zonedInstant } from './local-time.ts';

export interface TimeBankRules {
  minSessionMinutes: number;
  pointsPerHour: number;
  pointsRounding: 'down' | 'nearest' | 'up';
  /** Local `HH:MM` at which sessions still open are closed and flagged for review. */
  dailyCutoff: string;
  timeZone: string;
  /** A CheckIn dated further back than this when it arrives is held for review (trusted-time.ts). */
  maxCheckInAgeHours: number;
}

export function rulesFromConfig(config: CentralConfig): TimeBankRules {
  const { minSessionMinutes, pointsPerHour, pointsRounding, dailyCutoff, timeZone, maxCheckInAgeHours } = config.timeBank;
  return { minSessionMinutes, pointsPerHour, pointsRounding, dailyCutoff, timeZone, maxCheckInAgeHours };
}

export function sessionMinutes(startedAtMs: number, endedAtMs: number): number {
  return Math.max(0, Math.floor((endedAtMs - startedAtMs) / 60_000));
}

export function pointsFor(minutes: number, rules: Pick<TimeBankRules, 'pointsPerHour' | 'pointsRounding'>): number {
  // Work in integer hundredths first so 30 min at 2/h is exactly 1, not 0.9999….
  const exact = Math.round(minutes * rules.pointsPerHour * 100 / 60) / 100;
  if (rules.pointsRounding === 'up') return Math.ceil(exact);
  if (rules.pointsRounding === 'nearest') return Math.round(exact);
  return Math.floor(exact);
}

/** The first cutoff at or after a session's start: that day's, or the next day's if it started later. */
export function cutoffAfter(startedAtMs: number, rules: Pick<TimeBankRules, 'dailyCutoff' | 'timeZone'>): number {
  const day = localDate(startedAtMs, rules.timeZone);
  const sameDay = zonedInstant(day, rules.dailyCutoff, rules.timeZone);
  return sameDay > startedAtMs ? sameDay : zonedInstant(nextDate(day), rules.dailyCutoff, rules.timeZone);
}

/**
 * The time bank's pure rules for stars and expiring points (protocol v2 §Time bank), so
 * every store and replica decides them the same way.
 *
 * Stars (星级评定): the star for H hours is the number of thresholds at or below H
 * (default 100/300/600/1000/1500 h). In `apply` mode a volunteer whose hours reach a star
 * above their awarded one is eligible to apply; in `auto` mode the star is awarded then.
 *
 * Expiry: earned points not spent within N years expire. Spending is first in, first out:
 * each debit consumes the oldest credits still unspent, except that an `expired:{id}`
 * entry consumes its own earned entry `id`, and a reversal consumes the entry it undoes
 * first. An earned entry at least N years old with points left gets one `expired` entry
 * for what is left, with request id `expired:{entryId}`, so a re-run appends nothing.
 */
import type { LedgerEntry, LedgerWrite } from '../store/ledger-store.ts';

export const DEFAULT_STAR_THRESHOLDS_HOURS: readonly number[] = [100, 300, 600, 1000, 1500];
export const MAX_STAR = 5;

/** 0 (none) to 5 for these cumulative hours. */
export function starForHours(hours: number, thresholdsHours: readonly number[]): number {
  let star = 0;
  for (const threshold of thresholdsHours) if (hours >= threshold) star++;
  return Math.min(star, MAX_STAR);
}

export interface StarProgress {
  /** The star the hours reach. */
  reached: number;
  /** The next star above `reached`, its threshold and the hours still missing; absent at 5 stars. */
  next?: { star: number; thresholdHours: number; hoursToGo: number };
}

export function starProgress(hours: number, thresholdsHours: readonly number[]): StarProgress {
  const reached = starForHours(hours, thresholdsHours);
  const threshold = thresholdsHours[reached];
  if (reached >= MAX_STAR || threshold === undefined) return { reached };
  return { reached, next: { star: reached + 1, thresholdHours: threshold, hoursToGo: Math.round((threshold - hours) * 100) / 100 } };
}

/** The star a volunteer may apply for now (above the awarded one), or undefined. */
export function eligibleStar(hours: number, awarded: number, thresholdsHours: readonly number[]): number | undefined {
  const reached = starForHours(hours, thresholdsHours);
  return reached > awarded ? reached : undefined;
}

export const EXPIRY_REQUEST_PREFIX = 'expired:';

export interface ExpiryDue {
  entryId: number;
  /** Negative: what expires. */
  points: number;
}

/** The instant N calendar years after `atIso`. */
export function expiresAtMs(atIso: string, years: number): number {
  const at = new Date(atIso);
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at.getTime();
}

/** `entries` in id order (oldest first); returns the expiries to append now. */
export function expiriesDue(entries: readonly LedgerEntry[], nowMs: number, years: number): ExpiryDue[] {
  const credits: { entry: LedgerEntry; left: number }[] = [];
  const byId = new Map<number, { entry: LedgerEntry; left: number }>();
  const consume = (amount: number, first?: { left: number }): void => {
    let rest = amount;
    if (first) {
      const take = Math.min(first.left, rest);
      first.left -= take;
      rest -= take;
    }
    for (const credit of credits) {
      if (rest === 0) break;
      const take = Math.min(credit.left, rest);
      credit.left -= take;
      rest -= take;
    }
  };
  const expiredAlready = new Set<number>();
  for (const entry of entries) {
    if (entry.points > 0) {
      const credit = { entry, left: entry.points };
      credits.push(credit);
      byId.set(entry.id, credit);
      continue;
    }
    let target: { left: number } | undefined;
    if (entry.kind === 'expired' && entry.requestId.startsWith(EXPIRY_REQUEST_PREFIX)) {
      const id = Number(entry.requestId.slice(EXPIRY_REQUEST_PREFIX.length));
      expiredAlready.add(id);
      target = byId.get(id);
    } else if (entry.reversesId !== undefined) target = byId.get(entry.reversesId);
    consume(-entry.points, target);
  }
  return credits
    .filter((c) => c.entry.kind === 'earned' && c.left > 0 && !expiredAlready.has(c.entry.id) && expiresAtMs(c.entry.at, years) <= nowMs)
    .map((c) => ({ entryId: c.entry.id, points: -c.left }));
}

/** The ledger writes for what `expiriesDue` finds, at `nowMs`; their request ids make a re-run (or a second replica) append nothing. */
export function expiryWrites(volunteerId: string, entries: readonly LedgerEntry[], nowMs: number, years: number): LedgerWrite[] {
  const at = new Date(nowMs).toISOString();
  return expiriesDue(entries, nowMs, years).map((due) => ({
    requestId: `${EXPIRY_REQUEST_PREFIX}${due.entryId}`,
    volunteerId,
    kind: 'expired',
    points: due.points,
    at,
    actor: 'central',
    reason: `earned points older than ${years} year(s), unspent (entry ${due.entryId})`,
  }));
}

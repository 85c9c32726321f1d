/**
 * The points ledger (issue 12, protocol v2 §Time bank): points change only by appending
 * an entry, and no entry is ever edited or deleted (the SQLite schema enforces it with
 * triggers). A volunteer's balance is the sum of their entries and never goes below 0:
 * each entry stores the balance after it, checked against 0 by the schema as well.
 *
 * Every write names a client request id. The same id again returns the stored entry
 * (`repeated: true`) and changes nothing, so retries of a write, like re-sent
 * check-ins, count once. The same id with a different write is refused
 * (`request-id-reused`), never silently merged.
 */

export const LEDGER_KINDS = ['earned', 'adjusted', 'redeemed', 'reversed', 'expired'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  /** Ascending in the order entries were appended. */
  id: number;
  requestId: string;
  volunteerId: string;
  kind: LedgerKind;
  /** Signed: earned > 0, redeemed and expired < 0, adjusted either way, reversed the negation of what it undoes. */
  points: number;
  balanceAfter: number;
  at: string;
  /** `earned`: the closed session that earned it. */
  sessionId?: string;
  /** `reversed`: the entry it undoes. */
  reversesId?: number;
  /** `redeemed` (and its reversal): the redemption. */
  redemptionId?: string;
  /** The manager or staff account for `adjusted`, `reversed` and desk redemptions; absent for the service itself. */
  actor?: string;
  reason?: string;
}

/** A new entry other than a reversal; `points` is signed. */
export interface LedgerWrite {
  requestId: string;
  volunteerId: string;
  kind: Exclude<LedgerKind, 'reversed'>;
  points: number;
  at: string;
  sessionId?: string;
  redemptionId?: string;
  actor?: string;
  reason?: string;
}

export interface LedgerReversal {
  requestId: string;
  entryId: number;
  at: string;
  actor: string;
  reason: string;
}

export type LedgerRefusal =
  /** The entry would take the balance below 0; `balance` is the current one. */
  | 'insufficient-points'
  | 'unknown-volunteer'
  /** This request id was used for a different write. */
  | 'request-id-reused'
  | 'unknown-entry'
  /** A reversal cannot itself be reversed, and an entry is reversed at most once. */
  | 'not-reversible'
  | 'already-reversed'
  /** 0 points, a fractional number, or an earned/redeemed/expired entry with the wrong sign. */
  | 'invalid-points';

export type LedgerOutcome = { ok: true; entry: LedgerEntry; repeated: boolean } | { ok: false; reason: LedgerRefusal; balance?: number };

export interface LedgerPage {
  /** Newest first. */
  entries: LedgerEntry[];
  /** Pass as `beforeId` for the next (older) page; absent on the last page. */
  nextBeforeId?: number;
}

export interface LedgerStore {
  append(write: LedgerWrite): Promise<LedgerOutcome>;
  reverse(reversal: LedgerReversal): Promise<LedgerOutcome>;
  balance(volunteerId: string): Promise<number>;
  /** Newest first; `limit` defaults to 50, at most 500. */
  entries(volunteerId: string, options?: { limit?: number; beforeId?: number }): Promise<LedgerPage>;
  findByRequestId(requestId: string): Promise<LedgerEntry | undefined>;
}

/** Why a write's sign is wrong for its kind, or undefined when it is right. */
export function signProblem(kind: LedgerWrite['kind'], points: number): string | undefined {
  if (!Number.isSafeInteger(points) || points === 0) return 'points must be a whole number other than 0';
  if (kind === 'earned' && points < 0) return 'earned points are positive';
  if ((kind === 'redeemed' || kind === 'expired') && points > 0) return `${kind} points are negative`;
  return undefined;
}

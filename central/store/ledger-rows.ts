/**
 * Ledger rows as both stores read them (snake_case columns, NULL for absent), and the
 * ledger's rules as plain functions (a re-sent write, a balance that would go below 0, a
 * reversal): shared by sqlite-ledger.ts and pg/pg-ledger.ts so both answer alike; the
 * stores only read and write rows.
 */
import type { LedgerEntry, LedgerOutcome, LedgerReversal, LedgerWrite } from './ledger-store.ts';

export interface LedgerRow {
  id: number;
  request_id: string;
  volunteer_id: string;
  kind: LedgerEntry['kind'];
  points: number;
  balance_after: number;
  at: string;
  session_id: string | null;
  reverses_id: number | null;
  redemption_id: string | null;
  actor: string | null;
  reason: string | null;
}

export function entryFromRow(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    requestId: row.request_id,
    volunteerId: row.volunteer_id,
    kind: row.kind,
    points: row.points,
    balanceAfter: row.balance_after,
    at: row.at,
    ...(row.session_id !== null ? { sessionId: row.session_id } : {}),
    ...(row.reverses_id !== null ? { reversesId: row.reverses_id } : {}),
    ...(row.redemption_id !== null ? { redemptionId: row.redemption_id } : {}),
    ...(row.actor !== null ? { actor: row.actor } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/** Same write as the stored entry? Compared on what the write decides, not on its time. Both stores use it. */
export function sameLedgerWrite(entry: LedgerEntry, write: { volunteerId: string; kind: string; points?: number; reversesId?: number }): boolean {
  return entry.volunteerId === write.volunteerId && entry.kind === write.kind && (write.points === undefined || entry.points === write.points) && (write.reversesId === undefined || entry.reversesId === write.reversesId);
}

/** The answer to a write whose request id is already stored: the entry again, or a refusal. */
export function repeatedAppend(stored: LedgerEntry, write: LedgerWrite): LedgerOutcome {
  return sameLedgerWrite(stored, write) ? { ok: true, entry: stored, repeated: true } : { ok: false, reason: 'request-id-reused' };
}

export function repeatedReversal(stored: LedgerEntry, reversal: LedgerReversal): LedgerOutcome {
  return stored.kind === 'reversed' && stored.reversesId === reversal.entryId ? { ok: true, entry: stored, repeated: true } : { ok: false, reason: 'request-id-reused' };
}

/** What a new entry would leave, or why it is refused; `balance` undefined: no such volunteer. */
export function balanceAfter(points: number, balance: number | undefined): { ok: true; after: number } | { ok: false; refusal: LedgerOutcome } {
  if (balance === undefined) return { ok: false, refusal: { ok: false, reason: 'unknown-volunteer' } };
  const after = balance + points;
  return after < 0 ? { ok: false, refusal: { ok: false, reason: 'insufficient-points', balance } } : { ok: true, after };
}

/** Why `target` may not be reversed, if it may not. */
export function reversalRefusal(target: LedgerEntry, alreadyReversed: boolean): LedgerOutcome | undefined {
  if (target.kind === 'reversed') return { ok: false, reason: 'not-reversible' };
  if (alreadyReversed) return { ok: false, reason: 'already-reversed' };
  return undefined;
}

/** The entry that undoes `target`: its points negated, naming it (and its redemption). */
export function reversalEntryOf(reversal: LedgerReversal, target: LedgerEntry): Omit<LedgerEntry, 'id' | 'balanceAfter'> {
  return {
    requestId: reversal.requestId,
    volunteerId: target.volunteerId,
    kind: 'reversed',
    points: -target.points,
    at: reversal.at,
    reversesId: target.id,
    ...(target.redemptionId !== undefined ? { redemptionId: target.redemptionId } : {}),
    actor: reversal.actor,
    reason: reversal.reason,
  };
}

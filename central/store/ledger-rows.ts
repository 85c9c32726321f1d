/**
 * Ledger rows as both stores read them (snake_case columns, NULL for absent), and the
 * rule that decides whether a re-sent write is the same write: shared by sqlite-ledger.ts
 * and pg/pg-ledger.ts so the two stores answer a retried request alike.
 */
import type { LedgerEntry } from './ledger-store.ts';

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

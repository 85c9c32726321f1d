/**
 * The SQLite points ledger (ledger-store.ts). `appendInTx` and `reverseInTx` run inside
 * the caller's transaction, so a session close, a redemption or a review decision and
 * its ledger entry commit together or not at all; the async LedgerStore methods wrap
 * them in a transaction of their own. `volunteers.points` is a cache of the balance,
 * written in the same statement group as each entry.
 */
import type Database from 'better-sqlite3';
import { signProblem, type LedgerEntry, type LedgerOutcome, type LedgerPage, type LedgerReversal, type LedgerStore, type LedgerWrite } from './ledger-store.ts';
import { balanceAfter, entryFromRow, repeatedAppend, repeatedReversal, reversalEntryOf, reversalRefusal, type LedgerRow } from './ledger-rows.ts';

export type SqliteLedger = ReturnType<typeof createSqliteLedger>;

export function createSqliteLedger(db: Database.Database) {
  const s = {
    byRequest: db.prepare<[string], LedgerRow>('SELECT * FROM ledger_entries WHERE request_id = ?'),
    byId: db.prepare<[number], LedgerRow>('SELECT * FROM ledger_entries WHERE id = ?'),
    reversalOf: db.prepare<[number], { id: number }>('SELECT id FROM ledger_entries WHERE reverses_id = ?'),
    balance: db.prepare<[string], { points: number }>('SELECT points FROM volunteers WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO ledger_entries (request_id, volunteer_id, kind, points, balance_after, at, session_id, reverses_id, redemption_id, actor, reason)
       VALUES (@requestId, @volunteerId, @kind, @points, @balanceAfter, @at, @sessionId, @reversesId, @redemptionId, @actor, @reason)`,
    ),
    setBalance: db.prepare('UPDATE volunteers SET points = ? WHERE id = ?'),
    page: db.prepare<[string, number, number], LedgerRow>('SELECT * FROM ledger_entries WHERE volunteer_id = ? AND id < ? ORDER BY id DESC LIMIT ?'),
  };

  function insert(row: Omit<LedgerEntry, 'id' | 'balanceAfter'>, balanceAfter: number): LedgerEntry {
    const info = s.insert.run({
      requestId: row.requestId,
      volunteerId: row.volunteerId,
      kind: row.kind,
      points: row.points,
      balanceAfter,
      at: row.at,
      sessionId: row.sessionId ?? null,
      reversesId: row.reversesId ?? null,
      redemptionId: row.redemptionId ?? null,
      actor: row.actor ?? null,
      reason: row.reason ?? null,
    });
    s.setBalance.run(balanceAfter, row.volunteerId);
    return entryFromRow(s.byId.get(Number(info.lastInsertRowid))!);
  }

  function appendInTx(write: LedgerWrite): LedgerOutcome {
    const stored = s.byRequest.get(write.requestId);
    if (stored) return repeatedAppend(entryFromRow(stored), write);
    if (signProblem(write.kind, write.points)) return { ok: false, reason: 'invalid-points' };
    const next = balanceAfter(write.points, s.balance.get(write.volunteerId)?.points);
    return next.ok ? { ok: true, entry: insert(write, next.after), repeated: false } : next.refusal;
  }

  function reverseInTx(reversal: LedgerReversal): LedgerOutcome {
    const stored = s.byRequest.get(reversal.requestId);
    if (stored) return repeatedReversal(entryFromRow(stored), reversal);
    const targetRow = s.byId.get(reversal.entryId);
    if (!targetRow) return { ok: false, reason: 'unknown-entry' };
    const target = entryFromRow(targetRow);
    const refusal = reversalRefusal(target, s.reversalOf.get(target.id) !== undefined);
    if (refusal) return refusal;
    const entry = reversalEntryOf(reversal, target);
    const next = balanceAfter(entry.points, s.balance.get(target.volunteerId)?.points);
    return next.ok ? { ok: true, repeated: false, entry: insert(entry, next.after) } : next.refusal;
  }

  const store: LedgerStore = {
    append: async (write) => db.transaction(() => appendInTx(write)).immediate(),
    reverse: async (reversal) => db.transaction(() => reverseInTx(reversal)).immediate(),
    balance: async (volunteerId) => s.balance.get(volunteerId)?.points ?? 0,
    entries: async (volunteerId, options = {}): Promise<LedgerPage> => {
      const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
      const rows = s.page.all(volunteerId, options.beforeId ?? Number.MAX_SAFE_INTEGER, limit + 1);
      const entries = rows.slice(0, limit).map(entryFromRow);
      return rows.length > limit ? { entries, nextBeforeId: entries.at(-1)!.id } : { entries };
    },
    findByRequestId: async (requestId) => {
      const row = s.byRequest.get(requestId);
      return row ? entryFromRow(row) : undefined;
    },
  };

  return { appendInTx, reverseInTx, store };
}

/**
 * The SQLite points ledger (ledger-store.ts). `appendInTx` and `reverseInTx` run inside
 * the caller's transaction, so a session close, a redemption or a review decision and
 * its ledger entry commit together or not at all; the async LedgerStore methods wrap
 * them in a transaction of their own. `volunteers.points` is a cache of the balance,
 * written in the same statement group as each entry.
 */
import type Database from 'better-sqlite3';
import { signProblem, type LedgerEntry, type LedgerOutcome, type LedgerPage, type LedgerReversal, type LedgerStore, type LedgerWrite } from './ledger-store.ts';
import { entryFromRow, sameLedgerWrite, type LedgerRow } from './ledger-rows.ts';

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
    if (stored) {
      const entry = entryFromRow(stored);
      return sameLedgerWrite(entry, write) ? { ok: true, entry, repeated: true } : { ok: false, reason: 'request-id-reused' };
    }
    if (signProblem(write.kind, write.points)) return { ok: false, reason: 'invalid-points' };
    const current = s.balance.get(write.volunteerId);
    if (!current) return { ok: false, reason: 'unknown-volunteer' };
    const after = current.points + write.points;
    if (after < 0) return { ok: false, reason: 'insufficient-points', balance: current.points };
    return { ok: true, entry: insert(write, after), repeated: false };
  }

  function reverseInTx(reversal: LedgerReversal): LedgerOutcome {
    const stored = s.byRequest.get(reversal.requestId);
    if (stored) {
      const entry = entryFromRow(stored);
      return entry.kind === 'reversed' && entry.reversesId === reversal.entryId ? { ok: true, entry, repeated: true } : { ok: false, reason: 'request-id-reused' };
    }
    const targetRow = s.byId.get(reversal.entryId);
    if (!targetRow) return { ok: false, reason: 'unknown-entry' };
    const target = entryFromRow(targetRow);
    if (target.kind === 'reversed') return { ok: false, reason: 'not-reversible' };
    if (s.reversalOf.get(target.id)) return { ok: false, reason: 'already-reversed' };
    const current = s.balance.get(target.volunteerId)!.points;
    const after = current - target.points;
    if (after < 0) return { ok: false, reason: 'insufficient-points', balance: current };
    return {
      ok: true,
      repeated: false,
      entry: insert(
        {
          requestId: reversal.requestId,
          volunteerId: target.volunteerId,
          kind: 'reversed',
          points: -target.points,
          at: reversal.at,
          reversesId: target.id,
          ...(target.redemptionId !== undefined ? { redemptionId: target.redemptionId } : {}),
          actor: reversal.actor,
          reason: reversal.reason,
        },
        after,
      ),
    };
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

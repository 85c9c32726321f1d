/**
 * The PostgreSQL points ledger (ledger-store.ts), with the semantics of the SQLite one
 * (sqlite-ledger.ts): `appendInTx` and `reverseInTx` run inside the caller's transaction
 * (pg-tx.ts), so a session close, a redemption or a review decision and its ledger entry
 * commit together or not at all. `volunteers.points` caches the balance and is updated
 * with each entry: two replicas appending for one volunteer at once both write that row,
 * so SERIALIZABLE lets only one commit and the other is retried on the new balance.
 * The schema refuses edits, deletes and a negative balance (pg-core-schema.ts).
 */
import type pg from 'pg';
import { signProblem, type LedgerEntry, type LedgerOutcome, type LedgerPage, type LedgerReversal, type LedgerStore, type LedgerWrite } from '../ledger-store.ts';
import { balanceAfter, entryFromRow, repeatedAppend, repeatedReversal, reversalEntryOf, reversalRefusal, type LedgerRow } from '../ledger-rows.ts';
import { inTransaction, type PgTx } from './pg-tx.ts';

type Queryable = pg.Pool | PgTx;

async function entryByRequest(db: Queryable, requestId: string): Promise<LedgerEntry | undefined> {
  const { rows } = await db.query<LedgerRow>('SELECT * FROM ledger_entries WHERE request_id = $1', [requestId]);
  return rows[0] ? entryFromRow(rows[0]) : undefined;
}

async function balanceOf(db: Queryable, volunteerId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ points: number }>('SELECT points FROM volunteers WHERE id = $1', [volunteerId]);
  return rows[0]?.points;
}

async function insert(tx: PgTx, row: Omit<LedgerEntry, 'id' | 'balanceAfter'>, balanceAfter: number): Promise<LedgerEntry> {
  const { rows } = await tx.query<LedgerRow>(
    `INSERT INTO ledger_entries (request_id, volunteer_id, kind, points, balance_after, at, session_id, reverses_id, redemption_id, actor, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [row.requestId, row.volunteerId, row.kind, row.points, balanceAfter, row.at, row.sessionId ?? null, row.reversesId ?? null, row.redemptionId ?? null, row.actor ?? null, row.reason ?? null],
  );
  await tx.query('UPDATE volunteers SET points = $1 WHERE id = $2', [balanceAfter, row.volunteerId]);
  return entryFromRow(rows[0]!);
}

export type PgLedger = ReturnType<typeof createPgLedger>;

export function createPgLedger(pool: pg.Pool) {
  async function appendInTx(tx: PgTx, write: LedgerWrite): Promise<LedgerOutcome> {
    const stored = await entryByRequest(tx, write.requestId);
    if (stored) return repeatedAppend(stored, write);
    if (signProblem(write.kind, write.points)) return { ok: false, reason: 'invalid-points' };
    const next = balanceAfter(write.points, await balanceOf(tx, write.volunteerId));
    return next.ok ? { ok: true, entry: await insert(tx, write, next.after), repeated: false } : next.refusal;
  }

  async function reverseInTx(tx: PgTx, reversal: LedgerReversal): Promise<LedgerOutcome> {
    const stored = await entryByRequest(tx, reversal.requestId);
    if (stored) return repeatedReversal(stored, reversal);
    const { rows } = await tx.query<LedgerRow>('SELECT * FROM ledger_entries WHERE id = $1', [reversal.entryId]);
    if (!rows[0]) return { ok: false, reason: 'unknown-entry' };
    const target = entryFromRow(rows[0]);
    const already = await tx.query('SELECT 1 FROM ledger_entries WHERE reverses_id = $1', [target.id]);
    const refusal = reversalRefusal(target, (already.rowCount ?? 0) > 0);
    if (refusal) return refusal;
    const entry = reversalEntryOf(reversal, target);
    const next = balanceAfter(entry.points, await balanceOf(tx, target.volunteerId));
    return next.ok ? { ok: true, repeated: false, entry: await insert(tx, entry, next.after) } : next.refusal;
  }

  const store: LedgerStore = {
    append: (write) => inTransaction(pool, (tx) => appendInTx(tx, write)),
    reverse: (reversal) => inTransaction(pool, (tx) => reverseInTx(tx, reversal)),
    balance: async (volunteerId) => (await balanceOf(pool, volunteerId)) ?? 0,
    entries: async (volunteerId, options = {}): Promise<LedgerPage> => {
      const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
      const { rows } = await pool.query<LedgerRow>('SELECT * FROM ledger_entries WHERE volunteer_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3', [
        volunteerId,
        options.beforeId ?? Number.MAX_SAFE_INTEGER,
        limit + 1,
      ]);
      const entries = rows.slice(0, limit).map(entryFromRow);
      return rows.length > limit ? { entries, nextBeforeId: entries.at(-1)!.id } : { entries };
    },
    findByRequestId: (requestId) => entryByRequest(pool, requestId),
  };

  return { appendInTx, reverseInTx, store };
}

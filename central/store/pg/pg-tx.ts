/**
 * Every write of the PostgreSQL store runs in one SERIALIZABLE transaction (except
 * check-ins: READ COMMITTED with row locks, pg-checkin-locks.ts). PostgreSQL's
 * serializable snapshot isolation guarantees that the committed transactions have the
 * effect of some one-at-a-time order, so the read-then-write rules (pair a tap with the
 * open session, one open session per volunteer, a balance that never goes below 0, stock)
 * hold across replicas exactly as they do in SQLite's single writer. The price is that
 * PostgreSQL may abort a transaction with 40001 (serialization failure) or 40P01
 * (deadlock); we then run the whole function again. `fn` must therefore have no effect
 * outside the database (no publishing, no counters) — do those after it returns.
 */
import type pg from 'pg';

export type PgTx = pg.PoolClient;

/** SQLSTATEs after which running the same transaction again is safe and may succeed. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 10;

/**
 * Unique indexes that encode a rule the store checks by reading first ("is a session
 * open?"). PostgreSQL documents that two overlapping SERIALIZABLE transactions may still
 * meet as a unique violation (23505) rather than a serialization failure: both read
 * "none", both insert, and the second insert hits the index (PostgreSQL manual,
 * "Serializable Isolation Level"). For these indexes that is a lost race, not bad data:
 * the retry reads the winner's row and takes the other branch. Any other 23505 is a bug
 * and is thrown at once.
 */
const RULE_INDEXES = new Set([
  'sessions_one_open_per_volunteer',
  'star_applications_one_pending',
  // A ledger write looks up its request id first (the same id again returns the stored entry).
  'ledger_entries_request_id_key',
  'ledger_entries_one_reversal',
  'seq_gaps_pkey',
  'cards_pkey',
]);

/** Lets another part of the store (shop, phone) name its own check-first unique indexes. */
export function registerRuleIndexes(...names: string[]): void {
  for (const name of names) RULE_INDEXES.add(name);
}

export function isRetryableTxError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return false;
  return RETRYABLE.has(code) || (code === '23505' && typeof constraint === 'string' && RULE_INDEXES.has(constraint));
}

/** Full jitter on an exponential base: 2, 4, 8 … ms, capped at 200 ms. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(200, 2 ** attempt);
}

/**
 * SERIALIZABLE unless a caller proves its rules with explicit row locks instead: the
 * check-in path runs at READ COMMITTED and locks the volunteer and station rows it will
 * change first, in one order (pg-checkin-locks.ts, docs/architecture.md).
 */
export type Isolation = 'SERIALIZABLE' | 'READ COMMITTED';

export async function inTransaction<T>(pool: pg.Pool, fn: (tx: PgTx) => Promise<T>, isolation: Isolation = 'SERIALIZABLE'): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const tx = await pool.connect();
    let broken = false;
    try {
      await tx.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const value = await fn(tx);
      await tx.query('COMMIT');
      return value;
    } catch (error) {
      try {
        await tx.query('ROLLBACK');
      } catch {
        // The connection itself is gone: give it back as broken so the pool drops it.
        broken = true;
      }
      if (!isRetryableTxError(error) || attempt >= MAX_ATTEMPTS) throw error;
    } finally {
      tx.release(broken);
    }
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
  }
}

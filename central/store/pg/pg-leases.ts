/** The PostgreSQL lease table (lease-store.ts): lapse judged by the database server's clock. */
import type pg from 'pg';
import { holdLeaseSql, type LeaseStore } from '../lease-store.ts';

/** Milliseconds since 1970 by the server's clock at this statement (not the transaction's start). */
const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

export const PG_LEASES_SCHEMA = `
  CREATE TABLE job_leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    expires_at_ms bigint NOT NULL
  );
`;

export function createPgLeases(pool: pg.Pool): LeaseStore {
  const holdSql = holdLeaseSql(NOW_MS, (n) => `$${n}`);
  return {
    // One statement, autocommit: an upsert on one row needs no retry loop (a concurrent
    // insert of the same name waits for the other's commit, then takes the conflict path).
    hold: async (name, holder, ttlMs) => ((await pool.query(holdSql, [name, holder, Math.round(ttlMs)])).rowCount ?? 0) > 0,
    release: async (name, holder) => {
      await pool.query('DELETE FROM job_leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
  };
}

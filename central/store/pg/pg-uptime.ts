/** The PostgreSQL uptime transitions (uptime-store.ts). */
import type pg from 'pg';
import { transitionOf, transitionsSql, UPTIME_COLUMNS, uptimeSchema, type UptimeStore, type UptimeTransitionRow } from '../uptime-store.ts';
import { inTransaction } from './pg-tx.ts';

export const PG_UPTIME_SCHEMA = uptimeSchema('pg');

export function createPgUptime(pool: pg.Pool): UptimeStore {
  return {
    // SERIALIZABLE (pg-tx.ts): two replicas recording the same change append it once.
    recordTransition: (t) =>
      inTransaction(pool, async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO uptime_transitions (${UPTIME_COLUMNS})
           SELECT $1, $2, $3, $4, GREATEST($5::bigint, COALESCE(latest.at_ms, $5::bigint))
           FROM (SELECT 1) one LEFT JOIN (SELECT state, at_ms FROM uptime_transitions WHERE device_kind = $1 AND device_id = $2 ORDER BY at_ms DESC, id DESC LIMIT 1) latest ON true
           WHERE latest.state IS NULL OR latest.state <> $4`,
          [t.deviceKind, t.deviceId, t.siteId, t.state, t.atMs],
        );
        return inserted.rowCount === 1;
      }),
    transitionsFor: async ({ fromMs, toMs, siteIds }) =>
      (await pool.query<UptimeTransitionRow>(transitionsSql((i) => `$${i}`, siteIds?.length), [fromMs, toMs, ...(siteIds ?? [])])).rows.map(transitionOf),
  };
}

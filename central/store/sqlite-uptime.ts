/** The SQLite uptime transitions (uptime-store.ts). */
import type Database from 'better-sqlite3';
import { transitionOf, transitionsSql, UPTIME_COLUMNS, type UptimeStore, type UptimeTransitionRow } from './uptime-store.ts';

export function createSqliteUptime(db: Database.Database): UptimeStore {
  // One statement reads the device's latest row and appends only on a change, at no earlier time.
  const record = db.prepare(`
    INSERT INTO uptime_transitions (${UPTIME_COLUMNS})
    SELECT @kind, @id, @site, @state, MAX(@at, COALESCE(latest.at_ms, @at))
    FROM (SELECT 1) LEFT JOIN (SELECT state, at_ms FROM uptime_transitions WHERE device_kind = @kind AND device_id = @id ORDER BY at_ms DESC, id DESC LIMIT 1) latest ON 1 = 1
    WHERE latest.state IS NULL OR latest.state <> @state`);
  return {
    recordTransition: async (t) => record.run({ kind: t.deviceKind, id: t.deviceId, site: t.siteId, state: t.state, at: t.atMs }).changes === 1,
    transitionsFor: async ({ fromMs, toMs, siteIds }) => {
      const params: Record<string, string | number> = { p1: fromMs, p2: toMs };
      siteIds?.forEach((site, i) => (params[`p${i + 3}`] = site));
      return db
        .prepare<[Record<string, string | number>], UptimeTransitionRow>(transitionsSql((i) => `@p${i}`, siteIds?.length))
        .all(params)
        .map(transitionOf);
    },
  };
}

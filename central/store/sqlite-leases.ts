/** The SQLite lease table (lease-store.ts): one central process per file, but the same rules as PostgreSQL. */
import type Database from 'better-sqlite3';
import { holdLeaseSql, type LeaseStore } from './lease-store.ts';

/** Milliseconds since 1970 by SQLite's own clock. */
const NOW_MS = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)";

export function createSqliteLeases(db: Database.Database): LeaseStore {
  const hold = db.prepare<[string, string, number], { holder: string }>(holdLeaseSql(NOW_MS, () => '?'));
  const release = db.prepare<[string, string]>('DELETE FROM job_leases WHERE name = ? AND holder = ?');
  return {
    hold: async (name, holder, ttlMs) => hold.get(name, holder, Math.round(ttlMs)) !== undefined,
    release: async (name, holder) => {
      release.run(name, holder);
    },
  };
}

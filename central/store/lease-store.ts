/**
 * Leases for the work that must run on one replica at a time: auto-closing sessions at
 * the cutoff, expiring points, evaluating alerts. A holder keeps its lease by renewing it
 * before it lapses; a holder that dies stops renewing, the lease lapses, and another
 * replica takes it at its next try. Whether a lease has lapsed is judged by the store's
 * clock (PostgreSQL's, or this machine's for SQLite), never by the asking replica's, so
 * a replica with a wrong clock cannot steal a live lease.
 */
export interface LeaseStore {
  /** Takes or renews `name` for `holder`, for `ttlMs` from now; true if `holder` holds it afterwards. */
  hold(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a clean stop), so another replica need not wait for it to lapse. */
  release(name: string, holder: string): Promise<void>;
}

/** The SQL both stores run for `hold`: an upsert that only overwrites our own or a lapsed lease. */
export function holdLeaseSql(nowMsExpression: string, placeholder: (n: number) => string): string {
  return `INSERT INTO job_leases (name, holder, expires_at_ms) VALUES (${placeholder(1)}, ${placeholder(2)}, ${nowMsExpression} + ${placeholder(3)})
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
    WHERE job_leases.holder = excluded.holder OR job_leases.expires_at_ms <= ${nowMsExpression}
    RETURNING holder`;
}

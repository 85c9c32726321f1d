/**
 * The city-scale store: PostgreSQL through `pg` (node-postgres), one pool per process, so
 * several central replicas share one database. Every write is one SERIALIZABLE
 * transaction, retried on serialization failures (pg-tx.ts), except check-ins: READ
 * COMMITTED under explicit row locks (pg-checkin-locks.ts); reads use the pool directly.
 * Same contract as the SQLite store (test/central/store/store-contract.ts).
 */
import { createPgContentVersions } from './pg-content-versions.ts';
import type { ContentVersionStore } from '../content-version-store.ts';
import type { LeaseStore } from '../lease-store.ts';
import { createPgLeases } from './pg-leases.ts';
import { createPgDeskSessions } from './pg-desk-sessions.ts';
import type { DeskSessionStore } from '../desk-session-store.ts';
import type { AlertStore } from '../alert-store.ts';
import { createPgAlerts } from './pg-alerts.ts';
import { createPgUptime } from './pg-uptime.ts';
import type { UptimeStore } from '../uptime-store.ts';
import { createPgAlertSubscriptions } from './pg-alert-subscriptions.ts';
import type { AlertSubscriptionStore } from '../alert-subscription-store.ts';
import type { PlayStore } from '../play-store.ts';
import { createPgPlay } from './pg-play.ts';
import type { MediaStore } from '../media-store.ts';
import { createPgMedia } from './pg-media.ts';
import pg from 'pg';
import { StoreSchemaError } from '../../errors.ts';
import { cutoffAfter, type TimeBankRules } from '../../timebank/rules.ts';
import type { BankStore } from '../bank-store.ts';
import type { CentralStore, CheckInRequest, RecordOutcome, SeqGap, SessionQuery, SessionRecord, StationActivity, VolunteerRecord, VolunteerUpsertReport } from '../central-store.ts';
import type { CertificateStore } from '../certificate-store.ts';
import { openSessionFromRow, type OpenSessionRow } from '../checkin-recording.ts';
import type { LedgerStore } from '../ledger-store.ts';
import type { PhoneBindingStore } from '../phone-binding-store.ts';
import type { ReportStore } from '../report-store.ts';
import type { ReviewStore } from '../review-store.ts';
import { sessionFromRow, type SessionRow } from '../session-rows.ts';
import type { ShopStore } from '../shop-store.ts';
import { createPgBank } from './pg-bank.ts';
import { createPgCertificates } from './pg-certificates.ts';
import { createPgPhoneBindings } from './pg-phone-bindings.ts';
import { createPgReports } from './pg-reports.ts';
import { createPgCheckinRecorder, FIRST_REASON, type PgCheckinRecorder } from './pg-checkin-recorder.ts';
import { createPgLedger } from './pg-ledger.ts';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import { createPgReviews } from './pg-reviews.ts';
import { createPgShop } from './pg-shop.ts';
import { lockCheckInRows } from './pg-checkin-locks.ts';
import { inTransaction } from './pg-tx.ts';
import { createPgVolunteerWriter } from './pg-volunteers.ts';

// INT8 (bigint: ids, seqs, points) as a JS number: every value the store keeps is far
// below 2^53, and the contract compares numbers. Set once, for every pool of the process.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The advisory lock key under which migrate() runs: "vs-central" in ASCII, as a number. */
export const MIGRATION_LOCK_KEY = 0x76732d63656e74;

export class PgStore implements CentralStore {
  private recorder!: PgCheckinRecorder;
  private volunteers!: ReturnType<typeof createPgVolunteerWriter>;
  ledger!: LedgerStore;
  bank!: BankStore;
  // The sub-stores, all built in migrate().
  phone!: PhoneBindingStore;
  certificates!: CertificateStore;
  reports!: ReportStore;
  reviews!: ReviewStore;
  shop!: ShopStore;
  leases!: LeaseStore;
  desk!: DeskSessionStore;
  alerts!: AlertStore;
  uptime!: UptimeStore;
  alertSubscriptions!: AlertSubscriptionStore;
  play!: PlayStore;
  media!: MediaStore;
  contentVersions!: ContentVersionStore;

  /** Constructors only assign: use connect(). */
  constructor(readonly pool: pg.Pool) {}

  /** Opens a pool on `url` and checks it answers, so a wrong URL fails here with its reason. */
  static async connect(url: string, options: { max?: number } = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'volunteer-stations-central' });
    // An idle client losing its server (a restart, a failover) must not crash the process.
    pool.on('error', () => {});
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw new Error(`cannot reach the PostgreSQL store at ${redactUrl(url)}: ${(error as Error).message}; check store.url (or VS_CENTRAL_STORE_URL) and that the server is running`, { cause: error });
    }
    return new PgStore(pool);
  }

  /**
   * Applies the pending migrations once, even when several replicas start together: on
   * one connection, under a session advisory lock, each migration in its own transaction
   * with its version. A replica that waited on the lock finds nothing left to do.
   */
  async migrate(): Promise<number> {
    const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied_at text NOT NULL)');
        const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version');
        const current = rows[0]?.version ?? 0;
        if (current > latest) {
          throw new StoreSchemaError(`the database is at schema version ${current}, newer than this central service knows (${latest}); upgrade the service`);
        }
        for (const migration of PG_MIGRATIONS) {
          if (migration.version <= current) continue;
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [migration.version, new Date().toISOString()]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
    const ledger = createPgLedger(this.pool);
    this.ledger = ledger.store;
    const bank = createPgBank(this.pool, ledger);
    this.bank = bank.store;
    this.recorder = createPgCheckinRecorder(ledger, bank);
    this.volunteers = createPgVolunteerWriter(this.pool);
    this.phone = createPgPhoneBindings(this.pool);
    this.certificates = createPgCertificates(this.pool);
    this.reports = createPgReports(this.pool);
    this.shop = createPgShop(this.pool, ledger);
    this.leases = createPgLeases(this.pool);
    this.desk = createPgDeskSessions(this.pool);
    this.alerts = createPgAlerts(this.pool);
    this.uptime = createPgUptime(this.pool);
    this.alertSubscriptions = createPgAlertSubscriptions(this.pool);
    this.play = createPgPlay(this.pool);
    this.media = createPgMedia(this.pool);
    this.contentVersions = createPgContentVersions(this.pool);
    this.reviews = createPgReviews(this.pool, ledger);
    return latest;
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /**
   * READ COMMITTED with explicit row locks (pg-checkin-locks.ts), not SERIALIZABLE: two
   * replicas' batches share stations and volunteers all the time, and under SERIALIZABLE
   * one of them was rolled back and redone whole. Locked, the second waits for the rows it
   * shares and then reads what the first committed.
   */
  recordCheckIns(requests: readonly CheckInRequest[], rules: TimeBankRules, nowIso: string): Promise<RecordOutcome[]> {
    return inTransaction(
      this.pool,
      async (tx) => {
        await lockCheckInRows(tx, requests);
        const outcomes: RecordOutcome[] = [];
        for (const request of requests) outcomes.push(await this.recorder.record(tx, request, rules, nowIso));
        return outcomes;
      },
      'READ COMMITTED',
    );
  }

  async autoCloseDueSessions(rules: TimeBankRules, nowMs: number): Promise<number> {
    const nowIso = new Date(nowMs).toISOString();
    const openSessions = `SELECT s.id, s.started_at, ${FIRST_REASON} FROM sessions s WHERE s.ended_at IS NULL`;
    const { rows } = await this.pool.query<OpenSessionRow>(openSessions);
    const due = rows.map(openSessionFromRow).filter((session) => cutoffAfter(session.startedAtMs, rules) <= nowMs);
    let closed = 0;
    // One small transaction per session, so the job conflicts only with taps of that
    // volunteer; re-read inside it, since a tap or another replica may have closed it.
    for (const candidate of due) {
      closed += await inTransaction(this.pool, async (tx) => {
        const row = (await tx.query<OpenSessionRow>(`${openSessions} AND s.id = $1`, [candidate.id])).rows[0];
        if (!row) return 0;
        await this.recorder.closeAuto(tx, openSessionFromRow(row), rules, nowIso);
        return 1;
      });
    }
    return closed;
  }

  upsertVolunteers(volunteers: readonly VolunteerRecord[]): Promise<VolunteerUpsertReport> {
    return this.volunteers.upsert(volunteers, new Date().toISOString());
  }

  findVolunteer(id: string): Promise<VolunteerRecord | undefined> {
    return this.volunteers.find(id);
  }

  async listSessions(query: SessionQuery): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<SessionRow>(
      `SELECT s.*, v.name AS volunteer_name,
         (SELECT string_agg(f.reason, ',' ORDER BY f.id) FROM session_review_flags f WHERE f.session_id = s.id) AS review_reasons
       FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id
       WHERE s.local_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR s.volunteer_id = $3) AND ($4::text IS NULL OR s.station_id = $4)
       ORDER BY s.started_at, s.id`,
      [query.fromDate, query.toDate, query.volunteerId ?? null, query.stationId ?? null],
    );
    return rows.map(sessionFromRow);
  }

  async listSeqGaps(stationId?: string): Promise<SeqGap[]> {
    const { rows } = await this.pool.query<SeqGap>(
      `SELECT station_id AS "stationId", from_seq AS "fromSeq", to_seq AS "toSeq", detected_at AS "detectedAt" FROM seq_gaps
       WHERE ($1::text IS NULL OR station_id = $1) ORDER BY station_id, from_seq`,
      [stationId ?? null],
    );
    return rows;
  }

  async listStationActivity(): Promise<StationActivity[]> {
    const { rows } = await this.pool.query<StationActivity>('SELECT station_id AS "stationId", last_checkin_at AS "lastCheckInAt", max_seq AS "maxSeq" FROM station_seq ORDER BY station_id');
    return rows;
  }

  async getMeta(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'store.url (not a valid URL)';
  }
}

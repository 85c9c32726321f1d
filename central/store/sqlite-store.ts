/**
 * The embedded default store: SQLite via better-sqlite3, WAL, versioned migrations.
 * `synchronous = FULL`: a Result is published only after its check-in is durable, so a
 * power cut can never lose a check-in the agent already dropped from its outbox.
 */
import { createSqliteContentVersions } from './sqlite-content-versions.ts';
import type { ContentVersionStore } from './content-version-store.ts';
import Database from 'better-sqlite3';
import type { ReviewReason } from '../../shared/index.ts';
import { sessionFromRow, type SessionRow } from './session-rows.ts';
import { StoreSchemaError } from '../errors.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type {
  CentralStore,
  CheckInRequest,
  RecordOutcome,
  SeqGap,
  SessionQuery,
  SessionRecord,
  StationActivity,
  VolunteerRecord,
  VolunteerUpsertReport,
} from './central-store.ts';
import { preparePrivateDatabaseFile } from './private-files.ts';
import { openSessionFromRow } from './checkin-recording.ts';
import { createCheckinRecorder } from './sqlite-checkin-recorder.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { createVolunteerWriter } from './sqlite-volunteers.ts';
import type { PhoneBindingStore } from './phone-binding-store.ts';
import { createPhoneBindingStore } from './sqlite-phone-bindings.ts';
import type { LedgerStore } from './ledger-store.ts';
import { createSqliteLedger } from './sqlite-ledger.ts';
import type { BankStore } from './bank-store.ts';
import { createSqliteBank } from './sqlite-bank.ts';
import type { ShopStore } from './shop-store.ts';
import { createSqliteShop } from './sqlite-shop.ts';
import { cutoffAfter } from '../timebank/rules.ts';
import type { ReviewStore } from './review-store.ts';
import { createSqliteReviews } from './sqlite-reviews.ts';
import type { CertificateStore } from './certificate-store.ts';
import type { ReportStore } from './report-store.ts';
import { createSqliteCertificates } from './sqlite-certificates.ts';
import { createSqliteReports } from './sqlite-reports.ts';
import type { LeaseStore } from './lease-store.ts';
import { createSqliteLeases } from './sqlite-leases.ts';
import { createSqliteDeskSessions } from './sqlite-desk-sessions.ts';
import type { DeskSessionStore } from './desk-session-store.ts';
import type { AlertStore } from './alert-store.ts';
import { createSqliteAlerts } from './sqlite-alerts.ts';
import { createSqliteUptime } from './sqlite-uptime.ts';
import type { UptimeStore } from './uptime-store.ts';
import { createSqliteAlertSubscriptions } from './sqlite-alert-subscriptions.ts';
import type { AlertSubscriptionStore } from './alert-subscription-store.ts';
import type { PlayStore } from './play-store.ts';
import { createSqlitePlay } from './sqlite-play.ts';
import type { MediaStore } from './media-store.ts';
import { createSqliteMedia } from './sqlite-media.ts';

export const SQLITE_FILE_NAME = 'central.sqlite';

const WAL_SWITCH_TIMEOUT_MS = 5_000;

/**
 * Switching a new file to WAL takes the exclusive lock. A second process doing the same
 * at that moment (the demo's CLIs start side by side on a fresh data folder), or holding
 * the write lock, gets SQLITE_BUSY at once: SQLite skips its busy wait there, which could
 * deadlock. So it tries again, for as long as the busy timeout would have waited.
 */
function enableWal(db: Database.Database): void {
  const deadline = Date.now() + WAL_SWITCH_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      const busy = err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
      if (!busy || Date.now() > deadline) throw err;
      // Start-up only, before any other work: a blocking 25 ms pause is the simplest wait.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

export class SqliteStore implements CentralStore {
  private recorder!: ReturnType<typeof createCheckinRecorder>;
  private volunteers!: ReturnType<typeof createVolunteerWriter>;
  phone!: PhoneBindingStore;
  ledger!: LedgerStore;
  reviews!: ReviewStore;
  certificates!: CertificateStore;
  reports!: ReportStore;
  bank!: BankStore;
  shop!: ShopStore;
  leases!: LeaseStore;
  desk!: DeskSessionStore;
  alerts!: AlertStore;
  uptime!: UptimeStore;
  alertSubscriptions!: AlertSubscriptionStore;
  play!: PlayStore;
  media!: MediaStore;
  contentVersions!: ContentVersionStore;

  /** `file` is a path, or `:memory:` for tests. */
  constructor(private readonly db: Database.Database) {}

  /** The folder and the database files are private (0700/0600, private-files.ts). */
  static open(dataDir: string): SqliteStore {
    return new SqliteStore(new Database(preparePrivateDatabaseFile(dataDir, SQLITE_FILE_NAME)));
  }

  static inMemory(): SqliteStore {
    return new SqliteStore(new Database(':memory:'));
  }

  async migrate(): Promise<number> {
    enableWal(this.db);
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]?.version ?? 0;
    // One IMMEDIATE transaction that reads the version inside it: a second process
    // migrating the same file at once (an import while central starts) waits, then
    // finds nothing left to do, instead of creating the same tables twice.
    this.db.transaction(() => {
      const current = this.db.pragma('user_version', { simple: true }) as number;
      if (current > latest) {
        throw new StoreSchemaError(`the database is at schema version ${current}, newer than this central service knows (${latest}); upgrade the service`);
      }
      for (const migration of SQLITE_MIGRATIONS) {
        if (migration.version <= current) continue;
        this.db.exec(migration.sql);
        this.db.pragma(`user_version = ${migration.version}`);
      }
    }).immediate();
    const ledger = createSqliteLedger(this.db);
    this.ledger = ledger.store;
    const bank = createSqliteBank(this.db, ledger);
    this.bank = bank.store;
    this.recorder = createCheckinRecorder(this.db, ledger, bank);
    this.volunteers = createVolunteerWriter(this.db);
    this.phone = createPhoneBindingStore(this.db);
    this.reviews = createSqliteReviews(this.db, ledger);
    this.certificates = createSqliteCertificates(this.db);
    this.reports = createSqliteReports(this.db);
    this.shop = createSqliteShop(this.db, ledger);
    this.leases = createSqliteLeases(this.db);
    this.desk = createSqliteDeskSessions(this.db);
    this.alerts = createSqliteAlerts(this.db);
    this.uptime = createSqliteUptime(this.db);
    this.alertSubscriptions = createSqliteAlertSubscriptions(this.db);
    this.play = createSqlitePlay(this.db);
    this.media = createSqliteMedia(this.db);
    this.contentVersions = createSqliteContentVersions(this.db);
    return latest;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async recordCheckIns(requests: readonly CheckInRequest[], rules: TimeBankRules, nowIso: string): Promise<RecordOutcome[]> {
    return this.db.transaction(() => requests.map((request) => this.recorder.record(request, rules, nowIso))).immediate();
  }

  async autoCloseDueSessions(rules: TimeBankRules, nowMs: number): Promise<number> {
    const open = this.db
      .prepare<[], { id: string; started_at: string; review_reason: ReviewReason | null }>(
        `SELECT s.id, s.started_at, (SELECT f.reason FROM session_review_flags f WHERE f.session_id = s.id ORDER BY f.rowid LIMIT 1) AS review_reason
         FROM sessions s WHERE s.ended_at IS NULL`,
      )
      .all();
    const due = open.map(openSessionFromRow).filter((session) => cutoffAfter(session.startedAtMs, rules) <= nowMs);
    const nowIso = new Date(nowMs).toISOString();
    this.db.transaction(() => {
      for (const session of due) this.recorder.closeAuto(session, rules, null, nowIso);
    }).immediate();
    return due.length;
  }

  async upsertVolunteers(volunteers: readonly VolunteerRecord[]): Promise<VolunteerUpsertReport> {
    return this.volunteers.upsert(volunteers, new Date().toISOString());
  }

  async findVolunteer(id: string): Promise<VolunteerRecord | undefined> {
    return this.volunteers.find(id);
  }

  async listSessions(query: SessionQuery): Promise<SessionRecord[]> {
    const rows = this.db
      .prepare<[string, string, string | null, string | null, string | null, string | null], SessionRow>(
        `SELECT s.*, v.name AS volunteer_name,
           (SELECT group_concat(reason, ',') FROM (SELECT f.reason FROM session_review_flags f WHERE f.session_id = s.id ORDER BY f.rowid)) AS review_reasons
         FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id
         WHERE s.local_date BETWEEN ? AND ? AND (? IS NULL OR s.volunteer_id = ?) AND (? IS NULL OR s.station_id = ?)
         ORDER BY s.started_at, s.id`,
      )
      .all(query.fromDate, query.toDate, query.volunteerId ?? null, query.volunteerId ?? null, query.stationId ?? null, query.stationId ?? null);
    return rows.map(sessionFromRow);
  }

  async listSeqGaps(stationId?: string): Promise<SeqGap[]> {
    return this.db
      .prepare<[string | null, string | null], SeqGap>(
        `SELECT station_id AS stationId, from_seq AS fromSeq, to_seq AS toSeq, detected_at AS detectedAt FROM seq_gaps
         WHERE (? IS NULL OR station_id = ?) ORDER BY station_id, from_seq`,
      )
      .all(stationId ?? null, stationId ?? null);
  }

  async listStationActivity(): Promise<StationActivity[]> {
    return this.db
      .prepare<[], StationActivity>('SELECT station_id AS stationId, last_checkin_at AS lastCheckInAt, max_seq AS maxSeq FROM station_seq ORDER BY station_id')
      .all();
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}

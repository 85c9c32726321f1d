/**
 * Versioned schema of the SQLite store. `PRAGMA user_version` holds the applied
 * version; each migration runs once, in its own transaction. Append, never edit.
 */
import { deskSessionsSchema } from './desk-session-store.ts';
import { ALERT_ACK_MIGRATION } from './alert-history.ts';
import { alertsSchema } from './alert-store.ts';
import { CONTENT_VERSIONS_TABLE } from './content-version-store.ts';
import { uptimeSchema } from './uptime-store.ts';
import { alertSubscriptionsSchema } from './alert-subscription-store.ts';
import { playSchema } from './play-store.ts';
import { mediaSchema } from './media-store.ts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'volunteers, cards, check-ins with their Results, sessions, seq gaps, QR tokens',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE volunteers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        phone_hash TEXT,
        points INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE cards (uid TEXT PRIMARY KEY, volunteer_id TEXT NOT NULL REFERENCES volunteers(id));
      CREATE INDEX cards_by_volunteer ON cards(volunteer_id);
      -- Every check-in ever received, with the Result it was answered with (the evidence).
      CREATE TABLE checkins (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        seq INTEGER,
        method TEXT NOT NULL,
        card_uid TEXT,
        volunteer_id TEXT,
        at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        result TEXT NOT NULL
      );
      CREATE INDEX checkins_by_station ON checkins(station_id, at);
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        station_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        minutes INTEGER,
        points INTEGER,
        closed_by TEXT,
        needs_review INTEGER NOT NULL DEFAULT 0,
        open_checkin_id TEXT NOT NULL,
        close_checkin_id TEXT
      );
      CREATE UNIQUE INDEX sessions_one_open_per_volunteer ON sessions(volunteer_id) WHERE ended_at IS NULL;
      CREATE INDEX sessions_by_volunteer_date ON sessions(volunteer_id, local_date);
      CREATE INDEX sessions_by_date ON sessions(local_date);
      CREATE TABLE station_seq (station_id TEXT PRIMARY KEY, max_seq INTEGER NOT NULL, last_checkin_at TEXT NOT NULL);
      CREATE TABLE seq_gaps (
        station_id TEXT NOT NULL,
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL,
        detected_at TEXT NOT NULL,
        PRIMARY KEY (station_id, from_seq)
      );
      CREATE TABLE qr_tokens (
        token TEXT NOT NULL,
        volunteer_id TEXT NOT NULL,
        checkin_id TEXT NOT NULL,
        PRIMARY KEY (token, volunteer_id)
      );
    `,
  },
  {
    version: 2,
    description: 'phone identity: pairings, bindings, passkeys, WebAuthn challenges, attempt counters, audit log',
    sql: `
      -- A phone waiting to be linked; volunteer_id is as typed and may name nobody.
      CREATE TABLE phone_pairings (
        id TEXT PRIMARY KEY,
        volunteer_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        device_hash TEXT NOT NULL,
        code TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        checkin_id TEXT,
        choices TEXT,
        binding_id TEXT,
        settled_at_ms INTEGER
      );
      CREATE INDEX phone_pairings_waiting ON phone_pairings(station_id, volunteer_id) WHERE state = 'awaiting-tap';
      CREATE INDEX phone_pairings_offered ON phone_pairings(checkin_id) WHERE checkin_id IS NOT NULL;
      CREATE INDEX phone_pairings_by_device ON phone_pairings(device_hash, created_at_ms);
      -- A phone linked to a volunteer: the device cookie's hash, and a passkey if it has one.
      CREATE TABLE phone_bindings (
        id TEXT PRIMARY KEY,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        device_hash TEXT NOT NULL,
        credential TEXT NOT NULL,
        station_id TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        last_used_at_ms INTEGER,
        revoked_at_ms INTEGER,
        revoked_by TEXT,
        revoke_reason TEXT
      );
      CREATE UNIQUE INDEX phone_bindings_one_per_device ON phone_bindings(device_hash) WHERE revoked_at_ms IS NULL;
      CREATE INDEX phone_bindings_by_volunteer ON phone_bindings(volunteer_id);
      CREATE TABLE phone_passkeys (
        credential_id TEXT PRIMARY KEY,
        binding_id TEXT NOT NULL REFERENCES phone_bindings(id),
        public_key BLOB NOT NULL,
        counter INTEGER NOT NULL,
        transports TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      );
      CREATE INDEX phone_passkeys_by_binding ON phone_passkeys(binding_id);
      CREATE TABLE webauthn_challenges (
        challenge TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        device_hash TEXT NOT NULL,
        binding_id TEXT,
        expires_at_ms INTEGER NOT NULL
      );
      -- Failed phone attempts per client address, station and volunteer number, shared by replicas.
      CREATE TABLE attempt_counters (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        window_start_ms INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        blocked_until_ms INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        volunteer_id TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_volunteer ON audit_log(volunteer_id, id);
    `,
  },
  {
    version: 3,
    description: 'review holds per session and reason (protocol v2 trusted times); sessions opened in the future are closed for review',
    sql: `
      CREATE TABLE session_review_flags (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        reason TEXT NOT NULL,
        checkin_id TEXT,
        flagged_at TEXT NOT NULL,
        PRIMARY KEY (session_id, reason)
      );
      INSERT INTO session_review_flags (session_id, reason, checkin_id, flagged_at)
        SELECT id, 'auto-cutoff', close_checkin_id, ended_at FROM sessions WHERE closed_by = 'auto-cutoff';
      -- Before v2 a CheckIn dated in the future (e.g. 2030) opened a session that made every
      -- later real tap a duplicate. Close such sessions with nothing credited, for review.
      INSERT INTO session_review_flags (session_id, reason, checkin_id, flagged_at)
        SELECT id, 'clock-ahead', open_checkin_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM sessions
        WHERE ended_at IS NULL AND started_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+2 minutes');
      UPDATE sessions SET ended_at = started_at, minutes = 0, points = 0, closed_by = 'clock-rule', needs_review = 1
        WHERE ended_at IS NULL AND started_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+2 minutes');
    `,
  },
  {
    version: 4,
    description: 'no phone numbers: drop the phone hashes and the key that made them (nothing read them)',
    // secure_delete zeroes the freed bytes, so neither the hashes nor the key stay behind in free pages.
    sql: `
      PRAGMA secure_delete = ON;
      DELETE FROM meta WHERE key = 'phone-hash-key';
      ALTER TABLE volunteers DROP COLUMN phone_hash;
    `,
  },
  {
    version: 5,
    description: 'time bank: the append-only points ledger (earlier points become earned entries), a category per session, teams',
    sql: `
      CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL UNIQUE,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        kind TEXT NOT NULL CHECK (kind IN ('earned', 'adjusted', 'redeemed', 'reversed', 'expired')),
        points INTEGER NOT NULL CHECK (points <> 0),
        balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
        at TEXT NOT NULL,
        session_id TEXT REFERENCES sessions(id),
        reverses_id INTEGER REFERENCES ledger_entries(id),
        redemption_id TEXT,
        actor TEXT,
        reason TEXT
      );
      CREATE INDEX ledger_entries_by_volunteer ON ledger_entries(volunteer_id, id);
      CREATE UNIQUE INDEX ledger_entries_one_reversal ON ledger_entries(reverses_id) WHERE reverses_id IS NOT NULL;
      CREATE TRIGGER ledger_entries_never_edited BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are never edited; append a reversal'); END;
      CREATE TRIGGER ledger_entries_never_deleted BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are never deleted; append a reversal'); END;
      -- The points earned so far become earned entries, one per session, in the order earned.
      INSERT INTO ledger_entries (request_id, volunteer_id, kind, points, balance_after, at, session_id)
        SELECT 'earned:' || id, volunteer_id, 'earned', points,
               SUM(points) OVER (PARTITION BY volunteer_id ORDER BY ended_at, id ROWS UNBOUNDED PRECEDING), ended_at, id
        FROM sessions WHERE points > 0 ORDER BY ended_at, id;
      UPDATE volunteers SET points = COALESCE((SELECT SUM(points) FROM ledger_entries l WHERE l.volunteer_id = volunteers.id), 0);
      ALTER TABLE sessions ADD COLUMN category TEXT;
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        leader_volunteer_id TEXT REFERENCES volunteers(id)
      );
      ALTER TABLE volunteers ADD COLUMN team_id TEXT REFERENCES teams(id);
    `,
  },
  {
    version: 6,
    description: 'time bank: awarded stars, star applications, indexes for the passbook and team figures',
    sql: `
      CREATE TABLE volunteer_stars (
        volunteer_id TEXT PRIMARY KEY REFERENCES volunteers(id),
        star INTEGER NOT NULL CHECK (star BETWEEN 1 AND 5),
        awarded_at TEXT NOT NULL,
        awarded_by TEXT NOT NULL,
        application_id TEXT
      );
      CREATE TABLE star_applications (
        id TEXT PRIMARY KEY,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        star INTEGER NOT NULL CHECK (star BETWEEN 1 AND 5),
        minutes INTEGER NOT NULL,
        applied_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
        decided_at TEXT,
        decided_by TEXT,
        reason TEXT
      );
      CREATE UNIQUE INDEX star_applications_one_pending ON star_applications(volunteer_id) WHERE status = 'pending';
      CREATE INDEX star_applications_by_time ON star_applications(applied_at);
      CREATE INDEX sessions_by_volunteer_start ON sessions(volunteer_id, started_at);
      -- Covers the service record (hours by category and month) without reading the table.
      CREATE INDEX sessions_service_record ON sessions(volunteer_id, needs_review, ended_at, category, local_date, minutes);
      CREATE INDEX volunteers_by_team ON volunteers(team_id);
    `,
  },
  {
    version: 7,
    description: 'rewards shop: catalogue items with stock per site, redemptions (reservations and hand-overs), the shop audit and request-id log',
    sql: `
      CREATE TABLE shop_items (
        site_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        price INTEGER NOT NULL CHECK (price > 0),
        photo TEXT,
        monthly_limit INTEGER CHECK (monthly_limit IS NULL OR monthly_limit > 0),
        active INTEGER NOT NULL DEFAULT 1,
        stock INTEGER NOT NULL CHECK (stock >= 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (site_id, id)
      );
      CREATE TABLE shop_redemptions (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        site_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_name_zh TEXT NOT NULL,
        item_name_en TEXT NOT NULL,
        price INTEGER NOT NULL,
        local_month TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('reserved', 'handed-over', 'expired', 'cancelled', 'reversed')),
        code TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        handed_over_at TEXT,
        handed_over_by TEXT,
        closed_at TEXT,
        closed_by TEXT,
        reason TEXT,
        debit_entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
        refund_entry_id INTEGER REFERENCES ledger_entries(id),
        FOREIGN KEY (site_id, item_id) REFERENCES shop_items(site_id, id)
      );
      -- A code names one pending reservation per site; it may come round again later.
      CREATE UNIQUE INDEX shop_pending_codes ON shop_redemptions(site_id, code) WHERE state = 'reserved';
      CREATE INDEX shop_redemptions_by_volunteer ON shop_redemptions(volunteer_id, item_id, local_month);
      CREATE INDEX shop_redemptions_due ON shop_redemptions(expires_at) WHERE state = 'reserved';
      -- Every shop write by its client request id (exactly once) and the audit of who did what.
      CREATE TABLE shop_events (
        request_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        site_id TEXT NOT NULL,
        item_id TEXT,
        redemption_id TEXT REFERENCES shop_redemptions(id),
        actor TEXT,
        reason TEXT,
        detail TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX shop_events_by_site ON shop_events(site_id, at);
    `,
  },
  {
    version: 8,
    description: 'time bank reviews: corrections volunteers ask for, and one decision per review item (who, when, old -> new, why)',
    sql: `
      CREATE TABLE correction_requests (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        kind TEXT NOT NULL CHECK (kind IN ('missing-checkout', 'wrong-end-time', 'missing-session')),
        session_id TEXT REFERENCES sessions(id),
        station_id TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT NOT NULL,
        note TEXT,
        requested_at TEXT NOT NULL,
        -- 'phone' (the volunteer's own), or 'manager:NAME' entering a paper request.
        requested_by TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'credited', 'declined'))
      );
      CREATE INDEX correction_requests_by_volunteer ON correction_requests(volunteer_id, requested_at);
      CREATE INDEX correction_requests_by_state ON correction_requests(state, requested_at);
      CREATE INDEX correction_requests_by_session ON correction_requests(session_id);
      CREATE UNIQUE INDEX correction_requests_one_pending_per_session ON correction_requests(session_id) WHERE state = 'pending' AND session_id IS NOT NULL;
      -- One row per decided item: the primary key is the compare-and-set of "decided once".
      CREATE TABLE review_decisions (
        item_id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        session_id TEXT REFERENCES sessions(id),
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        outcome TEXT NOT NULL CHECK (outcome IN ('credited', 'declined')),
        actor TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        old_ended_at TEXT,
        new_ended_at TEXT,
        old_minutes INTEGER,
        new_minutes INTEGER,
        old_points INTEGER,
        new_points INTEGER,
        ledger_entry_id INTEGER REFERENCES ledger_entries(id)
      );
      CREATE INDEX review_decisions_by_session ON review_decisions(session_id);
      CREATE TRIGGER review_decisions_never_edited BEFORE UPDATE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are never edited'); END;
      CREATE TRIGGER review_decisions_never_deleted BEFORE DELETE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are never deleted'); END;
      CREATE INDEX sessions_held ON sessions(needs_review) WHERE needs_review = 1;
    `,
  },
  {
    version: 9,
    description: 'time bank: signed service certificates (never deleted; revoking records who, when, why), an index for the reports',
    sql: `
      CREATE TABLE certificates (
        id TEXT PRIMARY KEY,
        volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
        key_id TEXT NOT NULL,
        statement TEXT NOT NULL,
        signature TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        revoke_reason TEXT
      );
      CREATE INDEX certificates_by_volunteer ON certificates(volunteer_id, issued_at);
      CREATE TRIGGER certificates_never_deleted BEFORE DELETE ON certificates
        BEGIN SELECT RAISE(ABORT, 'certificates are never deleted; revoke them'); END;
      CREATE INDEX sessions_by_local_date ON sessions(local_date, station_id);
    `,
  },
  {
    version: 10,
    description: 'time bank: the published activity a phone checked in for, on the session it opened (its category is in sessions.category)',
    sql: `
      ALTER TABLE sessions ADD COLUMN activity_id TEXT;
    `,
  },
  {
    version: 11,
    description: 'replicas: leases for the work that runs on one replica at a time (lease-store.ts)',
    sql: `
      CREATE TABLE job_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 12,
    description: 'replicas: the card-only Redemption desk sessions, shared by every replica (desk-session-store.ts)',
    sql: deskSessionsSchema('INTEGER'),
  },
  {
    version: 13,
    description: 'alerts: episodes (one open per alert and device) and the webhook outbox (alert-store.ts)',
    sql: alertsSchema('sqlite'),
  },
  {
    version: 14,
    description: 'content: every publish of the content file as a version (who, when, the file, what changed)',
    sql: CONTENT_VERSIONS_TABLE('INTEGER'),
  },
  {
    version: 15,
    description: 'uptime: every state transition of every station and kiosk (uptime-store.ts)',
    sql: uptimeSchema('sqlite'),
  },
  {
    version: 16,
    description: 'alerts: who acknowledged an episode, when, and a note (alert-history.ts)',
    sql: ALERT_ACK_MIGRATION,
  },
  {
    version: 17,
    description: 'alerts: email subscriptions per manager account, with quiet hours and the last daily digest (alert-subscription-store.ts)',
    sql: alertSubscriptionsSchema('sqlite'),
  },
  {
    version: 18,
    description: 'proof of play: per kiosk and clock hour, the screens and content versions shown and for how long (play-store.ts)',
    sql: playSchema('sqlite'),
  },
  {
    version: 19,
    description: 'photos: every width of each uploaded photo, WebP, by media id (media-store.ts)',
    sql: mediaSchema('sqlite'),
  },
];

/**
 * DDL of the PostgreSQL store's core (migration 1): volunteers, cards, check-ins with
 * their Results, sessions and their review holds, seq tracking, QR tokens, the points
 * ledger, teams, stars and the audit log. Table and column names are those of the SQLite
 * schema after all its migrations (sqlite-migrations.ts), so `migrate-store` maps 1:1.
 * Differences, all deliberate:
 * - SQLite's AUTOINCREMENT keys are `bigint GENERATED ALWAYS AS IDENTITY`;
 * - `session_review_flags.id` is new: SQLite orders a session's reasons by rowid, which
 *   PostgreSQL does not have;
 * - times stay ISO strings in `text`, flags stay 0/1 integers, as the contract compares them.
 */

export const PG_CORE_SCHEMA = `
  -- Raises TG_ARGV[0]: for tables that are appended to and never edited or deleted.
  CREATE FUNCTION vs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END
  $$;

  CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE teams (
    id text PRIMARY KEY,
    name text NOT NULL,
    leader_volunteer_id text
  );
  CREATE TABLE volunteers (
    id text PRIMARY KEY,
    name text NOT NULL,
    points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
    updated_at text NOT NULL,
    team_id text REFERENCES teams(id)
  );
  ALTER TABLE teams ADD FOREIGN KEY (leader_volunteer_id) REFERENCES volunteers(id);
  CREATE INDEX volunteers_by_team ON volunteers(team_id);
  CREATE TABLE cards (uid text PRIMARY KEY, volunteer_id text NOT NULL REFERENCES volunteers(id));
  CREATE INDEX cards_by_volunteer ON cards(volunteer_id);
  -- Every check-in ever received, with the Result it was answered with (the evidence).
  CREATE TABLE checkins (
    id text PRIMARY KEY,
    station_id text NOT NULL,
    seq bigint,
    method text NOT NULL,
    card_uid text,
    volunteer_id text,
    at text NOT NULL,
    recorded_at text NOT NULL,
    result text NOT NULL
  );
  CREATE INDEX checkins_by_station ON checkins(station_id, at);
  CREATE TABLE sessions (
    id text PRIMARY KEY,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    station_id text NOT NULL,
    local_date text NOT NULL,
    started_at text NOT NULL,
    ended_at text,
    minutes integer,
    points integer,
    closed_by text,
    needs_review integer NOT NULL DEFAULT 0,
    open_checkin_id text NOT NULL,
    close_checkin_id text,
    category text
  );
  CREATE UNIQUE INDEX sessions_one_open_per_volunteer ON sessions(volunteer_id) WHERE ended_at IS NULL;
  CREATE INDEX sessions_by_volunteer_date ON sessions(volunteer_id, local_date);
  CREATE INDEX sessions_by_date ON sessions(local_date);
  CREATE INDEX sessions_by_volunteer_start ON sessions(volunteer_id, started_at);
  CREATE INDEX sessions_service_record ON sessions(volunteer_id, needs_review, ended_at, category, local_date, minutes);
  CREATE INDEX sessions_held ON sessions(needs_review) WHERE needs_review = 1;
  CREATE INDEX sessions_by_local_date ON sessions(local_date, station_id);
  CREATE TABLE session_review_flags (
    id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    session_id text NOT NULL REFERENCES sessions(id),
    reason text NOT NULL,
    checkin_id text,
    flagged_at text NOT NULL,
    PRIMARY KEY (session_id, reason)
  );
  CREATE TABLE station_seq (station_id text PRIMARY KEY, max_seq bigint NOT NULL, last_checkin_at text NOT NULL);
  CREATE TABLE seq_gaps (
    station_id text NOT NULL,
    from_seq bigint NOT NULL,
    to_seq bigint NOT NULL,
    detected_at text NOT NULL,
    PRIMARY KEY (station_id, from_seq)
  );
  CREATE TABLE qr_tokens (
    token text NOT NULL,
    volunteer_id text NOT NULL,
    checkin_id text NOT NULL,
    PRIMARY KEY (token, volunteer_id)
  );
  CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    volunteer_id text,
    detail text NOT NULL
  );
  CREATE INDEX audit_log_by_volunteer ON audit_log(volunteer_id, id);

  CREATE TABLE ledger_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id text NOT NULL UNIQUE,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    kind text NOT NULL CHECK (kind IN ('earned', 'adjusted', 'redeemed', 'reversed', 'expired')),
    points bigint NOT NULL CHECK (points <> 0),
    balance_after bigint NOT NULL CHECK (balance_after >= 0),
    at text NOT NULL,
    session_id text REFERENCES sessions(id),
    reverses_id bigint REFERENCES ledger_entries(id),
    redemption_id text,
    actor text,
    reason text
  );
  CREATE INDEX ledger_entries_by_volunteer ON ledger_entries(volunteer_id, id);
  CREATE UNIQUE INDEX ledger_entries_one_reversal ON ledger_entries(reverses_id) WHERE reverses_id IS NOT NULL;
  CREATE TRIGGER ledger_entries_never_edited BEFORE UPDATE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION vs_refuse_change('ledger entries are never edited; append a reversal');
  CREATE TRIGGER ledger_entries_never_deleted BEFORE DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION vs_refuse_change('ledger entries are never deleted; append a reversal');
  CREATE TRIGGER ledger_entries_never_truncated BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION vs_refuse_change('ledger entries are never deleted; append a reversal');

  CREATE TABLE volunteer_stars (
    volunteer_id text PRIMARY KEY REFERENCES volunteers(id),
    star integer NOT NULL CHECK (star BETWEEN 1 AND 5),
    awarded_at text NOT NULL,
    awarded_by text NOT NULL,
    application_id text
  );
  CREATE TABLE star_applications (
    id text PRIMARY KEY,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    star integer NOT NULL CHECK (star BETWEEN 1 AND 5),
    minutes integer NOT NULL,
    applied_at text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    decided_at text,
    decided_by text,
    reason text
  );
  CREATE UNIQUE INDEX star_applications_one_pending ON star_applications(volunteer_id) WHERE status = 'pending';
  CREATE INDEX star_applications_by_time ON star_applications(applied_at);
`;

/**
 * DDL of the PostgreSQL store's rewards shop and review queue (migration 2). Table and
 * column names are those of SQLite migrations 7 and 8 (sqlite-migrations.ts), so
 * `migrate-store` maps 1:1. Differences, all deliberate:
 * - `shop_events.seq`, `correction_requests.seq` and `review_decisions.seq` are new:
 *   SQLite orders rows of one instant by rowid, which PostgreSQL does not have;
 * - ledger ids are `bigint`, as `ledger_entries.id` is (pg-core-schema.ts);
 * - times stay ISO strings in `text`, `active` stays a 0/1 integer, as the contract compares them.
 * The guards that keep stock and decisions right across replicas are the database's own:
 * `stock >= 0`, one pending code per site, one decision per item, decisions never edited.
 */

export const PG_SHOP_SCHEMA = `
  CREATE TABLE shop_items (
    site_id text NOT NULL,
    id text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    price integer NOT NULL CHECK (price > 0),
    photo text,
    monthly_limit integer CHECK (monthly_limit IS NULL OR monthly_limit > 0),
    active integer NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    stock integer NOT NULL CHECK (stock >= 0),
    updated_at text NOT NULL,
    PRIMARY KEY (site_id, id)
  );
  CREATE TABLE shop_redemptions (
    id text PRIMARY KEY,
    request_id text NOT NULL UNIQUE,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    site_id text NOT NULL,
    item_id text NOT NULL,
    item_name_zh text NOT NULL,
    item_name_en text NOT NULL,
    price integer NOT NULL,
    local_month text NOT NULL,
    state text NOT NULL CHECK (state IN ('reserved', 'handed-over', 'expired', 'cancelled', 'reversed')),
    code text,
    created_at text NOT NULL,
    expires_at text,
    handed_over_at text,
    handed_over_by text,
    closed_at text,
    closed_by text,
    reason text,
    debit_entry_id bigint NOT NULL REFERENCES ledger_entries(id),
    refund_entry_id bigint REFERENCES ledger_entries(id),
    FOREIGN KEY (site_id, item_id) REFERENCES shop_items(site_id, id)
  );
  -- A code names one pending reservation per site; it may come round again later.
  CREATE UNIQUE INDEX shop_pending_codes ON shop_redemptions(site_id, code) WHERE state = 'reserved';
  CREATE INDEX shop_redemptions_by_volunteer ON shop_redemptions(volunteer_id, item_id, local_month);
  CREATE INDEX shop_redemptions_due ON shop_redemptions(expires_at) WHERE state = 'reserved';
  CREATE INDEX shop_redemptions_by_code ON shop_redemptions(site_id, code, created_at);
  -- Every shop write by its client request id (exactly once) and the audit of who did what.
  CREATE TABLE shop_events (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    request_id text PRIMARY KEY,
    kind text NOT NULL,
    site_id text NOT NULL,
    item_id text,
    redemption_id text REFERENCES shop_redemptions(id),
    actor text,
    reason text,
    detail text,
    at text NOT NULL
  );
  CREATE INDEX shop_events_by_site ON shop_events(site_id, at);

  CREATE TABLE correction_requests (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text PRIMARY KEY,
    request_id text NOT NULL UNIQUE,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    kind text NOT NULL CHECK (kind IN ('missing-checkout', 'wrong-end-time', 'missing-session')),
    session_id text REFERENCES sessions(id),
    station_id text NOT NULL,
    started_at text,
    ended_at text NOT NULL,
    note text,
    requested_at text NOT NULL,
    -- 'phone' (the volunteer's own), or 'manager:NAME' entering a paper request.
    requested_by text NOT NULL,
    state text NOT NULL CHECK (state IN ('pending', 'credited', 'declined'))
  );
  CREATE INDEX correction_requests_by_volunteer ON correction_requests(volunteer_id, requested_at);
  CREATE INDEX correction_requests_by_state ON correction_requests(state, requested_at);
  CREATE INDEX correction_requests_by_session ON correction_requests(session_id);
  CREATE UNIQUE INDEX correction_requests_one_pending_per_session ON correction_requests(session_id) WHERE state = 'pending' AND session_id IS NOT NULL;
  -- One row per decided item: the primary key is the compare-and-set of "decided once".
  CREATE TABLE review_decisions (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    item_id text PRIMARY KEY,
    request_id text NOT NULL UNIQUE,
    session_id text REFERENCES sessions(id),
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    outcome text NOT NULL CHECK (outcome IN ('credited', 'declined')),
    actor text NOT NULL,
    decided_at text NOT NULL,
    reason text NOT NULL CHECK (length(reason) > 0),
    old_ended_at text,
    new_ended_at text,
    old_minutes integer,
    new_minutes integer,
    old_points integer,
    new_points integer,
    ledger_entry_id bigint REFERENCES ledger_entries(id)
  );
  CREATE INDEX review_decisions_by_session ON review_decisions(session_id);
  CREATE TRIGGER review_decisions_never_edited BEFORE UPDATE ON review_decisions
    FOR EACH ROW EXECUTE FUNCTION vs_refuse_change('review decisions are never edited');
  CREATE TRIGGER review_decisions_never_deleted BEFORE DELETE ON review_decisions
    FOR EACH ROW EXECUTE FUNCTION vs_refuse_change('review decisions are never deleted');
  CREATE TRIGGER review_decisions_never_truncated BEFORE TRUNCATE ON review_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION vs_refuse_change('review decisions are never deleted');
`;

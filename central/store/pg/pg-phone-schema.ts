/**
 * DDL of PostgreSQL migration 3: phone identity (pairings, bindings, passkeys, WebAuthn
 * challenges, failed-attempt counters) and signed certificates. The audit log they write
 * to is core (pg-core-schema.ts); the reports read sessions and need no table of their own.
 * Table and column names are those of SQLite migrations 2 and 9 (sqlite-migrations.ts), so
 * `migrate-store` maps 1:1. Differences, all deliberate:
 * - milliseconds since the epoch are `bigint` (they do not fit an `integer`);
 * - `phone_pairings.row_order` and `phone_bindings.row_order` are new: SQLite breaks ties of
 *   created_at_ms by rowid, which PostgreSQL does not have;
 * - the passkey's public key is `bytea` for SQLite's BLOB.
 */

export const PG_PHONE_SCHEMA = `
  -- A phone waiting to be linked; volunteer_id is as typed and may name nobody.
  CREATE TABLE phone_pairings (
    id text PRIMARY KEY,
    row_order bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    volunteer_id text NOT NULL,
    station_id text NOT NULL,
    device_hash text NOT NULL,
    code text NOT NULL,
    state text NOT NULL,
    created_at_ms bigint NOT NULL,
    expires_at_ms bigint NOT NULL,
    checkin_id text,
    choices text,
    binding_id text,
    settled_at_ms bigint
  );
  CREATE INDEX phone_pairings_waiting ON phone_pairings(station_id, volunteer_id) WHERE state = 'awaiting-tap';
  CREATE INDEX phone_pairings_offered ON phone_pairings(checkin_id) WHERE checkin_id IS NOT NULL;
  CREATE INDEX phone_pairings_by_device ON phone_pairings(device_hash, created_at_ms);
  -- A phone linked to a volunteer: the device cookie's hash, and a passkey if it has one.
  CREATE TABLE phone_bindings (
    id text PRIMARY KEY,
    row_order bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    device_hash text NOT NULL,
    credential text NOT NULL,
    station_id text NOT NULL,
    created_at_ms bigint NOT NULL,
    last_used_at_ms bigint,
    revoked_at_ms bigint,
    revoked_by text,
    revoke_reason text
  );
  CREATE UNIQUE INDEX phone_bindings_one_per_device ON phone_bindings(device_hash) WHERE revoked_at_ms IS NULL;
  CREATE INDEX phone_bindings_by_volunteer ON phone_bindings(volunteer_id);
  CREATE TABLE phone_passkeys (
    credential_id text PRIMARY KEY,
    binding_id text NOT NULL REFERENCES phone_bindings(id),
    public_key bytea NOT NULL,
    counter bigint NOT NULL,
    transports text NOT NULL,
    created_at_ms bigint NOT NULL
  );
  CREATE INDEX phone_passkeys_by_binding ON phone_passkeys(binding_id);
  CREATE TABLE webauthn_challenges (
    challenge text PRIMARY KEY,
    purpose text NOT NULL,
    device_hash text NOT NULL,
    binding_id text,
    expires_at_ms bigint NOT NULL
  );
  -- Failed phone attempts per client address, station and volunteer number, shared by replicas.
  CREATE TABLE attempt_counters (
    scope text NOT NULL,
    key text NOT NULL,
    window_start_ms bigint NOT NULL,
    failures integer NOT NULL,
    blocked_until_ms bigint NOT NULL,
    PRIMARY KEY (scope, key)
  );

  CREATE TABLE certificates (
    id text PRIMARY KEY,
    volunteer_id text NOT NULL REFERENCES volunteers(id),
    key_id text NOT NULL,
    statement text NOT NULL,
    signature text NOT NULL,
    issued_at text NOT NULL,
    revoked_at text,
    revoked_by text,
    revoke_reason text
  );
  CREATE INDEX certificates_by_volunteer ON certificates(volunteer_id, issued_at);
  CREATE TRIGGER certificates_never_deleted BEFORE DELETE ON certificates
    FOR EACH ROW EXECUTE FUNCTION vs_refuse_change('certificates are never deleted; revoke them');
  CREATE TRIGGER certificates_never_truncated BEFORE TRUNCATE ON certificates
    FOR EACH STATEMENT EXECUTE FUNCTION vs_refuse_change('certificates are never deleted; revoke them');
`;

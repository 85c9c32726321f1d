/**
 * Phone-identity rows as both stores read them (snake_case columns, NULL for absent), and
 * the decisions of PhoneBindingStore that are not SQL: which waiting pairings a new one
 * supersedes, whether a link stays within the phone limit, and the audit entries. Shared
 * by sqlite-phone-bindings.ts and pg/pg-phone-bindings.ts so the two stores decide alike.
 */
import type { PairingRecord, PairingState } from '../phone/pairing-rules.ts';
import type { AttemptCounter } from '../phone/attempt-rules.ts';
import type { AuditEntry, BindingRecord, ChallengePurpose, ChallengeRecord, PasskeyRecord } from './phone-binding-store.ts';

export interface PairingRow {
  id: string;
  volunteer_id: string;
  station_id: string;
  device_hash: string;
  code: string;
  state: PairingState;
  created_at_ms: number;
  expires_at_ms: number;
  checkin_id: string | null;
  choices: string | null;
  binding_id: string | null;
}

export interface BindingRow {
  id: string;
  volunteer_id: string;
  device_hash: string;
  credential: BindingRecord['credential'];
  station_id: string;
  created_at_ms: number;
  last_used_at_ms: number | null;
  revoked_at_ms: number | null;
  revoked_by: string | null;
  revoke_reason: BindingRecord['revokeReason'] | null;
}

export interface PasskeyRow {
  credential_id: string;
  binding_id: string;
  /** better-sqlite3 reads a BLOB and pg a bytea as a Buffer. */
  public_key: Buffer;
  counter: number;
  transports: string;
  created_at_ms: number;
}

export interface ChallengeRow {
  challenge: string;
  purpose: ChallengePurpose;
  device_hash: string;
  binding_id: string | null;
  expires_at_ms: number;
}

export interface CounterRow {
  window_start_ms: number;
  failures: number;
  blocked_until_ms: number;
}

export interface AuditRow {
  at: string;
  actor: string;
  action: AuditEntry['action'];
  volunteer_id: string | null;
  detail: string;
}

/** Settled pairings, idle counters and this old are pruned (prunePhoneState). */
export const PHONE_STATE_KEPT_MS = 86_400_000;

export function pairingFromRow(row: PairingRow): PairingRecord {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    stationId: row.station_id,
    deviceHash: row.device_hash,
    code: row.code,
    state: row.state,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
    ...(row.checkin_id !== null ? { checkinId: row.checkin_id } : {}),
    ...(row.choices !== null ? { choices: JSON.parse(row.choices) as string[] } : {}),
    ...(row.binding_id !== null ? { bindingId: row.binding_id } : {}),
  };
}

export function bindingFromRow(row: BindingRow): BindingRecord {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    deviceHash: row.device_hash,
    credential: row.credential,
    stationId: row.station_id,
    createdAtMs: row.created_at_ms,
    ...(row.last_used_at_ms !== null ? { lastUsedAtMs: row.last_used_at_ms } : {}),
    ...(row.revoked_at_ms !== null ? { revokedAtMs: row.revoked_at_ms } : {}),
    ...(row.revoked_by !== null ? { revokedBy: row.revoked_by } : {}),
    ...(row.revoke_reason !== null ? { revokeReason: row.revoke_reason } : {}),
  };
}

export function passkeyFromRow(row: PasskeyRow): PasskeyRecord {
  return {
    credentialId: row.credential_id,
    bindingId: row.binding_id,
    publicKey: new Uint8Array(row.public_key),
    counter: row.counter,
    transports: JSON.parse(row.transports) as string[],
    createdAtMs: row.created_at_ms,
  };
}

export function challengeFromRow(row: ChallengeRow): ChallengeRecord {
  return { challenge: row.challenge, purpose: row.purpose, deviceHash: row.device_hash, expiresAtMs: row.expires_at_ms, ...(row.binding_id !== null ? { bindingId: row.binding_id } : {}) };
}

export function counterFromRow(row: CounterRow | undefined): AttemptCounter | undefined {
  return row ? { windowStartMs: row.window_start_ms, failures: row.failures, blockedUntilMs: row.blocked_until_ms } : undefined;
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.volunteer_id !== null ? { volunteerId: row.volunteer_id } : {}),
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The audit_log columns of an entry, in the order (at, actor, action, volunteer_id, detail). */
export function auditColumns(entry: AuditEntry): [string, string, string, string | null, string] {
  return [entry.at, entry.actor, entry.action, entry.volunteerId ?? null, JSON.stringify(entry.detail)];
}

/**
 * The waiting pairings (`awaiting-tap`, oldest first) a new one for the same number and
 * station supersedes, so at most `maxWaiting` stay live with it.
 */
export function pairingsSupersededBy<T extends { expires_at_ms: number }>(waiting: readonly T[], maxWaiting: number, nowMs: number): T[] {
  const live = waiting.filter((p) => p.expires_at_ms > nowMs);
  return live.slice(0, Math.max(0, live.length - maxWaiting + 1));
}

/**
 * Whether linking the pairing's device would exceed `maxPhones`. A device re-linked (to the
 * same or another volunteer) gives up its old binding first, so that one does not count.
 */
export function linkExceedsLimit(input: { activeOfVolunteer: number; volunteerId: string; replaced: { volunteer_id: string } | undefined; maxPhones: number }): boolean {
  const active = input.activeOfVolunteer - (input.replaced?.volunteer_id === input.volunteerId ? 1 : 0);
  return active >= input.maxPhones;
}

/** The binding a completed pairing creates. */
export function bindingOfPairing(pairing: PairingRecord, bindingId: string, nowMs: number): BindingRecord {
  return { id: bindingId, volunteerId: pairing.volunteerId, deviceHash: pairing.deviceHash, credential: 'device-key', stationId: pairing.stationId, createdAtMs: nowMs };
}

const iso = (ms: number) => new Date(ms).toISOString();

export const phoneAudit = {
  linked: (pairing: PairingRecord, binding: BindingRecord, replacedBindingId: string | undefined, actor: string, nowMs: number): AuditEntry => ({
    at: iso(nowMs),
    actor,
    action: 'phone-linked',
    volunteerId: pairing.volunteerId,
    detail: { bindingId: binding.id, stationId: pairing.stationId, checkinId: pairing.checkinId, ...(replacedBindingId !== undefined ? { replacedBindingId } : {}) },
  }),
  unlinked: (volunteerId: string, bindingId: string, nowMs: number): AuditEntry => ({ at: iso(nowMs), actor: 'phone', action: 'phone-unlinked', volunteerId, detail: { bindingId } }),
  revoked: (volunteerId: string, bindingIds: string[], actor: string, nowMs: number): AuditEntry => ({
    at: iso(nowMs),
    actor,
    action: 'phones-revoked',
    volunteerId,
    detail: { bindingIds, count: bindingIds.length },
  }),
  passkeyAdded: (volunteerId: string, bindingId: string, nowMs: number): AuditEntry => ({ at: iso(nowMs), actor: 'phone', action: 'passkey-added', volunteerId, detail: { bindingId } }),
};

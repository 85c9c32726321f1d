/** The SQLite side of PhoneBindingStore (phone-binding-store.ts); statements are prepared once. */
import type Database from 'better-sqlite3';
import { afterFailure, type AttemptCounter, type AttemptKey, type AttemptRules } from '../phone/attempt-rules.ts';
import { isLive } from '../phone/pairing-rules.ts';
import type { AuditEntry, ChallengeRecord, CompletePairingOutcome, PhoneBindingStore } from './phone-binding-store.ts';
import {
  auditColumns,
  auditFromRow,
  bindingFromRow,
  bindingOfPairing,
  challengeFromRow,
  counterFromRow,
  linkExceedsLimit,
  pairingFromRow,
  pairingsSupersededBy,
  passkeyFromRow,
  phoneAudit,
  PHONE_STATE_KEPT_MS,
  type AuditRow,
  type BindingRow,
  type ChallengeRow,
  type CounterRow,
  type PairingRow,
  type PasskeyRow,
} from './phone-rows.ts';

export function createPhoneBindingStore(db: Database.Database): PhoneBindingStore {
  const s = {
    cardOwner: db.prepare<[string], { id: string; name: string }>('SELECT v.id, v.name FROM cards c JOIN volunteers v ON v.id = c.volunteer_id WHERE c.uid = ?'),
    insertPairing: db.prepare(
      `INSERT INTO phone_pairings (id, volunteer_id, station_id, device_hash, code, state, created_at_ms, expires_at_ms)
       VALUES (@id, @volunteerId, @stationId, @deviceHash, @code, @state, @createdAtMs, @expiresAtMs)`,
    ),
    supersedeDevice: db.prepare(
      `UPDATE phone_pairings SET state = 'superseded', settled_at_ms = ? WHERE device_hash = ? AND state IN ('awaiting-tap', 'awaiting-confirm')`,
    ),
    waiting: db.prepare<[string, string], PairingRow>(`SELECT * FROM phone_pairings WHERE station_id = ? AND volunteer_id = ? AND state = 'awaiting-tap' ORDER BY created_at_ms, id`),
    offer: db.prepare(
      `UPDATE phone_pairings SET state = 'awaiting-confirm', checkin_id = @checkinId, choices = @choices, expires_at_ms = @expiresAtMs
       WHERE id = @id AND state = 'awaiting-tap' AND expires_at_ms > @nowMs`,
    ),
    settleWaiting: db.prepare(`UPDATE phone_pairings SET state = ?, settled_at_ms = ? WHERE id = ? AND state IN ('awaiting-tap', 'awaiting-confirm')`),
    offeredFor: db.prepare<[string, string], PairingRow>('SELECT * FROM phone_pairings WHERE checkin_id = ? AND station_id = ? ORDER BY created_at_ms, id'),
    pairingById: db.prepare<[string], PairingRow>('SELECT * FROM phone_pairings WHERE id = ?'),
    markLinked: db.prepare(`UPDATE phone_pairings SET state = 'linked', binding_id = ?, settled_at_ms = ? WHERE id = ? AND state = 'awaiting-confirm'`),
    latestOfDevice: db.prepare<[string], PairingRow>('SELECT * FROM phone_pairings WHERE device_hash = ? ORDER BY created_at_ms DESC, rowid DESC LIMIT 1'),
    cancelDevice: db.prepare(`UPDATE phone_pairings SET state = 'cancelled', settled_at_ms = ? WHERE device_hash = ? AND state IN ('awaiting-tap', 'awaiting-confirm')`),
    bindingOfDevice: db.prepare<[string], BindingRow>('SELECT * FROM phone_bindings WHERE device_hash = ? AND revoked_at_ms IS NULL'),
    bindingById: db.prepare<[string], BindingRow>('SELECT * FROM phone_bindings WHERE id = ? AND revoked_at_ms IS NULL'),
    bindingsOf: db.prepare<[string], BindingRow>('SELECT * FROM phone_bindings WHERE volunteer_id = ? ORDER BY created_at_ms DESC, rowid DESC'),
    countActive: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM phone_bindings WHERE volunteer_id = ? AND revoked_at_ms IS NULL'),
    insertBinding: db.prepare(
      `INSERT INTO phone_bindings (id, volunteer_id, device_hash, credential, station_id, created_at_ms)
       VALUES (@id, @volunteerId, @deviceHash, @credential, @stationId, @createdAtMs)`,
    ),
    touch: db.prepare('UPDATE phone_bindings SET last_used_at_ms = ? WHERE id = ?'),
    revokeOne: db.prepare('UPDATE phone_bindings SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at_ms IS NULL'),
    revokeDevice: db.prepare('UPDATE phone_bindings SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ? WHERE device_hash = ? AND revoked_at_ms IS NULL'),
    activeIdsOf: db.prepare<[string], { id: string }>('SELECT id FROM phone_bindings WHERE volunteer_id = ? AND revoked_at_ms IS NULL ORDER BY id'),
    revokeVolunteer: db.prepare('UPDATE phone_bindings SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ? WHERE volunteer_id = ? AND revoked_at_ms IS NULL'),
    insertPasskey: db.prepare(
      `INSERT INTO phone_passkeys (credential_id, binding_id, public_key, counter, transports, created_at_ms)
       VALUES (@credentialId, @bindingId, @publicKey, @counter, @transports, @createdAtMs)`,
    ),
    makePasskeyBinding: db.prepare(`UPDATE phone_bindings SET credential = 'passkey' WHERE id = ? AND revoked_at_ms IS NULL`),
    passkeyById: db.prepare<[string], PasskeyRow>('SELECT * FROM phone_passkeys WHERE credential_id = ?'),
    passkeysOf: db.prepare<[string], PasskeyRow>('SELECT * FROM phone_passkeys WHERE binding_id = ? ORDER BY created_at_ms'),
    setCounter: db.prepare('UPDATE phone_passkeys SET counter = ? WHERE credential_id = ?'),
    insertChallenge: db.prepare(
      `INSERT INTO webauthn_challenges (challenge, purpose, device_hash, binding_id, expires_at_ms) VALUES (@challenge, @purpose, @deviceHash, @bindingId, @expiresAtMs)`,
    ),
    takeChallenge: db.prepare<[string, string, string, number], ChallengeRow>(
      'DELETE FROM webauthn_challenges WHERE challenge = ? AND purpose = ? AND device_hash = ? AND expires_at_ms > ? RETURNING *',
    ),
    counter: db.prepare<[string, string], CounterRow>(
      'SELECT window_start_ms, failures, blocked_until_ms FROM attempt_counters WHERE scope = ? AND key = ?',
    ),
    putCounter: db.prepare(
      `INSERT INTO attempt_counters (scope, key, window_start_ms, failures, blocked_until_ms) VALUES (@scope, @key, @windowStartMs, @failures, @blockedUntilMs)
       ON CONFLICT(scope, key) DO UPDATE SET window_start_ms = excluded.window_start_ms, failures = excluded.failures, blocked_until_ms = excluded.blocked_until_ms`,
    ),
    insertAudit: db.prepare('INSERT INTO audit_log (at, actor, action, volunteer_id, detail) VALUES (?, ?, ?, ?, ?)'),
    audit: db.prepare<[string | null, string | null, number], AuditRow>(
      'SELECT at, actor, action, volunteer_id, detail FROM audit_log WHERE (? IS NULL OR volunteer_id = ?) ORDER BY id DESC LIMIT ?',
    ),
    pruneChallenges: db.prepare('DELETE FROM webauthn_challenges WHERE expires_at_ms <= ?'),
    pruneCounters: db.prepare('DELETE FROM attempt_counters WHERE window_start_ms <= ? AND blocked_until_ms <= ?'),
    prunePairings: db.prepare(`DELETE FROM phone_pairings WHERE created_at_ms <= ? AND state NOT IN ('awaiting-tap', 'awaiting-confirm')`),
    expireStale: db.prepare(`UPDATE phone_pairings SET state = 'expired', settled_at_ms = ? WHERE state IN ('awaiting-tap', 'awaiting-confirm') AND expires_at_ms <= ?`),
  };

  const audit = (entry: AuditEntry) => s.insertAudit.run(...auditColumns(entry));

  const completePairing = db.transaction((input: Parameters<PhoneBindingStore['completePairing']>[0]): CompletePairingOutcome => {
    const row = s.pairingById.get(input.pairingId);
    const pairing = row ? pairingFromRow(row) : undefined;
    for (const id of input.declineIds) s.settleWaiting.run('declined', input.nowMs, id);
    if (!pairing || pairing.state !== 'awaiting-confirm' || !isLive(pairing, input.nowMs)) return { kind: 'stale' };
    const replaced = s.bindingOfDevice.get(pairing.deviceHash);
    if (linkExceedsLimit({ activeOfVolunteer: s.countActive.get(pairing.volunteerId)!.n, volunteerId: pairing.volunteerId, replaced, maxPhones: input.maxPhones })) {
      s.settleWaiting.run('limit', input.nowMs, pairing.id);
      return { kind: 'limit' };
    }
    if (replaced) s.revokeOne.run(input.nowMs, input.actor, 'replaced', replaced.id);
    const binding = bindingOfPairing(pairing, input.bindingId, input.nowMs);
    s.insertBinding.run({ ...binding });
    s.markLinked.run(binding.id, input.nowMs, pairing.id);
    audit(phoneAudit.linked(pairing, binding, replaced?.id, input.actor, input.nowMs));
    return { kind: 'linked', binding };
  });

  return {
    async volunteerOfCard(cardUid) {
      return s.cardOwner.get(cardUid);
    },
    async startPairing(pairing, maxWaiting, nowMs) {
      db.transaction(() => {
        s.supersedeDevice.run(nowMs, pairing.deviceHash);
        for (const old of pairingsSupersededBy(s.waiting.all(pairing.stationId, pairing.volunteerId), maxWaiting, nowMs)) s.settleWaiting.run('superseded', nowMs, old.id);
        s.insertPairing.run({ ...pairing, checkinId: undefined, choices: undefined, bindingId: undefined });
      }).immediate();
    },
    async waitingPairings(stationId, volunteerId) {
      return s.waiting.all(stationId, volunteerId).map(pairingFromRow);
    },
    async offerPairings(ids, offer, nowMs) {
      return db.transaction(() =>
        ids.reduce((moved, id) => moved + s.offer.run({ id, checkinId: offer.checkinId, choices: JSON.stringify(offer.choices), expiresAtMs: offer.expiresAtMs, nowMs }).changes, 0),
      ).immediate();
    },
    async settlePairings(ids, state, nowMs) {
      db.transaction(() => {
        for (const id of ids) s.settleWaiting.run(state, nowMs, id);
      }).immediate();
    },
    async pairingsOfferedFor(checkinId, stationId) {
      return s.offeredFor.all(checkinId, stationId).map(pairingFromRow);
    },
    async completePairing(input) {
      return completePairing.immediate(input);
    },
    async latestPairingOfDevice(deviceHash) {
      const row = s.latestOfDevice.get(deviceHash);
      return row ? pairingFromRow(row) : undefined;
    },
    async cancelPairingsOfDevice(deviceHash, nowMs) {
      return s.cancelDevice.run(nowMs, deviceHash).changes;
    },
    async activeBindingOfDevice(deviceHash) {
      const row = s.bindingOfDevice.get(deviceHash);
      return row ? bindingFromRow(row) : undefined;
    },
    async activeBinding(bindingId) {
      const row = s.bindingById.get(bindingId);
      return row ? bindingFromRow(row) : undefined;
    },
    async bindingsOfVolunteer(volunteerId) {
      return s.bindingsOf.all(volunteerId).map(bindingFromRow);
    },
    async countActiveBindings(volunteerId) {
      return s.countActive.get(volunteerId)!.n;
    },
    async touchBinding(bindingId, nowMs) {
      s.touch.run(nowMs, bindingId);
    },
    async unlinkBinding(bindingId, nowMs) {
      return db.transaction(() => {
        const row = s.bindingById.get(bindingId);
        if (!row || s.revokeOne.run(nowMs, 'phone', 'unlinked-on-phone', bindingId).changes === 0) return false;
        audit(phoneAudit.unlinked(row.volunteer_id, bindingId, nowMs));
        return true;
      }).immediate();
    },
    async revokeVolunteerBindings(volunteerId, actor, nowMs) {
      return db.transaction(() => {
        const ids = s.activeIdsOf.all(volunteerId).map((r) => r.id);
        s.revokeVolunteer.run(nowMs, actor, 'revoked-by-manager', volunteerId);
        audit(phoneAudit.revoked(volunteerId, ids, actor, nowMs));
        return ids.length;
      }).immediate();
    },
    async addPasskey(passkey, nowMs) {
      db.transaction(() => {
        const row = s.bindingById.get(passkey.bindingId);
        if (!row) throw new Error(`binding ${passkey.bindingId} is not active`);
        s.insertPasskey.run({ ...passkey, publicKey: Buffer.from(passkey.publicKey), transports: JSON.stringify(passkey.transports) });
        s.makePasskeyBinding.run(passkey.bindingId);
        audit(phoneAudit.passkeyAdded(row.volunteer_id, passkey.bindingId, nowMs));
      }).immediate();
    },
    async passkeyById(credentialId) {
      const row = s.passkeyById.get(credentialId);
      if (!row) return undefined;
      const binding = s.bindingById.get(row.binding_id);
      return binding ? { passkey: passkeyFromRow(row), binding: bindingFromRow(binding) } : undefined;
    },
    async passkeysOfBinding(bindingId) {
      return s.passkeysOf.all(bindingId).map(passkeyFromRow);
    },
    async updatePasskeyCounter(credentialId, counter) {
      s.setCounter.run(counter, credentialId);
    },
    async saveChallenge(challenge: ChallengeRecord) {
      s.insertChallenge.run({ ...challenge, bindingId: challenge.bindingId ?? null });
    },
    async takeChallenge(challenge, purpose, deviceHash, nowMs) {
      const row = s.takeChallenge.get(challenge, purpose, deviceHash, nowMs);
      return row ? challengeFromRow(row) : undefined;
    },
    async attemptCounters(keys: readonly AttemptKey[]) {
      return keys.map(({ scope, key }) => counterFromRow(s.counter.get(scope, key)));
    },
    async recordFailedAttempt(keys: readonly AttemptKey[], nowMs: number, rules: AttemptRules) {
      return db.transaction(() =>
        keys.map(({ scope, key }): AttemptCounter => {
          const next = afterFailure(counterFromRow(s.counter.get(scope, key)), nowMs, rules);
          s.putCounter.run({ scope, key, ...next });
          return next;
        }),
      ).immediate();
    },
    async appendAudit(entry) {
      audit(entry);
    },
    async listAudit(query) {
      const volunteerId = query.volunteerId ?? null;
      return s.audit.all(volunteerId, volunteerId, query.limit ?? 100).map(auditFromRow);
    },
    async prunePhoneState(nowMs) {
      db.transaction(() => {
        s.expireStale.run(nowMs, nowMs);
        s.pruneChallenges.run(nowMs);
        s.pruneCounters.run(nowMs - PHONE_STATE_KEPT_MS, nowMs);
        s.prunePairings.run(nowMs - PHONE_STATE_KEPT_MS);
      }).immediate();
    },
  };
}

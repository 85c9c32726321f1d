/**
 * The PostgreSQL PhoneBindingStore (phone-binding-store.ts), with the semantics of
 * sqlite-phone-bindings.ts and its decisions from phone-rows.ts. Every write is one
 * SERIALIZABLE transaction (pg-tx.ts): two replicas completing pairings of one volunteer
 * at once, or counting failures under one key at once, behave as if one ran after the
 * other, so the phone limit and the attempt limits hold across replicas.
 */
import type pg from 'pg';
import { afterFailure, type AttemptCounter, type AttemptKey, type AttemptRules } from '../../phone/attempt-rules.ts';
import { isLive, type PairingState } from '../../phone/pairing-rules.ts';
import type { BindingRecord, CompletePairingOutcome, PhoneBindingStore } from '../phone-binding-store.ts';
import {
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
  type BindingRow,
  type ChallengeRow,
  type CounterRow,
  type PairingRow,
  type PasskeyRow,
} from '../phone-rows.ts';
import { appendAuditInTx, listAudit } from './pg-audit.ts';
import { inTransaction, type PgTx } from './pg-tx.ts';

type Queryable = pg.Pool | PgTx;

const LIVE_STATES = `('awaiting-tap', 'awaiting-confirm')`;

async function rowsOf<T extends pg.QueryResultRow>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

async function firstOf<T extends pg.QueryResultRow>(db: Queryable, sql: string, params: unknown[]): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

const activeBindingOfDevice = (db: Queryable, deviceHash: string) => firstOf<BindingRow>(db, 'SELECT * FROM phone_bindings WHERE device_hash = $1 AND revoked_at_ms IS NULL', [deviceHash]);
const activeBindingById = (db: Queryable, id: string) => firstOf<BindingRow>(db, 'SELECT * FROM phone_bindings WHERE id = $1 AND revoked_at_ms IS NULL', [id]);
const waitingPairings = (db: Queryable, stationId: string, volunteerId: string) =>
  rowsOf<PairingRow>(db, `SELECT * FROM phone_pairings WHERE station_id = $1 AND volunteer_id = $2 AND state = 'awaiting-tap' ORDER BY created_at_ms, id COLLATE "C"`, [stationId, volunteerId]);

async function countActive(db: Queryable, volunteerId: string): Promise<number> {
  return (await firstOf<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM phone_bindings WHERE volunteer_id = $1 AND revoked_at_ms IS NULL', [volunteerId]))!.n;
}

/** Ends a waiting pairing in `state`; a pairing no longer waiting is left as it is. */
async function settleWaiting(tx: PgTx, id: string, state: PairingState, nowMs: number): Promise<number> {
  return (await tx.query(`UPDATE phone_pairings SET state = $1, settled_at_ms = $2 WHERE id = $3 AND state IN ${LIVE_STATES}`, [state, nowMs, id])).rowCount ?? 0;
}

async function revokeBinding(tx: PgTx, id: string, by: string, reason: NonNullable<BindingRecord['revokeReason']>, nowMs: number): Promise<number> {
  return (await tx.query('UPDATE phone_bindings SET revoked_at_ms = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_at_ms IS NULL', [nowMs, by, reason, id])).rowCount ?? 0;
}

/** Ids are random: a second insert under one is a bug upstream, refused with what to do rather than an aborted transaction. */
function idTaken(what: string, id: string): Error {
  return new Error(`${what} ${id} is already stored; ids are generated once per ${what}, so generate a new one`);
}

export function createPgPhoneBindings(pool: pg.Pool): PhoneBindingStore {
  return {
    async volunteerOfCard(cardUid) {
      return firstOf<{ id: string; name: string }>(pool, 'SELECT v.id, v.name FROM cards c JOIN volunteers v ON v.id = c.volunteer_id WHERE c.uid = $1', [cardUid]);
    },

    startPairing(pairing, maxWaiting, nowMs) {
      return inTransaction(pool, async (tx) => {
        // Supersede first, as SQLite does: the new pairing is not yet among those waiting.
        await tx.query(`UPDATE phone_pairings SET state = 'superseded', settled_at_ms = $1 WHERE device_hash = $2 AND state IN ${LIVE_STATES}`, [nowMs, pairing.deviceHash]);
        for (const old of pairingsSupersededBy(await waitingPairings(tx, pairing.stationId, pairing.volunteerId), maxWaiting, nowMs)) await settleWaiting(tx, old.id, 'superseded', nowMs);
        const inserted = await tx.query(
          `INSERT INTO phone_pairings (id, volunteer_id, station_id, device_hash, code, state, created_at_ms, expires_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
          [pairing.id, pairing.volunteerId, pairing.stationId, pairing.deviceHash, pairing.code, pairing.state, pairing.createdAtMs, pairing.expiresAtMs],
        );
        if (inserted.rowCount === 0) throw idTaken('pairing', pairing.id);
      });
    },
    async waitingPairings(stationId, volunteerId) {
      return (await waitingPairings(pool, stationId, volunteerId)).map(pairingFromRow);
    },
    offerPairings(ids, offer, nowMs) {
      return inTransaction(pool, async (tx) => {
        let moved = 0;
        for (const id of ids) {
          const result = await tx.query(
            `UPDATE phone_pairings SET state = 'awaiting-confirm', checkin_id = $1, choices = $2, expires_at_ms = $3
             WHERE id = $4 AND state = 'awaiting-tap' AND expires_at_ms > $5`,
            [offer.checkinId, JSON.stringify(offer.choices), offer.expiresAtMs, id, nowMs],
          );
          moved += result.rowCount ?? 0;
        }
        return moved;
      });
    },
    settlePairings(ids, state, nowMs) {
      return inTransaction(pool, async (tx) => {
        for (const id of ids) await settleWaiting(tx, id, state, nowMs);
      });
    },
    async pairingsOfferedFor(checkinId, stationId) {
      return (await rowsOf<PairingRow>(pool, 'SELECT * FROM phone_pairings WHERE checkin_id = $1 AND station_id = $2 ORDER BY created_at_ms, id COLLATE "C"', [checkinId, stationId])).map(pairingFromRow);
    },
    completePairing(input) {
      return inTransaction(pool, async (tx): Promise<CompletePairingOutcome> => {
        const row = await firstOf<PairingRow>(tx, 'SELECT * FROM phone_pairings WHERE id = $1', [input.pairingId]);
        const pairing = row ? pairingFromRow(row) : undefined;
        for (const id of input.declineIds) await settleWaiting(tx, id, 'declined', input.nowMs);
        if (!pairing || pairing.state !== 'awaiting-confirm' || !isLive(pairing, input.nowMs)) return { kind: 'stale' };
        const replaced = await activeBindingOfDevice(tx, pairing.deviceHash);
        if (linkExceedsLimit({ activeOfVolunteer: await countActive(tx, pairing.volunteerId), volunteerId: pairing.volunteerId, replaced, maxPhones: input.maxPhones })) {
          await settleWaiting(tx, pairing.id, 'limit', input.nowMs);
          return { kind: 'limit' };
        }
        if (replaced) await revokeBinding(tx, replaced.id, input.actor, 'replaced', input.nowMs);
        const binding = bindingOfPairing(pairing, input.bindingId, input.nowMs);
        const inserted = await tx.query(
          `INSERT INTO phone_bindings (id, volunteer_id, device_hash, credential, station_id, created_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [binding.id, binding.volunteerId, binding.deviceHash, binding.credential, binding.stationId, binding.createdAtMs],
        );
        if (inserted.rowCount === 0) throw idTaken('binding', binding.id);
        await tx.query(`UPDATE phone_pairings SET state = 'linked', binding_id = $1, settled_at_ms = $2 WHERE id = $3 AND state = 'awaiting-confirm'`, [binding.id, input.nowMs, pairing.id]);
        await appendAuditInTx(tx, phoneAudit.linked(pairing, binding, replaced?.id, input.actor, input.nowMs));
        return { kind: 'linked', binding };
      });
    },
    async latestPairingOfDevice(deviceHash) {
      const row = await firstOf<PairingRow>(pool, 'SELECT * FROM phone_pairings WHERE device_hash = $1 ORDER BY created_at_ms DESC, row_order DESC LIMIT 1', [deviceHash]);
      return row ? pairingFromRow(row) : undefined;
    },
    cancelPairingsOfDevice(deviceHash, nowMs) {
      return inTransaction(pool, async (tx) => {
        const result = await tx.query(`UPDATE phone_pairings SET state = 'cancelled', settled_at_ms = $1 WHERE device_hash = $2 AND state IN ${LIVE_STATES}`, [nowMs, deviceHash]);
        return result.rowCount ?? 0;
      });
    },

    async activeBindingOfDevice(deviceHash) {
      const row = await activeBindingOfDevice(pool, deviceHash);
      return row ? bindingFromRow(row) : undefined;
    },
    async activeBinding(bindingId) {
      const row = await activeBindingById(pool, bindingId);
      return row ? bindingFromRow(row) : undefined;
    },
    async bindingsOfVolunteer(volunteerId) {
      return (await rowsOf<BindingRow>(pool, 'SELECT * FROM phone_bindings WHERE volunteer_id = $1 ORDER BY created_at_ms DESC, row_order DESC', [volunteerId])).map(bindingFromRow);
    },
    countActiveBindings(volunteerId) {
      return countActive(pool, volunteerId);
    },
    touchBinding(bindingId, nowMs) {
      return inTransaction(pool, async (tx) => {
        await tx.query('UPDATE phone_bindings SET last_used_at_ms = $1 WHERE id = $2', [nowMs, bindingId]);
      });
    },
    unlinkBinding(bindingId, nowMs) {
      return inTransaction(pool, async (tx) => {
        const row = await activeBindingById(tx, bindingId);
        if (!row || (await revokeBinding(tx, bindingId, 'phone', 'unlinked-on-phone', nowMs)) === 0) return false;
        await appendAuditInTx(tx, phoneAudit.unlinked(row.volunteer_id, bindingId, nowMs));
        return true;
      });
    },
    revokeVolunteerBindings(volunteerId, actor, nowMs) {
      return inTransaction(pool, async (tx) => {
        const revoked = await rowsOf<{ id: string }>(
          tx,
          `UPDATE phone_bindings SET revoked_at_ms = $1, revoked_by = $2, revoke_reason = 'revoked-by-manager' WHERE volunteer_id = $3 AND revoked_at_ms IS NULL RETURNING id`,
          [nowMs, actor, volunteerId],
        );
        const ids = revoked.map((r) => r.id).sort();
        await appendAuditInTx(tx, phoneAudit.revoked(volunteerId, ids, actor, nowMs));
        return ids.length;
      });
    },

    addPasskey(passkey, nowMs) {
      return inTransaction(pool, async (tx) => {
        const row = await activeBindingById(tx, passkey.bindingId);
        if (!row) throw new Error(`binding ${passkey.bindingId} is not active`);
        const inserted = await tx.query(
          `INSERT INTO phone_passkeys (credential_id, binding_id, public_key, counter, transports, created_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (credential_id) DO NOTHING`,
          [passkey.credentialId, passkey.bindingId, Buffer.from(passkey.publicKey), passkey.counter, JSON.stringify(passkey.transports), passkey.createdAtMs],
        );
        if (inserted.rowCount === 0) throw idTaken('passkey', passkey.credentialId);
        await tx.query(`UPDATE phone_bindings SET credential = 'passkey' WHERE id = $1 AND revoked_at_ms IS NULL`, [passkey.bindingId]);
        await appendAuditInTx(tx, phoneAudit.passkeyAdded(row.volunteer_id, passkey.bindingId, nowMs));
      });
    },
    async passkeyById(credentialId) {
      const row = await firstOf<PasskeyRow>(pool, 'SELECT * FROM phone_passkeys WHERE credential_id = $1', [credentialId]);
      if (!row) return undefined;
      const binding = await activeBindingById(pool, row.binding_id);
      return binding ? { passkey: passkeyFromRow(row), binding: bindingFromRow(binding) } : undefined;
    },
    async passkeysOfBinding(bindingId) {
      return (await rowsOf<PasskeyRow>(pool, 'SELECT * FROM phone_passkeys WHERE binding_id = $1 ORDER BY created_at_ms, credential_id COLLATE "C"', [bindingId])).map(passkeyFromRow);
    },
    updatePasskeyCounter(credentialId, counter) {
      return inTransaction(pool, async (tx) => {
        await tx.query('UPDATE phone_passkeys SET counter = $1 WHERE credential_id = $2', [counter, credentialId]);
      });
    },

    saveChallenge(challenge) {
      return inTransaction(pool, async (tx) => {
        const inserted = await tx.query(
          'INSERT INTO webauthn_challenges (challenge, purpose, device_hash, binding_id, expires_at_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (challenge) DO NOTHING',
          [challenge.challenge, challenge.purpose, challenge.deviceHash, challenge.bindingId ?? null, challenge.expiresAtMs],
        );
        if (inserted.rowCount === 0) throw idTaken('challenge', '(random)');
      });
    },
    takeChallenge(challenge, purpose, deviceHash, nowMs) {
      return inTransaction(pool, async (tx) => {
        // One statement: of two replicas taking one challenge at once, only one gets it.
        const row = await firstOf<ChallengeRow>(tx, 'DELETE FROM webauthn_challenges WHERE challenge = $1 AND purpose = $2 AND device_hash = $3 AND expires_at_ms > $4 RETURNING *', [
          challenge,
          purpose,
          deviceHash,
          nowMs,
        ]);
        return row ? challengeFromRow(row) : undefined;
      });
    },

    async attemptCounters(keys: readonly AttemptKey[]) {
      const counters: (AttemptCounter | undefined)[] = [];
      for (const { scope, key } of keys) counters.push(counterFromRow(await firstOf<CounterRow>(pool, 'SELECT * FROM attempt_counters WHERE scope = $1 AND key = $2', [scope, key])));
      return counters;
    },
    recordFailedAttempt(keys: readonly AttemptKey[], nowMs: number, rules: AttemptRules) {
      // Read, apply afterFailure, write: SERIALIZABLE makes the read-modify-write of one key
      // by two replicas at once retry instead of losing a failure.
      return inTransaction(pool, async (tx) => {
        const counters: AttemptCounter[] = [];
        for (const { scope, key } of keys) {
          const next = afterFailure(counterFromRow(await firstOf<CounterRow>(tx, 'SELECT * FROM attempt_counters WHERE scope = $1 AND key = $2', [scope, key])), nowMs, rules);
          await tx.query(
            `INSERT INTO attempt_counters (scope, key, window_start_ms, failures, blocked_until_ms) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (scope, key) DO UPDATE SET window_start_ms = excluded.window_start_ms, failures = excluded.failures, blocked_until_ms = excluded.blocked_until_ms`,
            [scope, key, next.windowStartMs, next.failures, next.blockedUntilMs],
          );
          counters.push(next);
        }
        return counters;
      });
    },

    appendAudit(entry) {
      return inTransaction(pool, (tx) => appendAuditInTx(tx, entry));
    },
    listAudit(query) {
      return listAudit(pool, query);
    },

    prunePhoneState(nowMs) {
      return inTransaction(pool, async (tx) => {
        await tx.query(`UPDATE phone_pairings SET state = 'expired', settled_at_ms = $1 WHERE state IN ${LIVE_STATES} AND expires_at_ms <= $1`, [nowMs]);
        await tx.query('DELETE FROM webauthn_challenges WHERE expires_at_ms <= $1', [nowMs]);
        await tx.query('DELETE FROM attempt_counters WHERE window_start_ms <= $1 AND blocked_until_ms <= $2', [nowMs - PHONE_STATE_KEPT_MS, nowMs]);
        await tx.query(`DELETE FROM phone_pairings WHERE created_at_ms <= $1 AND state NOT IN ${LIVE_STATES}`, [nowMs - PHONE_STATE_KEPT_MS]);
      });
    },
  };
}

// The phone-identity, certificate and report contracts against the PostgreSQL store, and the
// rules that must hold when two replicas (two pools on one database) act at the same moment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ATTEMPT_RULES } from '../../../central/phone/attempt-rules.ts';
import type { PairingRecord } from '../../../central/phone/pairing-rules.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { describeCertificateReportContract } from './certificate-report-contract.ts';
import { describePhoneStoreContract } from './phone-store-contract.ts';

const postgres = usePostgres();
const freshStore = async () => PgStore.connect(await postgres.freshDatabaseUrl());

describe('CentralStore contract, phone identity: PostgreSQL', () => {
  let store: PgStore;
  beforeEach(async () => {
    store = await freshStore();
    await store.migrate();
    await store.upsertVolunteers([
      { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
      { id: 'V-2', name: 'John Smith', cards: ['11223344', '0A0B0C0D'] },
    ]);
  });
  afterEach(async () => {
    await store.close();
  });
  describePhoneStoreContract(() => store);
});

describeCertificateReportContract('PostgreSQL', freshStore);

const NOW = Date.parse('2026-11-29T12:00:00.000Z');
const ROUNDS = 8;

/** A pairing of `deviceHash` for `volunteerId`, tapped and waiting for the kiosk's confirm. */
async function awaitingConfirm(store: PgStore, id: string, volunteerId: string, deviceHash: string): Promise<void> {
  const pairing: PairingRecord = { id, volunteerId, stationId: 'ST-0001', deviceHash, code: '1234', state: 'awaiting-tap', createdAtMs: NOW, expiresAtMs: NOW + 120_000 };
  await store.phone.startPairing(pairing, 3, NOW);
  expect(await store.phone.offerPairings([id], { checkinId: `tap-${id}`, choices: ['1234', '5678'], expiresAtMs: NOW + 60_000 }, NOW)).toBe(1);
}

const complete = (store: PgStore, pairingId: string, bindingId: string, maxPhones: number) =>
  store.phone.completePairing({ pairingId, declineIds: [], bindingId, actor: 'kiosk:K-1', nowMs: NOW + 1000, maxPhones });

describe('PostgreSQL phone store: two replicas at once', () => {
  let one: PgStore;
  let two: PgStore;
  const volunteers = Array.from({ length: ROUNDS }, (_, i) => `V-${i + 1}`);
  beforeEach(async () => {
    const url = await postgres.freshDatabaseUrl();
    one = await PgStore.connect(url);
    two = await PgStore.connect(url);
    await Promise.all([one.migrate(), two.migrate()]);
    await one.upsertVolunteers(volunteers.map((id) => ({ id, name: `Volunteer ${id}`, cards: [] })));
  });
  afterEach(async () => {
    await Promise.all([one.close(), two.close()]);
  });

  it('two replicas linking the last allowed phone of one volunteer: exactly one links, the other hits the limit', async () => {
    for (const v of volunteers) {
      await awaitingConfirm(one, `${v}-a`, v, `${v}-device-a`);
      await awaitingConfirm(one, `${v}-b`, v, `${v}-device-b`);
    }
    // Every volunteer may have one phone; each replica confirms a different phone of each, all at once.
    const outcomes = await Promise.all(volunteers.flatMap((v) => [complete(one, `${v}-a`, `b-${v}-a`, 1), complete(two, `${v}-b`, `b-${v}-b`, 1)]));
    for (const [i, v] of volunteers.entries()) {
      expect(outcomes.slice(2 * i, 2 * i + 2).map((o) => o.kind).sort()).toEqual(['limit', 'linked']);
      expect(await one.phone.countActiveBindings(v)).toBe(1);
      expect((await two.phone.listAudit({ volunteerId: v })).filter((e) => e.action === 'phone-linked')).toHaveLength(1);
    }
  });

  it('two replicas confirming the same pairing: one links it, the other finds it stale, and one binding exists', async () => {
    for (const v of volunteers) await awaitingConfirm(one, `${v}-a`, v, `${v}-device`);
    const outcomes = await Promise.all(volunteers.flatMap((v) => [complete(one, `${v}-a`, `b1-${v}`, 3), complete(two, `${v}-a`, `b2-${v}`, 3)]));
    for (const [i, v] of volunteers.entries()) {
      expect(outcomes.slice(2 * i, 2 * i + 2).map((o) => o.kind).sort()).toEqual(['linked', 'stale']);
      expect(await two.phone.bindingsOfVolunteer(v)).toHaveLength(1);
    }
  });

  it('failed attempts counted by two replicas at once are all counted, and block at the limit', async () => {
    const keys = [{ scope: 'address' as const, key: '10.0.0.1' }, { scope: 'station' as const, key: 'ST-0001' }];
    const attempts = DEFAULT_ATTEMPT_RULES.maxFailures;
    // Half the limit from each replica, at one instant: a lost update would leave fewer, unblocked.
    await Promise.all(Array.from({ length: attempts }, (_, i) => (i % 2 === 0 ? one : two).phone.recordFailedAttempt(keys, NOW, DEFAULT_ATTEMPT_RULES)));
    const blocked = { windowStartMs: NOW, failures: attempts, blockedUntilMs: NOW + DEFAULT_ATTEMPT_RULES.blockMs };
    expect(await two.phone.attemptCounters(keys)).toEqual([blocked, blocked]);
  });

  it('two replicas taking one challenge at once: exactly one gets it', async () => {
    for (const v of volunteers) await one.phone.saveChallenge({ challenge: `c-${v}`, purpose: 'checkin', deviceHash: 'device-1', expiresAtMs: NOW + 60_000 });
    const taken = await Promise.all(volunteers.flatMap((v) => [one, two].map((s) => s.phone.takeChallenge(`c-${v}`, 'checkin', 'device-1', NOW))));
    expect(taken.filter((c) => c !== undefined)).toHaveLength(ROUNDS);
  });

  it('two replicas revoking one certificate at once: one revokes it, with one audit entry', async () => {
    const by = (actor: string) => ({ actor, reason: 'wrong range', at: '2026-12-01T00:00:00.000Z' });
    await one.certificates.insert({ id: 'C-AAAAAAAAAAAAAAAA', volunteerId: 'V-1', keyId: 'k', statement: '{}', signature: 's', issuedAt: '2026-11-30T00:00:00.000Z' });
    const outcomes = await Promise.all([one.certificates.revoke('C-AAAAAAAAAAAAAAAA', by('manager:alice')), two.certificates.revoke('C-AAAAAAAAAAAAAAAA', by('manager:bob'))]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already-revoked', 'revoked']);
    expect((await one.phone.listAudit({ volunteerId: 'V-1' })).filter((e) => e.action === 'certificate-revoked')).toHaveLength(1);
  });

  it('never deletes a certificate, and refuses an id used before with what to do', async () => {
    const certificate = { id: 'C-BBBBBBBBBBBBBBBB', volunteerId: 'V-1', keyId: 'k', statement: '{}', signature: 's', issuedAt: '2026-11-30T00:00:00.000Z' };
    await one.certificates.insert(certificate);
    await expect(two.certificates.insert(certificate)).rejects.toThrow(/already stored.*issue a new one/);
    await expect(one.pool.query('DELETE FROM certificates')).rejects.toThrow(/certificates are never deleted; revoke them/);
    expect(await two.certificates.find(certificate.id)).toBeDefined();
  });
});

/**
 * The phone-identity cases of the CentralStore contract (store-contract.ts calls this
 * inside its describe, after its volunteers V-1 and V-2 are in the store).
 */
import { expect, it } from 'vitest';
import { DEFAULT_ATTEMPT_RULES } from '../../../central/phone/attempt-rules.ts';
import type { PairingRecord } from '../../../central/phone/pairing-rules.ts';
import type { CentralStore } from '../../../central/store/central-store.ts';

const NOW = Date.parse('2026-11-29T12:00:00.000Z');
const pairing = (extra: Partial<PairingRecord>): PairingRecord => ({
  id: 'p1',
  volunteerId: 'V-1',
  stationId: 'ST-0001',
  deviceHash: 'device-1',
  code: '1234',
  state: 'awaiting-tap',
  createdAtMs: NOW,
  expiresAtMs: NOW + 120_000,
  ...extra,
});

async function linked(store: CentralStore, id: string, deviceHash: string, volunteerId = 'V-1', nowMs = NOW) {
  await store.phone.startPairing(pairing({ id, deviceHash, volunteerId, createdAtMs: nowMs, expiresAtMs: nowMs + 120_000 }), 3, nowMs);
  await store.phone.offerPairings([id], { checkinId: `tap-${id}`, choices: ['1234', '5678'], expiresAtMs: nowMs + 60_000 }, nowMs);
  return store.phone.completePairing({ pairingId: id, declineIds: [], bindingId: `b-${id}`, actor: 'kiosk:K-1', nowMs, maxPhones: 3 });
}

export function describePhoneStoreContract(store: () => CentralStore): void {
  it('phone: finds a card owner, and nobody for an unknown card', async () => {
    expect(await store().phone.volunteerOfCard('04A1B2C3')).toEqual({ id: 'V-1', name: '张三丰' });
    expect(await store().phone.volunteerOfCard('DEADBEEF')).toBeUndefined();
  });

  it('phone: a pairing goes awaiting-tap -> awaiting-confirm -> linked once, audited, and a second completion is stale', async () => {
    const s = store();
    await s.phone.startPairing(pairing({}), 3, NOW);
    expect(await s.phone.waitingPairings('ST-0001', 'V-1')).toMatchObject([{ id: 'p1', state: 'awaiting-tap', code: '1234' }]);
    expect(await s.phone.offerPairings(['p1'], { checkinId: 'tap-1', choices: ['1234', '0000'], expiresAtMs: NOW + 60_000 }, NOW)).toBe(1);
    expect(await s.phone.offerPairings(['p1'], { checkinId: 'tap-2', choices: ['1234', '0000'], expiresAtMs: NOW + 60_000 }, NOW)).toBe(0);
    expect(await s.phone.pairingsOfferedFor('tap-1', 'ST-0001')).toMatchObject([{ id: 'p1', state: 'awaiting-confirm', choices: ['1234', '0000'] }]);
    expect(await s.phone.pairingsOfferedFor('tap-1', 'ST-0002')).toEqual([]);
    const done = await s.phone.completePairing({ pairingId: 'p1', declineIds: [], bindingId: 'b1', actor: 'kiosk:K-1', nowMs: NOW + 1000, maxPhones: 3 });
    expect(done).toMatchObject({ kind: 'linked', binding: { id: 'b1', volunteerId: 'V-1', deviceHash: 'device-1', credential: 'device-key', stationId: 'ST-0001' } });
    expect(await s.phone.completePairing({ pairingId: 'p1', declineIds: [], bindingId: 'b2', actor: 'kiosk:K-1', nowMs: NOW + 2000, maxPhones: 3 })).toEqual({ kind: 'stale' });
    expect(await s.phone.activeBindingOfDevice('device-1')).toMatchObject({ id: 'b1', volunteerId: 'V-1' });
    expect(await s.phone.latestPairingOfDevice('device-1')).toMatchObject({ state: 'linked', bindingId: 'b1' });
    expect(await s.phone.listAudit({ volunteerId: 'V-1' })).toMatchObject([{ actor: 'kiosk:K-1', action: 'phone-linked', volunteerId: 'V-1', detail: { bindingId: 'b1', checkinId: 'tap-1' } }]);
  });

  it('phone: a pairing past its window is not offered and cannot complete', async () => {
    const s = store();
    await s.phone.startPairing(pairing({}), 3, NOW);
    expect(await s.phone.offerPairings(['p1'], { checkinId: 't', choices: ['1234', '0000'], expiresAtMs: NOW + 200_000 }, NOW + 120_000)).toBe(0);
    await s.phone.startPairing(pairing({ id: 'p2', deviceHash: 'device-2' }), 3, NOW);
    await s.phone.offerPairings(['p2'], { checkinId: 't2', choices: ['1234', '0000'], expiresAtMs: NOW + 60_000 }, NOW);
    expect(await s.phone.completePairing({ pairingId: 'p2', declineIds: [], bindingId: 'b', actor: 'k', nowMs: NOW + 60_000, maxPhones: 3 })).toEqual({ kind: 'stale' });
    expect(await s.phone.activeBindingOfDevice('device-2')).toBeUndefined();
  });

  it('phone: one waiting pairing per device, and at most N per number and station', async () => {
    const s = store();
    await s.phone.startPairing(pairing({ id: 'a', code: '1111' }), 2, NOW);
    await s.phone.startPairing(pairing({ id: 'b', code: '2222' }), 2, NOW + 1);
    expect((await s.phone.waitingPairings('ST-0001', 'V-1')).map((p) => p.id)).toEqual(['b']);
    await s.phone.startPairing(pairing({ id: 'c', code: '3333', deviceHash: 'device-2' }), 2, NOW + 2);
    await s.phone.startPairing(pairing({ id: 'd', code: '4444', deviceHash: 'device-3' }), 2, NOW + 3);
    expect((await s.phone.waitingPairings('ST-0001', 'V-1')).map((p) => p.id)).toEqual(['c', 'd']);
    expect(await s.phone.cancelPairingsOfDevice('device-3', NOW + 4)).toBe(1);
    expect(await s.phone.latestPairingOfDevice('device-3')).toMatchObject({ state: 'cancelled' });
  });

  it('phone: at most maxPhones active bindings; re-linking a device replaces its binding instead of adding one', async () => {
    const s = store();
    for (const n of [1, 2, 3]) expect((await linked(s, `p${n}`, `device-${n}`)).kind).toBe('linked');
    expect(await s.phone.countActiveBindings('V-1')).toBe(3);
    expect(await linked(s, 'p4', 'device-4')).toEqual({ kind: 'limit' });
    expect(await s.phone.latestPairingOfDevice('device-4')).toMatchObject({ state: 'limit' });
    expect((await linked(s, 'p5', 'device-2')).kind).toBe('linked');
    expect(await s.phone.countActiveBindings('V-1')).toBe(3);
    expect(await s.phone.bindingsOfVolunteer('V-1')).toContainEqual(expect.objectContaining({ id: 'b-p2', revokeReason: 'replaced' }));
    // The device moves to V-2: V-1 keeps two.
    expect((await linked(s, 'p6', 'device-3', 'V-2')).kind).toBe('linked');
    expect(await s.phone.countActiveBindings('V-1')).toBe(2);
    expect(await s.phone.activeBindingOfDevice('device-3')).toMatchObject({ volunteerId: 'V-2' });
  });

  it('phone: a phone unlinks itself; a manager revokes every phone; both audited', async () => {
    const s = store();
    await linked(s, 'p1', 'device-1');
    await linked(s, 'p2', 'device-2');
    expect(await s.phone.unlinkBinding('b-p1', NOW + 10)).toBe(true);
    expect(await s.phone.unlinkBinding('b-p1', NOW + 11)).toBe(false);
    expect(await s.phone.activeBindingOfDevice('device-1')).toBeUndefined();
    expect(await s.phone.revokeVolunteerBindings('V-1', 'manager:alice', NOW + 20)).toBe(1);
    expect(await s.phone.revokeVolunteerBindings('V-1', 'manager:alice', NOW + 21)).toBe(0);
    expect(await s.phone.countActiveBindings('V-1')).toBe(0);
    const audit = await s.phone.listAudit({ volunteerId: 'V-1' });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['phones-revoked', 'manager:alice'],
      ['phones-revoked', 'manager:alice'],
      ['phone-unlinked', 'phone'],
      ['phone-linked', 'kiosk:K-1'],
      ['phone-linked', 'kiosk:K-1'],
    ]);
    expect(audit[1]).toMatchObject({ at: new Date(NOW + 20).toISOString(), detail: { bindingIds: ['b-p2'], count: 1 } });
    expect(await s.phone.bindingsOfVolunteer('V-1')).toContainEqual(expect.objectContaining({ id: 'b-p2', revokedBy: 'manager:alice', revokeReason: 'revoked-by-manager' }));
  });

  it('phone: a passkey makes its binding a passkey binding, and is found only while the binding is active', async () => {
    const s = store();
    await linked(s, 'p1', 'device-1');
    await s.phone.addPasskey({ credentialId: 'cred-1', bindingId: 'b-p1', publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports: ['internal'], createdAtMs: NOW }, NOW);
    expect(await s.phone.activeBinding('b-p1')).toMatchObject({ credential: 'passkey' });
    const found = await s.phone.passkeyById('cred-1');
    expect(found).toMatchObject({ binding: { id: 'b-p1' }, passkey: { counter: 0, transports: ['internal'] } });
    expect([...found!.passkey.publicKey]).toEqual([1, 2, 3]);
    await s.phone.updatePasskeyCounter('cred-1', 7);
    expect((await s.phone.passkeysOfBinding('b-p1'))[0]).toMatchObject({ counter: 7 });
    await s.phone.unlinkBinding('b-p1', NOW + 1);
    expect(await s.phone.passkeyById('cred-1')).toBeUndefined();
  });

  it('phone: a challenge is taken once, by its purpose and device, before it expires', async () => {
    const s = store();
    await s.phone.saveChallenge({ challenge: 'c1', purpose: 'checkin', deviceHash: 'device-1', expiresAtMs: NOW + 1000 });
    expect(await s.phone.takeChallenge('c1', 'register', 'device-1', NOW)).toBeUndefined();
    expect(await s.phone.takeChallenge('c1', 'checkin', 'device-2', NOW)).toBeUndefined();
    expect(await s.phone.takeChallenge('c1', 'checkin', 'device-1', NOW + 1000)).toBeUndefined();
    await s.phone.saveChallenge({ challenge: 'c2', purpose: 'checkin', deviceHash: 'device-1', expiresAtMs: NOW + 1000 });
    expect(await s.phone.takeChallenge('c2', 'checkin', 'device-1', NOW)).toMatchObject({ challenge: 'c2', deviceHash: 'device-1' });
    expect(await s.phone.takeChallenge('c2', 'checkin', 'device-1', NOW)).toBeUndefined();
  });

  it('phone: attempt counters are shared through the store and block after the limit', async () => {
    const s = store();
    const keys = [{ scope: 'address' as const, key: '10.0.0.1' }, { scope: 'volunteer' as const, key: 'V-1' }];
    for (let i = 0; i < DEFAULT_ATTEMPT_RULES.maxFailures; i++) await s.phone.recordFailedAttempt(keys, NOW + i, DEFAULT_ATTEMPT_RULES);
    const [address, volunteer] = await s.phone.attemptCounters(keys);
    expect(address).toMatchObject({ failures: 10, blockedUntilMs: NOW + 9 + DEFAULT_ATTEMPT_RULES.blockMs });
    expect(volunteer).toMatchObject({ failures: 10 });
    expect(await s.phone.attemptCounters([{ scope: 'station', key: 'ST-0001' }])).toEqual([undefined]);
    await s.phone.prunePhoneState(NOW + 2 * 86_400_000);
    expect(await s.phone.attemptCounters(keys)).toEqual([undefined, undefined]);
  });
}

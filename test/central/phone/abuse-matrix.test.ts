/**
 * Impersonation, forgery and abuse of the phone path, against a real central over HTTP
 * and a real Mosquitto. Every case asserts the answer the attacker gets AND that nothing
 * was recorded or credited: no session, no points, no binding changed, no Result on the
 * kiosk's topic. The clock is central's injected clock, moved five minutes between
 * cases so each starts with fresh throttle counters.
 *
 * Cast: Alice (V-0001) has a phone linked with its device key; Bob (V-0002) has a phone
 * linked with a passkey; V-0003 has no phone; Mallory has an unlinked phone, and is
 * also whoever holds a stolen ticket, a forwarded link or a curl prompt.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, linkPhone, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, tapCard, TestPhone, tokenAt, type KioskDouble, type Visit } from '../../helpers/phone-rig.ts';
import { SoftAuthenticator } from '../../helpers/soft-authenticator.ts';

const START_MS = 178_100_000 * PERIOD_SECONDS * 1000 + 5_000;
const ORIGIN = 'http://localhost:8090';
const OTHER_SECRET = 'HxweHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE';

describe('phone abuse matrix: nothing recorded, nothing credited', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  let alice: TestPhone;
  let bob: TestPhone;
  let bobKey: SoftAuthenticator;
  let mallory: TestPhone;

  beforeAll(async () => {
    f = await startCentralFixture({
      deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS },
      configOverrides: { publicBaseUrl: `${ORIGIN}/c/`, phone: { appDir: stubPhoneApp() } },
    });
    kiosk = await startKioskDouble(f.broker.url);
    alice = new TestPhone(f.baseUrl, 'alice');
    bob = new TestPhone(f.baseUrl, 'bob');
    mallory = new TestPhone(f.baseUrl, 'mallory');
    bobKey = new SoftAuthenticator(ORIGIN);
    await linkPhone(f, kiosk, alice, { volunteer: 'V-0001', stationId: 'ST-0001', clockMs });
    await linkPhone(f, kiosk, bob, { volunteer: 'V-0002', stationId: 'ST-0001', clockMs });
    expect((await bob.addPasskey(bobKey)).status).toBe(200);
    await mallory.open(`/c/${tokenAt('ST-0001', clockMs)}`);
  });
  afterAll(async () => {
    await kiosk?.close();
    await f?.stop();
  });

  /** A fresh minute (throttle windows are one minute, blocks one minute). */
  const later = () => (clockMs += 5 * 60_000);
  const scan = async (phone: TestPhone, stationId = 'ST-0001'): Promise<Visit> => (await phone.open(`/c/${tokenAt(stationId, clockMs)}`)).visit!;
  const events = async (event: string) => (await f.metrics.pairingEventsTotal.get()).values.find((v) => v.labels.event === event)?.value ?? 0;

  /** Everything a check-in or a link could change: sessions (minutes, points), active bindings and their credential, Results on the kiosk topic. */
  async function ledger(tappers: readonly string[] = []): Promise<string> {
    // A real card tap is an ordinary check-in of the card's owner; `tappers` are those owners.
    const sessions = (await f.central.store.listSessions({ fromDate: '2000-01-01', toDate: '2100-12-31' })).filter((s) => !tappers.includes(s.volunteerId));
    const bindings = await Promise.all(['V-0001', 'V-0002', 'V-0003'].map(async (v) => (await f.central.store.phone.bindingsOfVolunteer(v)).filter((b) => !b.revokedAtMs).map((b) => `${v}:${b.id}:${b.credential}`)));
    return JSON.stringify({ sessions, bindings, qrResults: f.results.filter((r) => r.result.method === 'qr').length });
  }

  /** Every phone check-in recorded so far has had its Result delivered on the kiosk topic. */
  async function settled(): Promise<void> {
    const recorded = async () =>
      (await f.metrics.qrCheckinsTotal.get()).values.filter((v) => ['accepted', 'duplicate', 'rejected'].includes(String(v.labels.outcome))).reduce((n, v) => n + v.value, 0);
    await eventually(async () => f.results.filter((r) => r.result.method === 'qr').length === (await recorded()), 10_000, 'earlier Results to arrive');
  }

  async function nothingRecorded<T>(attack: () => Promise<T>, tappers: readonly string[] = []): Promise<T> {
    await settled();
    const before = await ledger(tappers);
    const outcome = await attack();
    await settled();
    expect(await ledger(tappers)).toBe(before);
    return outcome;
  }

  const refused = (reply: { status: number; body: Record<string, unknown> }, status: number, reason: string) => {
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    expect(reply.body).toMatchObject({ ok: false, reason, message: { zh: expect.any(String), en: expect.any(String) } });
    // A refusal carries nobody's data.
    expect(JSON.stringify(reply.body)).not.toMatch(/displayName|points|minutesToday|张|王|John/);
  };

  describe('typing a number', () => {
    it('1. an unlinked phone typing a real number is refused', async () => {
      later();
      const visit = await scan(mallory);
      refused(await nothingRecorded(() => mallory.checkIn(visit, { volunteer: 'V-0003' })), 403, 'phone-not-linked');
    });

    it('2. an unlinked phone typing an invented number gets exactly the same answer', async () => {
      later();
      const visit = await scan(mallory);
      const real = await nothingRecorded(() => mallory.checkIn(visit, { volunteer: 'V-0003' }));
      const invented = await nothingRecorded(() => mallory.checkIn(visit, { volunteer: 'V-9999' }));
      expect(invented.status).toBe(real.status);
      expect(invented.body).toEqual(real.body);
    });

    it("3. Alice's linked phone typing Bob's number is refused", async () => {
      later();
      refused(await nothingRecorded(async () => alice.checkIn(await scan(alice), { volunteer: 'V-0002' })), 403, 'not-this-phone');
    });

    it('4. …the same answer for an invented number and for a malformed one', async () => {
      later();
      const visit = await scan(alice);
      const bobs = await nothingRecorded(() => alice.checkIn(visit, { volunteer: 'V-0002' }));
      for (const typed of ['V-9999', 'x y!', '../V-0001']) {
        const other = await nothingRecorded(() => alice.checkIn(visit, { volunteer: typed }));
        expect(other.status, typed).toBe(bobs.status);
        expect(other.body, typed).toEqual(bobs.body);
      }
    });

    it('5. an unlinked phone with no number at all is refused the same way', async () => {
      later();
      refused(await nothingRecorded(async () => mallory.checkIn(await scan(mallory))), 403, 'phone-not-linked');
    });
  });

  describe('the ticket and the link', () => {
    it('6. a request without any device cookie (a script replaying the page) is refused', async () => {
      later();
      const visit = await scan(alice);
      const cookieless = new TestPhone(f.baseUrl);
      refused(await nothingRecorded(() => cookieless.checkIn(visit)), 403, 'other-device');
    });

    it("7. Alice's ticket used from Mallory's phone is refused", async () => {
      later();
      const visit = await scan(alice);
      refused(await nothingRecorded(() => mallory.checkIn(visit)), 403, 'other-device');
    });

    it("8. Alice's ticket with another code (the next QR) is refused", async () => {
      later();
      const visit = await scan(alice);
      const next = { ...visit, token: tokenAt('ST-0001', clockMs + PERIOD_SECONDS * 1000) };
      refused(await nothingRecorded(() => alice.checkIn(next)), 403, 'other-device');
    });

    it('9. a forged or tampered ticket is refused', async () => {
      later();
      const visit = await scan(alice);
      const [expires, mac = ''] = visit.ticket.split('.');
      for (const ticket of [`${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, `${Number(expires) + 3_600_000}.${mac}`, 'x']) {
        refused(await nothingRecorded(() => alice.checkIn({ ...visit, ticket })), 403, 'other-device');
      }
    });

    it('10. a forwarded link opened elsewhere after the code moved on is refused, page and API alike', async () => {
      later();
      const forwarded = `/c/${tokenAt('ST-0001', clockMs)}`;
      const visit = await scan(alice);
      clockMs += 40_000;
      const page = await mallory.open(forwarded);
      expect(page.status).toBe(410);
      expect(page.html).toContain('This code has expired');
      refused(await nothingRecorded(() => mallory.checkIn(visit)), 403, 'other-device');
    });

    it('11. a ticket older than five minutes is refused, even on its own phone', async () => {
      later();
      const visit = await scan(alice);
      clockMs += 5 * 60_000;
      refused(await nothingRecorded(() => alice.checkIn(visit)), 410, 'expired');
    });

    it('12. a code made with another key is refused when the page opens', async () => {
      later();
      const page = await nothingRecorded(() => alice.open(`/c/${tokenAt('ST-0001', clockMs, OTHER_SECRET)}`));
      expect(page.status).toBe(403);
      expect(page.visit).toBeUndefined();
    });

    it('13. a code from the future (T+2) and one of an unknown station are refused', async () => {
      later();
      expect((await nothingRecorded(() => alice.open(`/c/${tokenAt('ST-0001', clockMs + 2 * PERIOD_SECONDS * 1000)}`))).status).toBe(410);
      expect((await nothingRecorded(() => alice.open(`/c/${tokenAt('ST-0404', clockMs, OTHER_SECRET)}`))).status).toBe(404);
    });

    it('14. a malformed code is refused with 400, through the page and through the API', async () => {
      later();
      expect((await alice.open('/c/not.a.token')).status).toBe(400);
      refused(await nothingRecorded(() => alice.checkIn({ token: 'not-a-token', ticket: 'x', stationId: 'ST-0001' })), 400, 'malformed');
    });

    it('15. a ticket of station 1 with a code of station 2 is refused', async () => {
      later();
      const one = await scan(alice, 'ST-0001');
      refused(await nothingRecorded(() => alice.checkIn({ ...one, token: tokenAt('ST-0002', clockMs) })), 403, 'other-device');
    });
  });

  describe('replays', () => {
    it('16. the same code twice records one check-in, the second is refused', async () => {
      later();
      const visit = await scan(alice);
      expect((await alice.checkIn(visit)).status).toBe(200);
      refused(await nothingRecorded(() => alice.checkIn(visit)), 409, 'replayed');
    });

    it("17. Bob's passkey phone without its passkey is refused", async () => {
      later();
      refused(await nothingRecorded(async () => bob.checkIn(await scan(bob))), 401, 'passkey-required');
    });

    it('18. a passkey assertion used twice works once', async () => {
      later();
      const visit = await scan(bob);
      const assertion = await bob.passkeyAssertion(visit, bobKey);
      expect((await bob.checkIn(visit, { assertion })).status).toBe(200);
      clockMs += 60_000;
      const again = await scan(bob);
      refused(await nothingRecorded(() => bob.checkIn(again, { assertion })), 403, 'passkey-failed');
    });
  });

  describe('forged passkeys', () => {
    it('19. a bad signature is refused', async () => {
      later();
      refused(await nothingRecorded(async () => bob.passkeyCheckIn(await scan(bob), bobKey, { badSignature: true })), 403, 'passkey-failed');
    });

    it("20. Bob's credential id signed with another key is refused", async () => {
      later();
      refused(await nothingRecorded(async () => bob.passkeyCheckIn(await scan(bob), bobKey, { wrongKey: true })), 403, 'passkey-failed');
    });

    it('21. an assertion for another origin or RP ID (a phishing page) is refused', async () => {
      later();
      refused(await nothingRecorded(async () => bob.passkeyCheckIn(await scan(bob), bobKey, { origin: 'https://checkin.example.evil' })), 403, 'passkey-failed');
      clockMs += 60_000;
      refused(await nothingRecorded(async () => bob.passkeyCheckIn(await scan(bob), bobKey, { rpId: 'evil.example' })), 403, 'passkey-failed');
    });

    it("22. an assertion over a challenge central never issued is refused", async () => {
      later();
      refused(await nothingRecorded(async () => bob.passkeyCheckIn(await scan(bob), bobKey, { challenge: 'bm90LWlzc3VlZA' })), 403, 'passkey-failed');
    });

    it("23. Bob's genuine assertion sent from Mallory's phone is refused (the challenge was Bob's phone's)", async () => {
      later();
      const bobsVisit = await scan(bob);
      const assertion = await bob.passkeyAssertion(bobsVisit, bobKey);
      refused(await nothingRecorded(async () => mallory.checkIn(await scan(mallory), { assertion })), 403, 'passkey-failed');
    });

    it("24. Bob's device cookie without Bob's passkey (a copied cookie, a rogue authenticator) is refused", async () => {
      later();
      const rogue = new SoftAuthenticator(ORIGIN);
      rogue.create({ rp: { id: 'localhost', name: 'x' }, user: { id: 'dXNlcg', name: 'V-0002', displayName: '' }, challenge: 'x', pubKeyCredParams: [] });
      const copy = Object.assign(new TestPhone(f.baseUrl), { cookie: bob.cookie });
      const visit = await scan(copy);
      const options = await copy.request<{ options: Parameters<SoftAuthenticator['get']>[0] }>('POST', '/phone/api/checkins/passkey-options', { token: visit.token, ticket: visit.ticket });
      const forged = rogue.get({ ...options.body.options, allowCredentials: [] });
      refused(await nothingRecorded(() => copy.checkIn(visit, { assertion: forged })), 403, 'passkey-failed');
    });

    it('24b. an unlinked phone gets no passkey challenge at all', async () => {
      later();
      const visit = await scan(mallory);
      refused(await nothingRecorded(() => mallory.request('POST', '/phone/api/checkins/passkey-options', { token: visit.token, ticket: visit.ticket })), 403, 'phone-not-linked');
    });

    it("25. Mallory cannot add a passkey to someone else's link", async () => {
      later();
      refused(await nothingRecorded(() => mallory.addPasskey(new SoftAuthenticator(ORIGIN))), 409, 'passkey-unavailable');
    });

    it('26. a linked phone cannot add a passkey after its enrolment window', async () => {
      later();
      refused(await nothingRecorded(() => alice.addPasskey(new SoftAuthenticator(ORIGIN))), 409, 'passkey-unavailable');
    });
  });

  describe('binding a phone', () => {
    it('27. starting a link for a real and for an invented number looks the same', async () => {
      later();
      const visit = await scan(mallory);
      const real = await nothingRecorded(() => mallory.startPairing(visit, 'V-0003'));
      const invented = await nothingRecorded(() => mallory.startPairing(visit, 'V-9999'));
      expect(real.status).toBe(202);
      expect(invented.status).toBe(202);
      expect(Object.keys(invented.body.pairing).sort()).toEqual(Object.keys(real.body.pairing).sort());
      expect({ ...invented.body, pairing: { ...invented.body.pairing, code: '' } }).toEqual({ ...real.body, pairing: { ...real.body.pairing, code: '' } });
    });

    it("28. someone else's card tap does not complete a link: the phone's pairing just expires", async () => {
      later();
      const visit = await scan(mallory);
      expect((await mallory.startPairing(visit, 'V-0003')).status).toBe(202);
      const before = await events('tap-none');
      const prompts = kiosk.prompts.length;
      await nothingRecorded(async () => {
        await tapCard(f, 'ST-0001', CARDS['V-0001'], clockMs);
        await eventually(async () => (await events('tap-none')) > before, 10_000, 'central to look at the tap');
      }, ['V-0001']);
      expect(kiosk.prompts.length).toBe(prompts);
      clockMs += 2 * 60_000 + 1;
      expect((await mallory.pairing()).body.pairing).toMatchObject({ phase: 'expired' });
      expect((await mallory.me()).body).toMatchObject({ linked: false });
    });

    it("29. the volunteer's own card at another station does not complete it either", async () => {
      later();
      expect((await mallory.startPairing(await scan(mallory, 'ST-0001'), 'V-0003')).status).toBe(202);
      const before = await events('tap-none');
      await nothingRecorded(async () => {
        await tapCard(f, 'ST-0002', CARDS['V-0003'], clockMs);
        await eventually(async () => (await events('tap-none')) > before, 10_000, 'central to look at the tap');
      }, ['V-0003']);
      // …and its Result shows on station 2's kiosk as an ordinary tap, nothing more.
      expect(kiosk.prompts.filter((p) => p.stationId === 'ST-0002')).toEqual([]);
    });

    it("30. a tap stamped before the pairing started (an old tap from an outbox) does not complete it", async () => {
      later();
      expect((await mallory.startPairing(await scan(mallory), 'V-0003')).status).toBe(202);
      const before = await events('tap-none');
      await tapCard(f, 'ST-0001', CARDS['V-0003'], clockMs - 10 * 60_000);
      await eventually(async () => (await events('tap-none')) > before, 10_000, 'central to look at the tap');
      expect((await mallory.pairing()).body.pairing).toMatchObject({ phase: 'awaiting-tap' });
      await mallory.request('POST', '/phone/api/pairings/cancel', {});
    });

    async function offered(phone: TestPhone, volunteer: keyof typeof CARDS): Promise<{ checkinId: string; code: string; choices: string[] }> {
      const started = await phone.startPairing(await scan(phone), volunteer);
      const checkinId = await tapCard(f, 'ST-0001', CARDS[volunteer], clockMs);
      const prompt = await kiosk.promptFor(checkinId);
      if (prompt.state !== 'choose') throw new Error('no choose prompt');
      return { checkinId, code: started.body.pairing.code, choices: prompt.choices };
    }

    async function answered(stationId: string, checkinId: string, choice: string | null, event: string): Promise<void> {
      const before = await events(event);
      await kiosk.answer(stationId, checkinId, choice);
      await eventually(async () => (await events(event)) > before, 10_000, `central to count ${event}`);
    }

    it("31. a decoy touched on the kiosk links nothing", async () => {
      later();
      const offer = await offered(mallory, 'V-0003');
      await nothingRecorded(() => answered('ST-0001', offer.checkinId, offer.choices.find((c) => c !== offer.code)!, 'answer-declined'));
      expect((await mallory.me()).body).toMatchObject({ linked: false });
    });

    it("32. an answer on another station's topic links nothing", async () => {
      later();
      const offer = await offered(mallory, 'V-0003');
      await nothingRecorded(() => answered('ST-0002', offer.checkinId, offer.code, 'answer-stale'));
      await answered('ST-0001', offer.checkinId, null, 'answer-declined');
    });

    it('33. an answer after the kiosk window closed links nothing', async () => {
      later();
      const offer = await offered(mallory, 'V-0003');
      clockMs += 61_000;
      await nothingRecorded(() => answered('ST-0001', offer.checkinId, offer.code, 'answer-stale'));
      expect((await mallory.pairing()).body.pairing).toMatchObject({ phase: 'expired' });
    });

    it('34. an answer for a tap nobody was offered, and a malformed answer, link nothing', async () => {
      later();
      await nothingRecorded(() => answered('ST-0001', randomUUID(), '1234', 'answer-stale'));
      const before = await events('answer-invalid');
      await f.publishRaw('vs/v1/stations/ST-0001/pairing-answers', JSON.stringify({ v: 2, checkinId: 'x', choice: '12' }));
      await eventually(async () => (await events('answer-invalid')) > before, 10_000, 'the invalid answer to be counted');
    });

    it('35. a replayed kiosk answer does not link a second phone', async () => {
      later();
      const victim = new TestPhone(f.baseUrl);
      const offer = await offered(victim, 'V-0003');
      await answered('ST-0001', offer.checkinId, offer.code, 'answer-linked');
      expect(await f.central.store.phone.countActiveBindings('V-0003')).toBe(1);
      await nothingRecorded(() => answered('ST-0001', offer.checkinId, offer.code, 'answer-stale'));
      expect(await f.central.store.phone.countActiveBindings('V-0003')).toBe(1);
      await f.central.store.phone.revokeVolunteerBindings('V-0003', 'manager:test', clockMs);
    });
  });

  describe('throttling', () => {
    it('36. 300 guessed numbers in a row: 10 refusals, then 429 with Retry-After, and nothing recorded', async () => {
      later();
      const visit = await scan(mallory);
      const statuses = await nothingRecorded(async () => {
        const seen: number[] = [];
        for (let i = 1; i <= 300; i++) {
          const reply = await mallory.checkIn(visit, { volunteer: `V${String(i).padStart(4, '0')}` });
          seen.push(reply.status);
          if (reply.status === 429) {
            expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
            expect(reply.body).toMatchObject({ reason: 'throttled', retryAfterSeconds: Number(reply.headers.get('retry-after')) });
          }
        }
        return seen;
      });
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
      // Even a linked phone at that address waits, and after the minute it works again.
      expect((await alice.checkIn(await scan(alice))).status).toBe(429);
      clockMs += 61_000;
      expect((await alice.checkIn(await scan(alice))).status).toBe(200);
    });

    it('37. a number guessed at from elsewhere is blocked for everyone; other numbers are not', async () => {
      later();
      const keys = [{ scope: 'volunteer' as const, key: 'V-0003' }];
      for (let i = 0; i < 10; i++) await f.central.store.phone.recordFailedAttempt(keys, clockMs, { windowMs: 60_000, maxFailures: 10, blockMs: 60_000 });
      const visit = await scan(mallory);
      refused(await nothingRecorded(() => mallory.startPairing(visit, 'V-0003')), 429, 'throttled');
      expect((await mallory.startPairing(visit, 'V-0001')).status).toBe(202);
      await mallory.request('POST', '/phone/api/pairings/cancel', {});
    });

    it('38. a station hammered from elsewhere is blocked for a minute; another station is not', async () => {
      later();
      for (let i = 0; i < 10; i++) await f.central.store.phone.recordFailedAttempt([{ scope: 'station', key: 'ST-0002' }], clockMs, { windowMs: 60_000, maxFailures: 10, blockMs: 60_000 });
      refused(await nothingRecorded(async () => alice.checkIn(await scan(alice, 'ST-0002'))), 429, 'throttled');
      expect((await alice.checkIn(await scan(alice, 'ST-0001'))).status).toBe(200);
    });

    it('39. the 11th link request in a minute is refused, whatever the number', async () => {
      later();
      const visit = await scan(mallory);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await mallory.startPairing(visit, i % 2 ? 'V-0003' : `V-90${i}`)).status);
      expect(statuses).toEqual([...Array(10).fill(202), 429]);
      await mallory.request('POST', '/phone/api/pairings/cancel', {});
    });
  });

  describe('less on the screen', () => {
    it("40. an unlinked phone learns nothing about anyone; a linked phone only its own volunteer's masked name", async () => {
      later();
      const mallorys = (await mallory.me()).body;
      expect(mallorys).toMatchObject({ linked: false, passkeys: true });
      expect(Object.keys(mallorys).every((k) => ['linked', 'passkeys', 'pairing'].includes(k))).toBe(true);
      expect(JSON.stringify(mallorys)).not.toMatch(/V-000|张|王|John|displayName/);
      const alices = (await alice.me()).body;
      expect(alices).toMatchObject({ linked: true, volunteerId: 'V-0001', displayName: '张*丰' });
      expect(JSON.stringify(alices)).not.toMatch(/张三丰|points|card|04A1B2C3/);
    });

    it("41. a check-in reply carries the volunteer's own figures, no name and no other volunteer", async () => {
      later();
      const reply = await alice.checkIn(await scan(alice));
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body.checkin as object).sort()).toEqual(expect.arrayContaining(['status']));
      expect(JSON.stringify(reply.body)).not.toMatch(/displayName|张|V-000|volunteer/);
    });

    it('42. after a manager revokes, the phone, its passkey and an assertion made just before are refused', async () => {
      later();
      const visit = await scan(bob);
      const assertion = await bob.passkeyAssertion(visit, bobKey);
      await f.central.store.phone.revokeVolunteerBindings('V-0002', 'manager:test', clockMs);
      refused(await nothingRecorded(() => bob.checkIn(visit, { assertion })), 403, 'passkey-failed');
      refused(await nothingRecorded(() => bob.request('POST', '/phone/api/checkins/passkey-options', { token: visit.token, ticket: visit.ticket })), 403, 'phone-not-linked');
      clockMs += 61_000;
      refused(await nothingRecorded(async () => bob.checkIn(await scan(bob))), 403, 'phone-not-linked');
    });
  });
});

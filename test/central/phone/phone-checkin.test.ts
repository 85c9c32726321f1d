// The phone path end to end over real HTTP and a real Mosquitto: the page from a QR,
// linking a phone with a card tap and the kiosk's confirmation, check-in with the
// linked phone's device key, unlinking, a manager's revocation (audited), and the limit
// of three phones. Tokens are computed independently with node:crypto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, linkPhone, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, tapCard, TestPhone, tokenAt, type KioskDouble } from '../../helpers/phone-rig.ts';

const START_MS = 178_000_000 * PERIOD_SECONDS * 1000 + 5_000;
const HOUR = 3_600_000;
const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

describe('phone check-in with a linked phone', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS }, configOverrides: { phone: { appDir: stubPhoneApp() } } });
    kiosk = await startKioskDouble(f.broker.url);
  });
  afterAll(async () => {
    await kiosk?.close();
    await f?.stop();
  });
  const phone = () => new TestPhone(f.baseUrl);

  it('serves the phone app with the ticket inside the page and an HttpOnly, SameSite=Strict device cookie', async () => {
    clockMs = START_MS;
    const response = await fetch(`${f.baseUrl}/c/${tokenAt('ST-0001', clockMs)}`);
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('vs_device='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const html = await response.text();
    expect(html).toMatch(/<meta name="vs-visit" content="[^"]*ticket[^"]*">/);
    expect(html).not.toContain('?ticket=');
  });

  it('answers a code that cannot be used with a bilingual page and the right status, without JavaScript', async () => {
    clockMs = START_MS;
    const cases: [string, number, string][] = [
      [`/c/${tokenAt('ST-0001', clockMs - 3 * PERIOD_SECONDS * 1000)}`, 410, 'This code has expired'],
      [`/c/${tokenAt('ST-0001', clockMs, 'HxweHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE')}`, 403, 'This code is not valid'],
      [`/c/ST-0002/${tokenAt('ST-0001', clockMs)}`, 403, 'belongs to another station'],
      [`/c/${tokenAt('ST-0404', clockMs, 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8')}`, 404, 'not registered'],
      ['/c/not-a-token', 400, 'not a valid check-in code'],
    ];
    for (const [path, status, english] of cases) {
      const page = await fetch(`${f.baseUrl}${path}?lang=en`);
      expect(page.status, path).toBe(status);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html, path).toContain(english);
      expect(html).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await fetch(`${f.baseUrl}/c/%E0%A4%A`)).status).toBe(400);
  });

  it('links a phone with the card tap and the kiosk, then checks in and out with it, each code once', async () => {
    clockMs = START_MS + HOUR;
    const mine = phone();
    await linkPhone(f, kiosk, mine, { volunteer: 'V-0003', stationId: 'ST-0001', clockMs });
    const me = await mine.me();
    expect(me.body).toMatchObject({ linked: true, volunteerId: 'V-0003', displayName: '王*', credential: 'device-key' });
    // The linking tap itself checked V-0003 in, as any tap does.
    clockMs += 5 * 60_000;
    const page = await mine.open(`/c/${tokenAt('ST-0001', clockMs)}`);
    const out = await mine.checkIn(page.visit!);
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ ok: true, checkin: { status: 'accepted', direction: 'out', sessionMinutes: 5 }, message: { en: expect.stringContaining('Checked out: 5 minutes') } });
    expect(JSON.stringify(out.body)).not.toContain('displayName');
    await eventually(() => f.results.find((r) => r.stationId === 'ST-0001' && r.result.method === 'qr' && r.result.direction === 'out'), 10_000, 'the QR Result on the kiosk topic');
    const replay = await mine.checkIn(page.visit!);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ reason: 'replayed' });
    // Typing the own number is fine; it is checked, never trusted.
    clockMs += 60_000;
    const again = await mine.open(`/c/${tokenAt('ST-0001', clockMs)}`);
    expect((await mine.checkIn(again.visit!, { volunteer: 'v-0003' })).body).toMatchObject({ ok: true, checkin: { direction: 'in' } });
  });

  it('keeps working through the page ticket a few minutes after the code moved on, then refuses it', async () => {
    clockMs = START_MS + 2 * HOUR;
    const mine = phone();
    await linkPhone(f, kiosk, mine, { volunteer: 'V-0001', stationId: 'ST-0002', clockMs });
    clockMs += 10 * 60_000;
    const page = await mine.open(`/c/${tokenAt('ST-0002', clockMs)}`);
    clockMs += 4 * 60_000 + 59_000;
    expect((await mine.checkIn(page.visit!)).body).toMatchObject({ ok: true, checkin: { direction: 'out' } });
    clockMs += 60_000;
    const late = await mine.open(`/c/${tokenAt('ST-0002', clockMs)}`);
    clockMs += 5 * 60_000;
    const expired = await mine.checkIn(late.visit!);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ reason: 'expired' });
  });

  it('unlinks on the phone itself; the phone is then refused like any unlinked phone', async () => {
    clockMs = START_MS + 3 * HOUR;
    const mine = phone();
    await linkPhone(f, kiosk, mine, { volunteer: 'V-0002', stationId: 'ST-0001', clockMs });
    expect((await mine.request('POST', '/phone/api/unlink', {})).body).toMatchObject({ ok: true, linked: false });
    expect((await mine.me()).body).toMatchObject({ linked: false });
    clockMs += 5 * 60_000;
    const page = await mine.open(`/c/${tokenAt('ST-0001', clockMs)}`);
    const refused = await mine.checkIn(page.visit!);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ reason: 'phone-not-linked' });
  });

  it('a manager lists and revokes a volunteer\'s phones; the revocation is audited with who, when and whom', async () => {
    clockMs = START_MS + 4 * HOUR;
    const first = phone();
    const second = phone();
    await linkPhone(f, kiosk, first, { volunteer: 'V-0002', stationId: 'ST-0001', clockMs });
    clockMs += 60_000;
    await linkPhone(f, kiosk, second, { volunteer: 'V-0002', stationId: 'ST-0002', clockMs });
    const listed = await (await fetch(`${f.adminUrl}/api/volunteers/V-0002/phones`, { headers: auth })).json();
    expect(listed.phones.filter((p: { revokedAt: string | null }) => p.revokedAt === null)).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toMatch(/deviceHash|publicKey/);
    expect((await fetch(`${f.adminUrl}/api/volunteers/V-0002/phones/revoke`, { method: 'POST' })).status).toBe(401);
    // Only on the admin listener: the street-facing one does not know the route.
    expect((await fetch(`${f.baseUrl}/api/volunteers/V-0002/phones/revoke`, { method: 'POST', headers: auth })).status).toBe(404);
    const revoked = await fetch(`${f.adminUrl}/api/volunteers/V-0002/phones/revoke`, { method: 'POST', headers: auth });
    expect(await revoked.json()).toEqual({ volunteerId: 'V-0002', revoked: 2 });
    expect((await first.me()).body).toMatchObject({ linked: false });
    expect((await second.me()).body).toMatchObject({ linked: false });
    const audit = await (await fetch(`${f.adminUrl}/api/audit?volunteer=V-0002`, { headers: auth })).json();
    expect(audit.entries[0]).toMatchObject({ actor: `manager:${MANAGER.name}`, action: 'phones-revoked', volunteerId: 'V-0002', at: new Date(clockMs).toISOString(), detail: { count: 2 } });
    expect((await fetch(`${f.adminUrl}/api/volunteers/V-9999/phones/revoke`, { method: 'POST', headers: auth })).status).toBe(404);
  });

  it('links at most three phones per volunteer (V-0002 has none left after the revocation): the fourth card tap is told so on the kiosk and the phone', async () => {
    clockMs = START_MS + 5 * HOUR;
    for (let i = 0; i < 3; i++) {
      clockMs += 60_000;
      await linkPhone(f, kiosk, phone(), { volunteer: 'V-0002', stationId: 'ST-0001', clockMs });
    }
    const fourth = phone();
    const page = await fourth.open(`/c/${tokenAt('ST-0001', clockMs)}`);
    expect((await fourth.startPairing(page.visit!, 'V-0002')).status).toBe(202);
    const tap = await tapCard(f, 'ST-0001', CARDS['V-0002'], clockMs);
    expect(await kiosk.promptFor(tap, 'limit')).toMatchObject({ displayName: 'J*** S****', maxPhones: 3 });
    await eventually(async () => (await fourth.pairing()).body.pairing?.phase === 'limit', 10_000, 'the phone to hear about the limit');
    expect((await fourth.me()).body).toMatchObject({ linked: false });
  });
});

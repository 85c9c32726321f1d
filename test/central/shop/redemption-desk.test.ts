// The rewards shop end to end over real HTTP and a real Mosquitto: a linked phone
// reserves (code + QR, points held), the desk hands it over by the code, the retained
// rewards view follows the buckets, a reservation left too long returns its points,
// a city manager reverses a hand-over, and a site-staff account is refused elsewhere.
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { linkPhone, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, TestPhone, type KioskDouble } from '../../helpers/phone-rig.ts';

const START_MS = 178_000_000 * PERIOD_SECONDS * 1000 + 5_000;
const basic = (name: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });
const ALICE = basic(MANAGER.name, MANAGER.password);
const STAFF_HERE = basic('carol', 'carol password 1');
const STAFF_ELSEWHERE = basic('bob', 'bob password 12');

interface Reservation {
  id: string;
  code: string;
  qr: { size: number; rows: string[] };
  expiresAt: string;
  balanceAfter: number;
  state: string;
}

describe('rewards shop: phone reservation and the redemption desk', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  const phone = () => new TestPhone(f.baseUrl);
  let linked: TestPhone;
  const views: { items: { id: string; availability: string }[] }[] = [];
  let watcher: mqtt.MqttClient;

  const desk = async (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${f.adminUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { receipt?: Record<string, unknown>; reason?: string } };
  };

  beforeAll(async () => {
    f = await startCentralFixture({
      deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS },
      configOverrides: {
        phone: { appDir: stubPhoneApp() },
        managers: { [MANAGER.name]: hashManagerPassword(MANAGER.password), carol: hashManagerPassword('carol password 1'), bob: hashManagerPassword('bob password 12') },
        managerRoles: { carol: { role: 'site-staff', sites: ['SITE-01'] }, bob: { role: 'site-staff', sites: ['SITE-02'] } },
      },
    });
    kiosk = await startKioskDouble(f.broker.url);
    const { store } = f.central;
    await store.ledger.append({ requestId: 'seed-V-0001', volunteerId: 'V-0001', kind: 'adjusted', points: 100, at: new Date(clockMs).toISOString(), actor: 'alice', reason: 'opening balance' });
    await store.shop.publishCatalogue(
      'SITE-01',
      [
        { id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 1 },
        { id: 'soap', name: { zh: '肥皂', en: 'Soap' }, price: 5, stock: 10 },
      ],
      'alice',
      new Date(clockMs).toISOString(),
    );
    watcher = await mqtt.connectAsync(f.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    watcher.on('message', (_topic, payload) => views.push(JSON.parse(payload.toString())));
    await watcher.subscribeAsync('vs/v1/sites/SITE-01/rewards', { qos: 1 });
    linked = phone();
    await linkPhone(f, kiosk, linked, { volunteer: 'V-0001', stationId: 'ST-0001', clockMs });
  });
  afterAll(async () => {
    await watcher?.endAsync();
    await kiosk?.close();
    await f?.stop();
  });

  it('an unlinked phone is refused with phone-not-linked', async () => {
    const stranger = phone();
    await stranger.open('/phone/');
    for (const [method, path, body] of [
      ['GET', '/phone/api/rewards', undefined],
      ['GET', '/phone/api/reservations', undefined],
      ['POST', '/phone/api/reservations', { siteId: 'SITE-01', itemId: 'rice', requestId: randomUUID() }],
    ] as const) {
      const reply = await stranger.request(method, path, body);
      expect(reply.status, path).toBe(403);
      expect(reply.body).toMatchObject({ ok: false, reason: 'phone-not-linked' });
    }
    expect(await f.central.store.ledger.balance('V-0001')).toBe(100);
  });

  it('reserves on the phone: a 6-digit code with a QR, points held, once per request id; the desk hands it over by the code', async () => {
    const catalogue = await linked.request<{ balance: number; sites: { siteId: string; items: { id: string; availability: string }[] }[] }>('GET', '/phone/api/rewards');
    expect(catalogue.body).toMatchObject({ balance: 100, sites: [{ siteId: 'SITE-01', items: [{ id: 'soap', availability: 'available' }, { id: 'rice', availability: 'few-left' }] }] });
    const request = { siteId: 'SITE-01', itemId: 'rice', requestId: randomUUID() };
    const reserved = await linked.request<{ reservation: Reservation }>('POST', '/phone/api/reservations', request);
    expect(reserved.status).toBe(201);
    const { reservation } = reserved.body;
    expect(reservation.code).toMatch(/^\d{6}$/);
    expect(reservation.qr.rows).toHaveLength(reservation.qr.size);
    expect(Date.parse(reservation.expiresAt) - clockMs).toBe(15 * 60_000);
    expect(reservation.balanceAfter).toBe(70);
    const again = await linked.request<{ repeated: boolean; reservation: Reservation }>('POST', '/phone/api/reservations', request);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeated: true, reservation: { id: reservation.id, code: reservation.code } });
    expect(await f.central.store.ledger.balance('V-0001')).toBe(70);
    // The last unit is held: the public view says "out", with no count and no name.
    await eventually(() => views.at(-1)?.items.find((i) => i.id === 'rice')?.availability === 'out', 10_000, 'the rewards view to show rice out');
    expect(JSON.stringify(views.at(-1))).not.toMatch(/stock|V-0001|张/);
    expect((await linked.request<{ reservations: Reservation[] }>('GET', '/phone/api/reservations')).body.reservations.map((r) => r.code)).toEqual([reservation.code]);

    // Staff of another site: refused, nothing handed over.
    const elsewhere = await desk('POST', '/api/desk/sites/SITE-01/handovers', STAFF_ELSEWHERE, { code: reservation.code, requestId: randomUUID() });
    expect(elsewhere.status).toBe(403);
    expect((await desk('GET', `/api/desk/sites/SITE-01/codes/${reservation.code}`, STAFF_ELSEWHERE)).status).toBe(403);
    expect((await desk('GET', '/api/desk/sites', STAFF_ELSEWHERE)).body).toMatchObject({ sites: [] });

    const looked = await desk('GET', `/api/desk/sites/SITE-01/codes/${reservation.code}`, STAFF_HERE);
    expect(looked.body).toMatchObject({ ok: true, reservation: { displayName: '张*丰', item: { en: 'Rice' }, price: 30 } });
    const handOver = { code: reservation.code, requestId: randomUUID() };
    const done = await desk('POST', '/api/desk/sites/SITE-01/handovers', STAFF_HERE, handOver);
    expect(done).toMatchObject({ status: 200, body: { ok: true, repeated: false, receipt: { state: 'handed-over', handedOverBy: 'carol', balanceAfter: 70, displayName: '张*丰' } } });
    expect(JSON.stringify(done.body)).not.toContain('张三丰');
    expect((await desk('POST', '/api/desk/sites/SITE-01/handovers', STAFF_HERE, handOver)).body).toMatchObject({ ok: true, repeated: true });
    expect(await desk('POST', '/api/desk/sites/SITE-01/handovers', STAFF_HERE, { ...handOver, requestId: randomUUID() })).toMatchObject({ status: 409, body: { reason: 'not-pending' } });
    expect((await linked.request<{ reservations: Reservation[] }>('GET', '/phone/api/reservations')).body.reservations).toEqual([]);

    // Reversal: site staff may not (separation of duties); a city manager may, with a reason.
    const id = done.body.receipt!.id as string;
    const reversal = { requestId: randomUUID(), reason: 'the rice bag was torn' };
    expect((await desk('POST', `/api/desk/redemptions/${id}/reverse`, STAFF_HERE, reversal)).status).toBe(403);
    const reversed = await desk('POST', `/api/desk/redemptions/${id}/reverse`, ALICE, reversal);
    expect(reversed.body).toMatchObject({ ok: true, receipt: { state: 'reversed', closedBy: 'alice', reason: 'the rice bag was torn', balanceAfter: 100 } });
    expect(await f.central.store.ledger.balance('V-0001')).toBe(100);
    await eventually(() => views.at(-1)?.items.find((i) => i.id === 'rice')?.availability === 'few-left', 10_000, 'rice back on the view');
  });

  it('a reservation not handed over in 15 minutes returns its points and its unit; the desk is told it expired', async () => {
    const reserved = await linked.request<{ reservation: Reservation }>('POST', '/phone/api/reservations', { siteId: 'SITE-01', itemId: 'rice', requestId: randomUUID() });
    expect(reserved.body.reservation.balanceAfter).toBe(70);
    clockMs += 15 * 60_000 + 1;
    const late = await desk('POST', '/api/desk/sites/SITE-01/handovers', STAFF_HERE, { code: reserved.body.reservation.code, requestId: randomUUID() });
    expect(late).toMatchObject({ status: 410, body: { ok: false, reason: 'reservation-expired', message: { en: expect.stringContaining('points were returned') } } });
    expect(await f.central.store.ledger.balance('V-0001')).toBe(100);
    expect((await f.central.store.shop.listItems('SITE-01')).find((i) => i.id === 'rice')?.stock).toBe(1);
    expect((await linked.request<{ reservations: Reservation[] }>('GET', '/phone/api/reservations')).body.reservations).toEqual([]);
  });

  it('the phone cancels its own reservation; refusals say why (out of stock, not enough points)', async () => {
    const first = await linked.request<{ reservation: Reservation }>('POST', '/phone/api/reservations', { siteId: 'SITE-01', itemId: 'rice', requestId: randomUUID() });
    const second = await linked.request('POST', '/phone/api/reservations', { siteId: 'SITE-01', itemId: 'rice', requestId: randomUUID() });
    expect(second).toMatchObject({ status: 409, body: { ok: false, reason: 'out-of-stock', message: { zh: expect.any(String), en: expect.stringContaining('run out') } } });
    const cancelled = await linked.request('POST', `/phone/api/reservations/${first.body.reservation.id}/cancel`, { requestId: randomUUID() });
    expect(cancelled).toMatchObject({ status: 200, body: { ok: true, reservation: { state: 'cancelled', balanceAfter: 100 } } });
    await f.central.store.ledger.append({ requestId: 'spend-all', volunteerId: 'V-0001', kind: 'adjusted', points: -98, at: new Date(clockMs).toISOString(), actor: 'alice', reason: 'test' });
    expect(await linked.request('POST', '/phone/api/reservations', { siteId: 'SITE-01', itemId: 'soap', requestId: randomUUID() })).toMatchObject({ status: 409, body: { reason: 'insufficient-points' } });
    expect((await linked.request('POST', '/phone/api/reservations', { siteId: 'SITE-01', itemId: 'soap' })).status).toBe(400);
  });
});

// The card-only Redemption desk with two central replicas on one broker and one
// database: staff open the desk on one replica, the card tap reaches whichever the
// shared subscription picks, the desk page polls the other one, and the kiosk's
// Confirm, sent twice, redeems exactly once. With the desk's sessions in one replica's
// memory the second replica would answer 404 and the tap could be lost to the desk.
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCentralConfig } from '../../../central/config.ts';
import { startCentral, type RunningCentral } from '../../../central/main.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, stubPhoneApp, tapCard } from '../../helpers/phone-rig.ts';

const AUTH = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

interface SessionReply {
  session: { id: string; state: string; volunteer?: { displayName: string }; receipt?: { price: number } };
}

describe('the card desk across two replicas', () => {
  let f: CentralFixture;
  let replica: RunningCentral;
  let kiosk: mqtt.MqttClient;

  const api = async (adminPort: number, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${adminPort}${path}`, {
      method,
      headers: { ...AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as SessionReply };
  };

  beforeAll(async () => {
    f = await startCentralFixture({ configOverrides: { phone: { appDir: stubPhoneApp() } } });
    const loaded = loadCentralConfig(f.configFile, { VS_CENTRAL_HTTP_PORT: '0', VS_CENTRAL_ADMIN_HTTP_PORT: '0' });
    replica = await startCentral(loaded, { log: pino({ level: 'silent' }) });
    const at = new Date().toISOString();
    await f.central.store.ledger.append({ requestId: 'seed-V-0003', volunteerId: 'V-0003', kind: 'adjusted', points: 100, at, actor: 'alice', reason: 'opening balance' });
    await f.central.store.shop.publishCatalogue('SITE-01', [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 5 }], 'alice', at);
    kiosk = await mqtt.connectAsync(f.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  });
  afterAll(async () => {
    await kiosk?.endAsync();
    await replica?.stop();
    await f?.stop();
  });

  it('opens on one replica, is identified by a tap and polled on the other, and a repeated Confirm redeems once', async () => {
    const [one, two] = [f.central.adminHttpPort, replica.adminHttpPort];
    expect(one).not.toBe(two);
    const opened = await api(two, 'POST', '/api/desk/sessions', { stationId: 'ST-0001', requestId: randomUUID() });
    expect(opened.status).toBe(201);
    const id = opened.body.session.id;
    expect((await api(one, 'GET', `/api/desk/sessions/${id}`)).body.session.state).toBe('waiting-tap');

    // The shared subscription hands the tap to either replica; the desk sees it on both.
    const checkinId = await tapCard(f, 'ST-0001', CARDS['V-0003']);
    const seen = await eventually(async () => {
      const got = await api(one, 'GET', `/api/desk/sessions/${id}`);
      return got.body.session.state === 'identified' ? got.body.session : undefined;
    }, 10_000, 'the desk, on the other replica, to show the volunteer');
    expect(seen.volunteer?.displayName).toBe('王*');

    const offered = await api(one, 'POST', `/api/desk/sessions/${id}/offer`, { itemId: 'rice', requestId: randomUUID() });
    expect(offered.body.session.state).toBe('prompted');
    const answer = JSON.stringify({ v: 2, checkinId, kioskId: 'K-0001', confirmed: true, at: new Date().toISOString() });
    await kiosk.publishAsync('vs/v1/stations/ST-0001/desk-answers', answer, { qos: 1 });
    await kiosk.publishAsync('vs/v1/stations/ST-0001/desk-answers', answer, { qos: 1 });
    const done = await eventually(async () => {
      const got = await api(two, 'GET', `/api/desk/sessions/${id}`);
      return got.body.session.state === 'redeemed' ? got.body.session : undefined;
    }, 10_000, 'the redemption, seen on the replica that opened the desk');
    expect(done.receipt?.price).toBe(30);
    expect((await api(one, 'GET', `/api/desk/sessions/${id}`)).body.session.state).toBe('redeemed');
    // Both answers have been handled (one by each replica, or both by one): still one redemption.
    await new Promise((r) => setTimeout(r, 500));
    expect(await f.central.store.shop.listRedemptions({ volunteerId: 'V-0003' })).toHaveLength(1);
    expect(await f.central.store.ledger.balance('V-0003')).toBe(70);
  });
});

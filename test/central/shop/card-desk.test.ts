// The card-only Redemption desk over real HTTP, a real Mosquitto and SQLite: staff open
// the desk for a station, the next card tap there identifies the volunteer (and counts as
// a check-in), staff offer an item, the kiosk's Confirm redeems exactly once. Refused:
// staff of another site, an answer on another station's topic, a late answer, Cancel, a
// second answer.
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import type { DeskPrompt } from '../../../shared/index.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, PERIOD_SECONDS, stubPhoneApp, tapCard } from '../../helpers/phone-rig.ts';

const START_MS = 178_100_000 * PERIOD_SECONDS * 1000 + 5_000;
const basic = (name: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });
const STAFF_HERE = basic('carol', 'carol password 1');
const STAFF_ELSEWHERE = basic('bob', 'bob password 12');

interface SessionBody {
  session: {
    id: string;
    state: string;
    tapCountsAsCheckIn: boolean;
    volunteer?: { displayName: string; balance: number; star: number };
    receipt?: { state: string; price: number; balanceAfter: number };
    refusal?: { reason: string };
  };
}

describe('card-only redemption desk', () => {
  let f: CentralFixture;
  let clockMs = START_MS;
  let watcher: mqtt.MqttClient;
  const prompts: { stationId: string; retain: boolean; prompt: DeskPrompt }[] = [];

  const api = async <T = SessionBody>(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${f.adminUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as T & { error?: string; reason?: string } };
  };
  const answer = (stationId: string, checkinId: string, confirmed: boolean) =>
    watcher.publishAsync(`vs/v1/stations/${stationId}/desk-answers`, JSON.stringify({ v: 2, checkinId, kioskId: 'K-0001', confirmed, at: new Date(clockMs).toISOString() }), { qos: 1 });
  const promptFor = (checkinId: string, state: DeskPrompt['state']) =>
    eventually(() => prompts.find((p) => p.prompt.checkinId === checkinId && p.prompt.state === state), 10_000, `a ${state} desk prompt for ${checkinId}`);
  const redemptions = async () => f.central.store.shop.listRedemptions({ volunteerId: 'V-0003' });

  /** Opens the desk at ST-0001, taps 王五's card there, and waits for the desk to show him. */
  const openAndTap = async () => {
    clockMs += 61_000;
    const opened = await api('POST', '/api/desk/sessions', STAFF_HERE, { stationId: 'ST-0001', requestId: randomUUID() });
    expect(opened.status).toBe(201);
    expect(opened.body.session).toMatchObject({ state: 'waiting-tap', tapCountsAsCheckIn: true });
    const checkinId = await tapCard(f, 'ST-0001', CARDS['V-0003'], clockMs);
    const id = opened.body.session.id;
    const seen = await eventually(async () => {
      const got = await api('GET', `/api/desk/sessions/${id}`, STAFF_HERE);
      return got.body.session.state === 'identified' ? got.body.session : undefined;
    }, 10_000, 'the desk to show the volunteer');
    return { id, checkinId, seen };
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
    const { store } = f.central;
    await store.ledger.append({ requestId: 'seed-V-0003', volunteerId: 'V-0003', kind: 'adjusted', points: 100, at: new Date(clockMs).toISOString(), actor: 'alice', reason: 'opening balance' });
    await store.shop.publishCatalogue('SITE-01', [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 5 }], 'alice', new Date(clockMs).toISOString());
    watcher = await mqtt.connectAsync(f.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    watcher.on('message', (topic, payload, packet) => prompts.push({ stationId: topic.split('/')[3]!, retain: packet.retain, prompt: JSON.parse(payload.toString()) as DeskPrompt }));
    await watcher.subscribeAsync('vs/v1/stations/+/desk', { qos: 1 });
  });
  afterAll(async () => {
    await watcher?.endAsync();
    await f?.stop();
  });

  it('refuses staff of another site, before and after the desk is open', async () => {
    const refused = await api('POST', '/api/desk/sessions', STAFF_ELSEWHERE, { stationId: 'ST-0001', requestId: randomUUID() });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('may not act on site SITE-01');
    expect((await api('POST', '/api/desk/sessions', STAFF_HERE, { stationId: 'ST-9999', requestId: randomUUID() })).status).toBe(404);
    const opened = await api('POST', '/api/desk/sessions', STAFF_HERE, { stationId: 'ST-0001', requestId: randomUUID() });
    expect((await api('GET', `/api/desk/sessions/${opened.body.session.id}`, STAFF_ELSEWHERE)).status).toBe(403);
    expect((await api('POST', `/api/desk/sessions/${opened.body.session.id}/offer`, STAFF_ELSEWHERE, { itemId: 'rice', requestId: randomUUID() })).status).toBe(403);
    // Nothing to offer before a card is tapped.
    const early = await api('POST', `/api/desk/sessions/${opened.body.session.id}/offer`, STAFF_HERE, { itemId: 'rice', requestId: randomUUID() });
    expect(early).toMatchObject({ status: 409, body: { reason: 'not-identified' } });
    expect((await api('POST', `/api/desk/sessions/${opened.body.session.id}/close`, STAFF_HERE, {})).body.session.state).toBe('closed');
  });

  it('a tap identifies the volunteer (and is a check-in); Confirm redeems once, another station and a second answer change nothing', async () => {
    const { id, checkinId, seen } = await openAndTap();
    expect(seen.volunteer).toEqual({ displayName: '王*', balance: 100, star: 0 });
    expect(JSON.stringify(seen)).not.toMatch(/王五|55667788/);
    // The tap is also a check-in: the kiosk got its Result.
    await eventually(() => f.results.find((r) => r.result.id === checkinId), 10_000, 'the Result of the desk tap');

    const offerId = randomUUID();
    const offered = await api('POST', `/api/desk/sessions/${id}/offer`, STAFF_HERE, { itemId: 'rice', requestId: offerId });
    expect(offered.body.session.state).toBe('prompted');
    const confirm = await promptFor(checkinId, 'confirm');
    expect(confirm).toMatchObject({ stationId: 'ST-0001', retain: false, prompt: { displayName: '王*', item: { zh: '大米', en: 'Rice' }, price: 30, balance: 100 } });

    // An answer on another station's topic is not this kiosk's: nothing happens.
    await answer('ST-0002', checkinId, true);
    await eventually(() => f.logLines().find((l) => l.msg === 'desk answer ignored: no prompt waiting for it at this station' && l.stationId === 'ST-0002'), 10_000, 'the foreign answer to be ignored');
    expect((await api('GET', `/api/desk/sessions/${id}`, STAFF_HERE)).body.session.state).toBe('prompted');
    expect(await redemptions()).toHaveLength(0);
    await answer('ST-0001', checkinId, true);
    await answer('ST-0001', checkinId, true);
    await promptFor(checkinId, 'closed');
    const done = await api('GET', `/api/desk/sessions/${id}`, STAFF_HERE);
    expect(done.body.session).toMatchObject({ state: 'redeemed', receipt: { state: 'handed-over', price: 30, balanceAfter: 70 } });
    expect(prompts.find((p) => p.prompt.checkinId === checkinId && p.prompt.state === 'closed')?.prompt).toMatchObject({ outcome: 'redeemed' });
    await answer('ST-0001', checkinId, true);
    await eventually(async () => (await f.central.store.ledger.balance('V-0003')) === 70, 10_000, 'the balance after one redemption');
    expect(await redemptions()).toHaveLength(1);
    // The same offer again changes nothing either.
    expect((await api('POST', `/api/desk/sessions/${id}/offer`, STAFF_HERE, { itemId: 'rice', requestId: offerId })).body.session.state).toBe('redeemed');
    expect(await redemptions()).toHaveLength(1);
  });

  it('Cancel on the kiosk redeems nothing', async () => {
    const { id, checkinId } = await openAndTap();
    await api('POST', `/api/desk/sessions/${id}/offer`, STAFF_HERE, { itemId: 'rice', requestId: randomUUID() });
    await promptFor(checkinId, 'confirm');
    await answer('ST-0001', checkinId, false);
    expect((await promptFor(checkinId, 'closed')).prompt).toMatchObject({ outcome: 'declined' });
    expect((await api('GET', `/api/desk/sessions/${id}`, STAFF_HERE)).body.session.state).toBe('declined');
    expect(await f.central.store.ledger.balance('V-0003')).toBe(70);
    expect(await redemptions()).toHaveLength(1);
  });

  it('no answer in 60 s: the prompt expires and a late Confirm redeems nothing', async () => {
    const { id, checkinId } = await openAndTap();
    await api('POST', `/api/desk/sessions/${id}/offer`, STAFF_HERE, { itemId: 'rice', requestId: randomUUID() });
    await promptFor(checkinId, 'confirm');
    clockMs += 60_001;
    expect((await api('GET', `/api/desk/sessions/${id}`, STAFF_HERE)).body.session.state).toBe('expired');
    expect((await promptFor(checkinId, 'closed')).prompt).toMatchObject({ outcome: 'expired' });
    await answer('ST-0001', checkinId, true);
    // The late answer is handled (logged as ignored) and changes nothing.
    await eventually(() => f.logLines().find((l) => l.msg === 'desk answer ignored: no prompt waiting for it at this station' && l.checkinId === checkinId), 10_000, 'the late answer to be ignored');
    expect(await f.central.store.ledger.balance('V-0003')).toBe(70);
    expect(await redemptions()).toHaveLength(1);
  });

  it('a refusal from the shop (not enough points) reaches the desk and the kiosk', async () => {
    await f.central.store.shop.publishCatalogue('SITE-01', [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30 }, { id: 'bike', name: { zh: '自行车', en: 'Bicycle' }, price: 500, stock: 1 }], 'alice', new Date(clockMs).toISOString());
    const { id, checkinId } = await openAndTap();
    await api('POST', `/api/desk/sessions/${id}/offer`, STAFF_HERE, { itemId: 'bike', requestId: randomUUID() });
    await promptFor(checkinId, 'confirm');
    await answer('ST-0001', checkinId, true);
    expect((await promptFor(checkinId, 'closed')).prompt).toMatchObject({ outcome: 'refused' });
    expect((await api('GET', `/api/desk/sessions/${id}`, STAFF_HERE)).body.session).toMatchObject({ state: 'refused', refusal: { reason: 'insufficient-points' } });
    expect(await f.central.store.ledger.balance('V-0003')).toBe(70);
  });
});

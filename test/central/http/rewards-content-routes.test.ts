/**
 * The rewards catalogue and the star perks in the content admin API, over real HTTP,
 * against a real central on a real Mosquitto, for both stores: the shelf count from the
 * store, prices and stock corrections (audited with who) reaching the retained
 * RewardsView, a correction refused when the shelf changed since it was loaded, perks on
 * R/perks for city managers only, and every refusal by role.
 */
import mqtt from 'mqtt';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentFile } from '../../../shared/index.ts';
import { publishContentVersion } from '../../../central/content/content-versions.ts';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import type { CentralStore } from '../../../central/store/central-store.ts';
import { MANAGER, STATION_SECRETS, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const basic = (name: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${MANAGER.password}`).toString('base64')}` });
const rice = { id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30 };
const oil = { id: 'oil', name: { zh: '食用油', en: 'Cooking oil' }, price: 50 };
const perk = { id: 'bus', partner: { zh: '公交公司', en: 'Bus company' }, offer: { zh: '免费乘车一次', en: 'One free ride' }, minStar: 3, kind: 'transport' };
const FIRST = {
  v: 1,
  activities: {},
  directory: [
    { stationId: 'ST-0001', siteId: 'SITE-01', name: { zh: '1号站', en: 'Station 1' }, address: { zh: '人民路1号', en: '1 Renmin Rd' }, location: { lat: 31.2, lon: 121.4 }, services: [], hours: [] },
    { stationId: 'ST-0002', siteId: 'SITE-02', name: { zh: '2号站', en: 'Station 2' }, address: { zh: '人民路2号', en: '2 Renmin Rd' }, location: { lat: 31.2, lon: 121.4 }, services: [], hours: [] },
  ],
  rewards: { 'SITE-01': [{ ...rice, stock: 5 }, { ...oil, stock: 2 }], 'SITE-02': [{ ...rice, stock: 9 }] },
  perks: [],
} as unknown as ContentFile;

/** The retained message on `topic` now, as a kiosk connecting now would get it. */
async function retained<T>(brokerUrl: string, topic: string): Promise<T> {
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_topic, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync(topic, { qos: 1 });
    return JSON.parse(await message) as T;
  } finally {
    await client.endAsync();
  }
}

type RewardsView = { items: { id: string; price: number; availability: string }[] };
const postgres = usePostgres();

describe.each([
  ['SQLite', async (): Promise<CentralStore | undefined> => undefined],
  ['PostgreSQL', async (): Promise<CentralStore | undefined> => PgStore.connect(await postgres.freshDatabaseUrl())],
])('%s: rewards and perks in the content admin API', (_name, openStore) => {
  let f: CentralFixture;
  const call = async <T = Record<string, unknown>>(method: string, path: string, who: string = MANAGER.name, body?: unknown) => {
    const response = await fetch(`${f.adminUrl}${path}`, {
      method,
      headers: { ...basic(who), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const latest = async () => (await f.central.store.contentVersions.latest())!;
  const siteView = () => retained<RewardsView>(f.broker.url, 'vs/v1/sites/SITE-01/rewards');

  beforeAll(async () => {
    const hash = hashManagerPassword(MANAGER.password);
    const dir = mkdtempSync(join(tmpdir(), 'rewards-content-routes-'));
    const stationsFile = join(dir, 'stations.json');
    writeFileSync(
      stationsFile,
      JSON.stringify({
        'ST-0001': { siteId: 'SITE-01', secret: STATION_SECRETS['ST-0001'], name: { zh: '1号站', en: 'Station 1' } },
        'ST-0002': { siteId: 'SITE-02', secret: STATION_SECRETS['ST-0002'], name: { zh: '2号站', en: 'Station 2' } },
      }),
    );
    const store = await openStore();
    f = await startCentralFixture({
      deps: { now: () => NOW, ...(store ? { store } : {}) },
      configOverrides: {
        stationsFile,
        managers: { [MANAGER.name]: hash, desk01: hash, lead: hash },
        managerRoles: { desk01: { role: 'site-staff', sites: ['SITE-01'] }, lead: { role: 'team-leader', team: 'T-1' } },
      },
    });
    await publishContentVersion(f.central.store, { broker: { url: f.broker.url }, topicRoot: 'vs/v1' }, { content: FIRST, baseVersion: 0, by: 'cli:ops', catalogueActor: 'content:first.json', nowIso: NOW.toISOString() });
  }, 60_000);
  afterAll(async () => {
    await f?.stop();
  });

  it("gives a site its catalogue with the store's shelf count and the perks", async () => {
    // The store moves on from the file: a correction elsewhere sets rice to 4.
    await f.central.store.shop.publishCatalogue('SITE-01', [{ ...rice, stock: 4 }, oil], 'desk:other', NOW.toISOString());
    const { status, body } = await call('GET', '/api/content?site=SITE-01', 'desk01');
    expect(status).toBe(200);
    expect(body).toMatchObject({ rewards: [{ ...rice, stock: 4 }, { ...oil, stock: 2 }], rewardsHeld: { rice: 0, oil: 0 }, perks: [] });
  });

  it('lets site staff change a price and correct a stock of their own site: audited with who, on the retained RewardsView, kept out of the version', async () => {
    const base = (await latest()).version;
    const { status, body } = await call('PUT', '/api/content/rewards?site=SITE-01', 'desk01', {
      baseVersion: base,
      rewards: [{ ...rice, price: 25, stock: 4, stockSeen: 4 }, { ...oil, stock: 0, stockSeen: 2, stockReason: 'two bottles broke' }],
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.stockCorrections).toEqual([{ siteId: 'SITE-01', itemId: 'oil', from: 2, to: 0 }]);
    const version = await latest();
    expect(version).toMatchObject({ version: base + 1, by: 'manager:desk01', summary: expect.stringContaining('stock SITE-01: oil') });
    expect(version.content.rewards!['SITE-01']).toEqual([{ ...rice, price: 25 }, oil]);
    expect((await siteView()).items).toEqual([expect.objectContaining({ id: 'rice', price: 25, availability: 'available' }), expect.objectContaining({ id: 'oil', availability: 'out' })]);
    const audit = await call<{ corrections: { itemId: string; by: string; reason: string | null; detail: string }[] }>('GET', '/api/shop/stock-corrections?site=SITE-01', 'desk01');
    expect(audit.status).toBe(200);
    expect(audit.body.corrections[0]).toMatchObject({ itemId: 'oil', by: 'manager:desk01', reason: 'two bottles broke', at: NOW.toISOString(), detail: expect.stringContaining('2 -> 0') });
    // The other site's catalogue is untouched.
    expect((await f.central.store.shop.listItems('SITE-02'))[0]).toMatchObject({ id: 'rice', stock: 9, price: 30 });
  });

  it('refuses a correction made from a count that changed since, and one without the count it was made from', async () => {
    const base = (await latest()).version;
    // A hand-over (here: another correction) takes rice from 4 to 3 after the manager loaded 4.
    await f.central.store.shop.publishCatalogue('SITE-01', [{ ...rice, price: 25, stock: 3 }, oil], 'desk:other', NOW.toISOString());
    const stale = await call<{ reason: string; stale: unknown[]; message: { zh: string; en: string } }>('PUT', '/api/content/rewards?site=SITE-01', 'desk01', {
      baseVersion: base,
      rewards: [{ ...rice, price: 25, stock: 10, stockSeen: 4 }, oil],
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'stock-changed', stale: [{ itemId: 'rice', seen: 4, now: 3 }], message: { zh: expect.stringContaining('库存已变化') } });
    const unseen = await call<{ problems: { path: string }[] }>('PUT', '/api/content/rewards?site=SITE-01', 'desk01', { baseVersion: base, rewards: [{ ...rice, price: 25, stock: 10 }, oil] });
    expect(unseen.status).toBe(400);
    expect(unseen.body.problems).toEqual([{ path: 'rewards.0.stockSeen', message: expect.objectContaining({ zh: expect.any(String) }) }]);
    expect((await latest()).version).toBe(base);
    expect((await f.central.store.shop.listItems('SITE-01')).find((item) => item.id === 'rice')!.stock).toBe(3);
  });

  it('refuses a bad price at its field, a stale base with what changed, another site, and team leaders', async () => {
    const base = (await latest()).version;
    const bad = await call<{ problems: { path: string; message: { zh: string; en: string } }[] }>('PUT', '/api/content/rewards?site=SITE-01', 'desk01', { baseVersion: base, rewards: [{ ...rice, price: 0 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([{ path: 'rewards.0.price', message: { zh: 'price 须为不小于 1 的数', en: 'price must be at least 1' } }]);
    const old = await call<{ reason: string; changes: { section: string }[] }>('PUT', '/api/content/rewards?site=SITE-01', 'desk01', { baseVersion: base - 1, rewards: [rice] });
    expect(old.status).toBe(409);
    expect(old.body).toMatchObject({ reason: 'content-changed', changes: [{ section: 'rewards', siteId: 'SITE-01' }] });
    expect((await call('PUT', '/api/content/rewards?site=SITE-02', 'desk01', { baseVersion: base, rewards: [rice] })).status).toBe(403);
    expect((await call('PUT', '/api/content/rewards?site=SITE-01', 'lead', { baseVersion: base, rewards: [rice] })).status).toBe(403);
    expect((await call('GET', '/api/shop/stock-corrections?site=SITE-02', 'desk01')).status).toBe(403);
    expect((await latest()).version).toBe(base);
  });

  it('publishes perks from a city manager on R/perks and refuses site staff', async () => {
    const base = (await latest()).version;
    expect((await call('PUT', '/api/content/perks', 'desk01', { baseVersion: base, perks: [perk] })).status).toBe(403);
    const bad = await call<{ problems: { path: string }[] }>('PUT', '/api/content/perks', MANAGER.name, { baseVersion: base, perks: [{ ...perk, minStar: 6 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p) => p.path)).toEqual(['perks.0.minStar']);
    const { status } = await call('PUT', '/api/content/perks', MANAGER.name, { baseVersion: base, perks: [perk] });
    expect(status).toBe(200);
    expect((await retained<{ items: { id: string; minStar: number }[] }>(f.broker.url, 'vs/v1/perks')).items).toEqual([perk]);
    expect((await call('GET', '/api/content?site=SITE-01', 'desk01')).body).toMatchObject({ perks: [perk] });
    expect((await latest()).summary).toBe('perks: +1');
  });
});

/**
 * `GET /api/fleet` (protocol v2): the console's start, every status central holds in one
 * answer, over real HTTP against a real central on a real Mosquitto. Who sees what: a
 * city manager the whole fleet, site staff their own sites (a registered station by the
 * stations file's site, whatever its status claims), a team leader nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { MANAGER, startCentralFixture, writeTwoSiteStationsFile, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

interface Snapshot {
  stations: { stationId: string; status: { state: string; siteId?: string } }[];
  kiosks: { kioskId: string; status: { state: string; stationId: string } }[];
}

describe('GET /api/fleet', () => {
  let f: CentralFixture;
  const basic = (name: string, password = MANAGER.password) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });
  const get = (headers: Record<string, string>) => fetch(`${f.adminUrl}/api/fleet`, { headers });
  const snapshotOf = async (name: string) => {
    const res = await get(basic(name));
    expect(res.status).toBe(200);
    return (await res.json()) as Snapshot;
  };
  const ids = (snapshot: Snapshot) => ({ stations: snapshot.stations.map((s) => s.stationId).sort(), kiosks: snapshot.kiosks.map((k) => k.kioskId).sort() });
  const at = new Date().toISOString();

  beforeAll(async () => {
    const stationsFile = writeTwoSiteStationsFile();
    const hash = hashManagerPassword(MANAGER.password);
    f = await startCentralFixture({
      configOverrides: {
        stationsFile,
        managers: { [MANAGER.name]: hash, desk01: hash, lead: hash },
        managerRoles: { desk01: { role: 'site-staff', sites: ['SITE-01'] }, lead: { role: 'team-leader', team: 'T-1' } },
      },
    });
    // ST-0002 is registered on SITE-02 but claims SITE-01: the stations file decides.
    await f.publishRaw('vs/v1/stations/ST-0001/status', JSON.stringify({ v: 1, state: 'online', at, siteId: 'SITE-01' }));
    await f.publishRaw('vs/v1/stations/ST-0002/status', JSON.stringify({ v: 1, state: 'online', at, siteId: 'SITE-01' }));
    // Not in the stations file: its status's own site counts.
    await f.publishRaw('vs/v1/stations/ST-0009/status', JSON.stringify({ v: 1, state: 'online', at, siteId: 'SITE-01' }));
    await f.publishRaw('vs/v1/kiosks/K-0001/status', JSON.stringify({ v: 1, state: 'online', at, stationId: 'ST-0001', siteId: 'SITE-01' }));
    // K-0002 is ST-0002's (SITE-02) but names ST-0001.
    await f.publishRaw('vs/v1/kiosks/K-0002/status', JSON.stringify({ v: 1, state: 'online', at, stationId: 'ST-0001', siteId: 'SITE-01' }));
    await f.publishRaw('vs/v1/kiosks/K-0009/status', JSON.stringify({ v: 1, state: 'offline', reason: 'lost', stationId: 'ST-0009', siteId: 'SITE-03' }));
    await eventually(async () => ids(await snapshotOf(MANAGER.name)).kiosks.length === 3, 10_000, 'every status in the snapshot');
  }, 60_000);
  afterAll(async () => {
    await f?.stop();
  });

  it('gives a city manager every station and kiosk with its last status', async () => {
    const snapshot = await snapshotOf(MANAGER.name);
    expect(ids(snapshot)).toEqual({ stations: ['ST-0001', 'ST-0002', 'ST-0009'], kiosks: ['K-0001', 'K-0002', 'K-0009'] });
    expect(snapshot.stations.find((s) => s.stationId === 'ST-0001')?.status).toEqual({ v: 1, state: 'online', at, siteId: 'SITE-01' });
    expect(snapshot.kiosks.find((k) => k.kioskId === 'K-0009')?.status).toMatchObject({ state: 'offline', reason: 'lost' });
  });

  it("gives site staff their own sites' stations and kiosks only, by the stations file where it names them", async () => {
    expect(ids(await snapshotOf('desk01'))).toEqual({ stations: ['ST-0001', 'ST-0009'], kiosks: ['K-0001'] });
  });

  it('refuses a team leader, and anyone without the right password', async () => {
    const lead = await get(basic('lead'));
    expect(lead.status).toBe(403);
    expect(await lead.json()).toEqual({
      error: 'the account "lead" is team-leader: it sees its team\'s figures, not the fleet',
      message: { zh: '账号“lead”是团队负责人：只能查看本团队的数据，不能查看设备状态。', en: 'The account "lead" is a team leader: it sees its team\'s figures, not the fleet.' },
    });
    expect((await get({})).status).toBe(401);
    expect((await get(basic(MANAGER.name, 'wrong'))).status).toBe(401);
  });
});

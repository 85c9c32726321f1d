// Alert episodes over the admin routes: open and history lists, acknowledge once, CSV, and each account's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEpisodeRecord } from '../../../central/store/alert-store.ts';
import { basic, startReportRig, type ReportRig } from '../../helpers/report-rig.ts';

const NOW = '2026-12-01T04:00:00.000Z';
/** ST-0001/2 are SITE-01; ST-0003 and its kiosk K-0003 are SITE-02 (report-rig.ts). */
const station = (stationId: string, siteId: string, openedAt: string): AlertEpisodeRecord => ({ alert: 'station-offline', deviceId: stationId, deviceKind: 'station', stationId, siteId, since: openedAt, openedAt });

interface EpisodeJson {
  id: number;
  alert: string;
  deviceId: string;
  siteId: string;
  closedAt: string | null;
  ack: { by: string; at: string; note?: string } | null;
}

describe('alerts (admin API)', () => {
  let rig: ReportRig;
  const get = (url: string, name = 'alice') => rig.admin.inject({ method: 'GET', url, headers: basic(name) });
  const ack = (id: number | string, name = 'alice', payload: unknown = {}) => rig.admin.inject({ method: 'POST', url: `/api/alerts/${id}/ack`, headers: basic(name), payload: payload as object });
  const list = async (query = '', name = 'alice') => {
    const res = await get(`/api/alerts${query}`, name);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { episodes: EpisodeJson[] }).episodes;
  };
  const idOf = async (deviceId: string, state = 'all') => (await list(`?state=${state}`)).find((e) => e.deviceId === deviceId)!.id;

  beforeAll(async () => {
    rig = await startReportRig({ sessions: [], now: new Date(NOW) });
    await rig.store.alerts.openEpisode(station('ST-0001', 'SITE-01', '2026-12-01T01:00:00.000Z'), [], 0);
    await rig.store.alerts.closeEpisode('station-offline', 'ST-0001', '2026-12-01T01:30:00.000Z', [], 0);
    await rig.store.alerts.openEpisode(station('ST-0002', 'SITE-01', '2026-12-01T02:00:00.000Z'), [], 0);
    await rig.store.alerts.openEpisode({ ...station('ST-0003', 'SITE-02', '2026-12-01T03:00:00.000Z'), alert: 'kiosk-offline', deviceId: 'K-0003', deviceKind: 'kiosk' }, [], 0);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('lists open episodes by default and the history with state=all, newest first, narrowed by site, device and time', async () => {
    expect((await list()).map((e) => e.deviceId)).toEqual(['K-0003', 'ST-0002']);
    expect((await list('?state=all')).map((e) => `${e.deviceId} ${e.closedAt ?? 'open'}`)).toEqual(['K-0003 open', 'ST-0002 open', 'ST-0001 2026-12-01T01:30:00.000Z']);
    expect((await list('?state=all&site=SITE-01&limit=1')).map((e) => e.deviceId)).toEqual(['ST-0002']);
    expect((await list('?state=all&device=ST-0001')).map((e) => e.deviceId)).toEqual(['ST-0001']);
    expect((await list('?state=all&from=2026-12-01T01:40:00Z&to=2026-12-01T02:30:00Z')).map((e) => e.deviceId)).toEqual(['ST-0002']);
    for (const [query, words] of [
      ['?state=closed', 'must be open or all'],
      ['?limit=0', 'at least 1'],
      ['?limit=501', 'at most 500'],
      ['?from=yesterday', 'ISO 8601'],
      ['?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'must be after from'],
      ['?days=7', 'not a known parameter'],
    ] as const) {
      const bad = await get(`/api/alerts${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.body, query).toContain(words);
    }
  });

  it('records who acknowledged and when, with a note; a second ack is a 409 naming the first, which is kept', async () => {
    const id = await idOf('ST-0002');
    const first = await ack(id, 'desk01', { note: '  cable unplugged ' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().episode).toMatchObject({ id, ack: { by: 'desk01', at: NOW, note: 'cable unplugged' } });
    const second = await ack(id, 'alice');
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toBe(`alert episode ${id} was already acknowledged by desk01 at ${NOW}; the first acknowledgement is kept`);
    expect((await list()).find((e) => e.id === id)?.ack).toEqual({ by: 'desk01', at: NOW, note: 'cable unplugged' });
    // A closed episode may be acknowledged too, without a note.
    const closed = await ack(await idOf('ST-0001'));
    expect(closed.json().episode).toMatchObject({ closedAt: '2026-12-01T01:30:00.000Z', ack: { by: 'alice', at: NOW } });
    expect(closed.json().episode.ack.note).toBeUndefined();
  });

  it('refuses a nonexistent or malformed id and a bad note, saying what to do', async () => {
    const missing = await ack(999_999);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('no alert episode 999999; GET /api/alerts?state=all lists them with their ids');
    const malformed = await ack('abc');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('must be the number of an alert episode');
    const long = await ack(await idOf('K-0003'), 'alice', { note: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('at most 200 characters');
    const unknown = await ack(await idOf('K-0003'), 'alice', { note: 'ok', by: 'someone-else' });
    expect(unknown.statusCode).toBe(400);
    expect((await list()).find((e) => e.deviceId === 'K-0003')?.ack).toBeNull();
  });

  it('site staff see and ack only their own sites; a team leader a 403; no account a 401', async () => {
    expect((await list('?state=all', 'desk01')).map((e) => e.siteId)).toEqual(['SITE-01', 'SITE-01']);
    const other = await get('/api/alerts?site=SITE-02', 'desk01');
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatch(/may not act on site SITE-02/);
    const kiosk = await idOf('K-0003');
    const refused = await ack(kiosk, 'desk01');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatch(/may not act on site SITE-02/);
    expect((await list()).find((e) => e.id === kiosk)?.ack).toBeNull();
    expect((await get('/api/alerts.csv', 'desk01')).body).not.toContain('K-0003');
    for (const res of [await get('/api/alerts', 'lead1'), await ack(kiosk, 'lead1')]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatch(/team-leader/);
    }
    expect((await rig.admin.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
    expect((await rig.admin.inject({ method: 'POST', url: `/api/alerts/${kiosk}/ack` })).statusCode).toBe(401);
  });

  it('exports the history as CSV with who acknowledged and when', async () => {
    const res = await get('/api/alerts.csv?site=SITE-01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="alerts-2026-12-01.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('id,alert,device_kind,device_id,station_id,site,since,opened_at,closed_at,acked_by,acked_at,ack_note');
    expect(lines.slice(1, -1).map((l) => l.split(',').slice(1).join(','))).toEqual([
      `station-offline,station,ST-0002,ST-0002,SITE-01,2026-12-01T02:00:00.000Z,2026-12-01T02:00:00.000Z,,desk01,${NOW},cable unplugged`,
      `station-offline,station,ST-0001,ST-0001,SITE-01,2026-12-01T01:00:00.000Z,2026-12-01T01:00:00.000Z,2026-12-01T01:30:00.000Z,alice,${NOW},`,
    ]);
  });
});

// Proof of play over the admin routes: the hours a kiosk reported, by window and kiosk, CSV, and each account's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayHour } from '../../../central/store/play-store.ts';
import { basic, startReportRig, type ReportRig } from '../../helpers/report-rig.ts';

const NOW = Date.parse('2026-12-01T04:30:00.000Z');
const H = 3_600_000;
const M = 60_000;
const hourStart = Date.parse('2026-12-01T04:00:00.000Z');
const at = (hoursAgo: number) => hourStart - hoursAgo * H;
const iso = (ms: number) => new Date(ms).toISOString();
const entries = (homeMs: number): PlayHour['entries'] => [
  { screen: 'home', appVersion: '1.4.0', activitiesUpdatedAt: '2026-11-30T08:00:00.000Z', durationMs: homeMs },
  { screen: 'sleeping', appVersion: '1.4.0', durationMs: H - homeMs },
];
/** K-0003 is ST-0003's, SITE-02 (report-rig.ts); K-0001 stands for a SITE-01 kiosk stored earlier. */
const ROWS: PlayHour[] = [
  { kioskId: 'K-0003', stationId: 'ST-0003', siteId: 'SITE-02', hourMs: at(1), entries: entries(45 * M), receivedAtMs: at(0) },
  { kioskId: 'K-0003', stationId: 'ST-0003', siteId: 'SITE-02', hourMs: at(30), entries: entries(H), receivedAtMs: at(29) },
  { kioskId: 'K-0001', stationId: 'ST-0001', siteId: 'SITE-01', hourMs: at(2), entries: entries(10 * M), receivedAtMs: at(1) },
];

describe('proof of play (admin API)', () => {
  let rig: ReportRig;
  const get = (url: string, name = 'alice') => rig.admin.inject({ method: 'GET', url, headers: basic(name) });

  beforeAll(async () => {
    rig = await startReportRig({ sessions: [], now: new Date(NOW) });
    for (const row of ROWS) await rig.store.play.recordHour(row);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('answers the last 24 h by default, per kiosk and hour, with each screen and version and its duration', async () => {
    const res = await get('/api/play?kiosk=K-0003');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      from: iso(NOW - 24 * H),
      to: iso(NOW),
      hours: [{ kioskId: 'K-0003', stationId: 'ST-0003', siteId: 'SITE-02', hour: iso(at(1)), totalMs: H, entries: entries(45 * M) }],
    });
    const older = (await get(`/api/play?kiosk=K-0003&from=${iso(at(48))}&to=${iso(at(24))}`)).json() as { hours: { hour: string }[] };
    expect(older.hours.map((h) => h.hour)).toEqual([iso(at(30))]);
    const all = (await get('/api/play')).json() as { hours: { kioskId: string }[] };
    expect(all.hours.map((h) => h.kioskId)).toEqual(['K-0001', 'K-0003']);
  });

  it('exports one CSV row per screen and version, in whole seconds', async () => {
    const res = await get('/api/play.csv?kiosk=K-0003');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="play-2026-12-01.csv"');
    expect(res.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'site,station_id,kiosk_id,hour,screen,app_version,activities_updated_at,directory_updated_at,seconds',
      `SITE-02,ST-0003,K-0003,${iso(at(1))},home,1.4.0,2026-11-30T08:00:00.000Z,,2700`,
      `SITE-02,ST-0003,K-0003,${iso(at(1))},sleeping,1.4.0,,,900`,
      '',
    ]);
  });

  it('site staff see their own sites only and a 403 for another site\'s kiosk; a team leader a 403; no account a 401', async () => {
    const own = (await get('/api/play', 'desk01')).json() as { hours: { kioskId: string }[] };
    expect(own.hours.map((h) => h.kioskId)).toEqual(['K-0001']);
    for (const url of ['/api/play?kiosk=K-0003', '/api/play.csv?kiosk=K-0003']) {
      const refused = await get(url, 'desk01');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatch(/may not act on site SITE-02/);
    }
    const leader = await get('/api/play', 'lead1');
    expect(leader.statusCode).toBe(403);
    expect(leader.json().error).toMatch(/team-leader/);
    expect((await rig.admin.inject({ method: 'GET', url: '/api/play' })).statusCode).toBe(401);
  });

  it('refuses an unknown kiosk, a window backwards or over 31 days, a bad time and an unknown parameter, saying which', async () => {
    const unknown = await get('/api/play?kiosk=K-9999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatch(/K-9999/);
    const backwards = await get(`/api/play?from=${iso(NOW)}&to=${iso(NOW - H)}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('from: must be before to');
    const long = await get(`/api/play?from=${iso(NOW - 32 * 24 * H)}&to=${iso(NOW)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('31 days');
    const badTime = await get('/api/play?from=yesterday');
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('from');
    const extra = await get('/api/play?site=SITE-01');
    expect(extra.statusCode).toBe(400);
    expect(extra.body).toContain('site');
  });
});

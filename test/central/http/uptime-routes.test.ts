// Uptime history over the admin routes: exact figures for a scripted history, the 24 h timeline, CSV, and each account's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UptimeTransition } from '../../../central/store/uptime-store.ts';
import { basic, startReportRig, type ReportRig } from '../../helpers/report-rig.ts';

const NOW = Date.parse('2026-12-01T04:00:00.000Z');
const H = 3_600_000;
const ago = (hours: number) => NOW - hours * H;
const iso = (ms: number) => new Date(ms).toISOString();
const row = (deviceId: string, siteId: string, state: UptimeTransition['state'], hoursAgo: number, deviceKind: UptimeTransition['deviceKind'] = 'station'): UptimeTransition => ({ deviceKind, deviceId, siteId, state, atMs: ago(hoursAgo) });

/** ST-0001/2 and no kiosks are SITE-01; ST-0003 and its kiosk K-0003 are SITE-02 (report-rig.ts). */
const HISTORY: UptimeTransition[] = [
  // Up for 40 days but 3 h offline two days ago.
  row('ST-0001', 'SITE-01', 'online', 40 * 24),
  row('ST-0001', 'SITE-01', 'offline', 50),
  row('ST-0001', 'SITE-01', 'online', 47),
  // First seen two days ago; slept 10 h last night, frozen for 1 h this morning.
  row('ST-0002', 'SITE-01', 'online', 48),
  row('ST-0002', 'SITE-01', 'sleeping', 20),
  row('ST-0002', 'SITE-01', 'online', 10),
  row('ST-0002', 'SITE-01', 'frozen', 5),
  row('ST-0002', 'SITE-01', 'online', 4),
  // Offline exactly at the start of the 7-day window, for one day.
  row('ST-0003', 'SITE-02', 'online', 10 * 24),
  row('ST-0003', 'SITE-02', 'offline', 7 * 24),
  row('ST-0003', 'SITE-02', 'online', 6 * 24),
];

describe('uptime (admin API)', () => {
  let rig: ReportRig;
  const get = (url: string, name = 'alice') => rig.admin.inject({ method: 'GET', url, headers: basic(name) });
  const uptime = async (query = '', name = 'alice') => {
    const res = await get(`/api/uptime${query}`, name);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { at: string; sites: { siteId: string; windows: Record<string, Record<string, number | null>>; devices: { kind: string; deviceId: string; windows: Record<string, Record<string, number | null>>; timeline: { state: string; from: string; to: string }[] }[] }[] };
  };

  beforeAll(async () => {
    rig = await startReportRig({ sessions: [], now: new Date(NOW) });
    for (const t of HISTORY) await rig.store.uptime.recordTransition(t);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('gives each device and site its exact availability over 7 and 30 days, sleeping and unknown time left out', async () => {
    const body = await uptime();
    expect(body.at).toBe(iso(NOW));
    const figures = Object.fromEntries(body.sites.flatMap((s) => [[s.siteId, s.windows], ...s.devices.map((d) => [d.deviceId, d.windows])]));
    expect(figures['ST-0001']).toEqual({
      '7d': { upMs: 165 * H, downMs: 3 * H, sleepingMs: 0, unknownMs: 0, availability: 165 / 168 },
      '30d': { upMs: 717 * H, downMs: 3 * H, sleepingMs: 0, unknownMs: 0, availability: 717 / 720 },
    });
    expect(figures['ST-0002']).toEqual({
      '7d': { upMs: 37 * H, downMs: H, sleepingMs: 10 * H, unknownMs: 120 * H, availability: 37 / 38 },
      '30d': { upMs: 37 * H, downMs: H, sleepingMs: 10 * H, unknownMs: 672 * H, availability: 37 / 38 },
    });
    expect(figures['ST-0003']).toEqual({
      '7d': { upMs: 144 * H, downMs: 24 * H, sleepingMs: 0, unknownMs: 0, availability: 6 / 7 },
      '30d': { upMs: 216 * H, downMs: 24 * H, sleepingMs: 0, unknownMs: 480 * H, availability: 0.9 },
    });
    // A kiosk never heard from has no figure: not 0 %, not 100 %.
    expect(figures['K-0003']?.['7d']).toEqual({ upMs: 0, downMs: 0, sleepingMs: 0, unknownMs: 168 * H, availability: null });
    // A site is its devices' times summed.
    expect(figures['SITE-01']?.['7d']?.availability).toBe(202 / 206);
    expect(figures['SITE-01']?.['30d']?.availability).toBe(754 / 758);
    expect(figures['SITE-02']?.['7d']?.availability).toBe(144 / 168);
    expect(body.sites.map((s) => [s.siteId, s.devices.map((d) => `${d.kind} ${d.deviceId}`)])).toEqual([
      ['SITE-01', ['station ST-0001', 'station ST-0002']],
      ['SITE-02', ['kiosk K-0003', 'station ST-0003']],
    ]);
  });

  it('draws the last 24 h of each device as segments, sleeping apart from down', async () => {
    const devices = (await uptime()).sites.flatMap((s) => s.devices);
    const timeline = (id: string) => devices.find((d) => d.deviceId === id)?.timeline;
    expect(timeline('ST-0002')).toEqual([
      { state: 'online', from: iso(ago(24)), to: iso(ago(20)) },
      { state: 'sleeping', from: iso(ago(20)), to: iso(ago(10)) },
      { state: 'online', from: iso(ago(10)), to: iso(ago(5)) },
      { state: 'frozen', from: iso(ago(5)), to: iso(ago(4)) },
      { state: 'online', from: iso(ago(4)), to: iso(NOW) },
    ]);
    expect(timeline('ST-0001')).toEqual([{ state: 'online', from: iso(ago(24)), to: iso(NOW) }]);
    expect(timeline('K-0003')).toEqual([{ state: 'unknown', from: iso(ago(24)), to: iso(NOW) }]);
  });

  it('exports the same figures as CSV, a site row and a row per device for each window', async () => {
    const res = await get('/api/uptime.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uptime-2026-12-01.csv"');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('site,device_kind,device_id,station_id,window,availability_percent,up_seconds,down_seconds,sleeping_seconds,unknown_seconds');
    expect(lines).toContain('SITE-01,site,,,7d,98.058,727200,14400,36000,432000');
    expect(lines).toContain('SITE-01,station,ST-0001,ST-0001,7d,98.214,594000,10800,0,0');
    expect(lines).toContain('SITE-01,station,ST-0002,ST-0002,30d,97.368,133200,3600,36000,2419200');
    expect(lines).toContain('SITE-02,kiosk,K-0003,ST-0003,7d,,0,0,0,604800');
    // 2 sites × 2 windows × (1 site row + 2 devices), the header, and the final CRLF.
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(lines.at(-1)).toBe('');
  });

  it('site staff see their own sites, and a 403 for another; a team leader a 403; no account a 401', async () => {
    const own = await uptime('', 'desk01');
    expect(own.sites.map((s) => s.siteId)).toEqual(['SITE-01']);
    expect((await uptime('?site=SITE-01', 'desk01')).sites.map((s) => s.siteId)).toEqual(['SITE-01']);
    for (const url of ['/api/uptime?site=SITE-02', '/api/uptime.csv?site=SITE-02']) {
      const refused = await get(url, 'desk01');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatch(/may not act on site SITE-02/);
      expect(refused.body).not.toContain('ST-0003');
    }
    const csv = await get('/api/uptime.csv', 'desk01');
    expect(csv.body).not.toContain('SITE-02');
    const leader = await get('/api/uptime', 'lead1');
    expect(leader.statusCode).toBe(403);
    expect(leader.json().error).toMatch(/team-leader/);
    expect((await rig.admin.inject({ method: 'GET', url: '/api/uptime' })).statusCode).toBe(401);
  });

  it('a city manager narrows to one site; an unknown parameter is a 400 that says which', async () => {
    expect((await uptime('?site=SITE-02')).sites.map((s) => s.siteId)).toEqual(['SITE-02']);
    const bad = await get('/api/uptime?days=7');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('days');
  });
});

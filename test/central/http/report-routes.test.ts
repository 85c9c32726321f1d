// The programme's reports over the admin routes: exact figures for a scripted history, CSV, and each account's scope with its refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, startReportRig, type ReportRig, type ScriptedSession } from '../../helpers/report-rig.ts';

/** V-1, V-2 in team T-1; V-3 in T-2; V-4 in none. ST-0001/2 are SITE-01, ST-0003 SITE-02. */
const HISTORY: ScriptedSession[] = [
  { volunteer: 'V-1', station: 'ST-0001', date: '2025-12-20', minutes: 60, category: 'elderly-care' },
  { volunteer: 'V-1', station: 'ST-0001', date: '2026-09-10', minutes: 60, category: 'elderly-care' },
  { volunteer: 'V-3', station: 'ST-0003', date: '2026-09-15', minutes: 45, category: 'education' },
  { volunteer: 'V-1', station: 'ST-0003', date: '2026-10-05', minutes: 90, category: 'environment' },
  { volunteer: 'V-2', station: 'ST-0002', date: '2026-10-07', minutes: 120, category: 'elderly-care' },
  { volunteer: 'V-1', station: 'ST-0001', date: '2026-10-20', minutes: 30, category: null },
  { volunteer: 'V-1', station: 'ST-0001', date: '2026-10-21', minutes: 600, category: 'elderly-care', state: 'review' },
  { volunteer: 'V-3', station: 'ST-0003', date: '2026-11-01', minutes: 45, category: 'education' },
  { volunteer: 'V-4', station: 'ST-0001', date: '2026-11-11', minutes: 240, category: 'science' },
  { volunteer: 'V-3', station: 'ST-0003', date: '2026-11-30', minutes: 0, state: 'open' },
];

describe('reports (admin API)', () => {
  let rig: ReportRig;
  const get = (url: string, name = 'alice') => rig.admin.inject({ method: 'GET', url, headers: basic(name) });
  const report = async (query: string, name = 'alice') => {
    const res = await get(`/api/reports/service?${query}`, name);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    rig = await startReportRig({ sessions: HISTORY, target: 100 });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a city manager gets hours and events per month by site, category and team, top volunteers masked, and the yearly target', async () => {
    const body = await report('from=2026-09&to=2026-11');
    expect(body.scope).toEqual({ role: 'city-manager' });
    expect(body.months).toEqual([
      { month: '2026-09', minutes: 105, events: 2 },
      { month: '2026-10', minutes: 240, events: 3 },
      { month: '2026-11', minutes: 285, events: 2 },
    ]);
    expect(body.total).toEqual({ minutes: 630, events: 7 });
    const cells = (rows: { month: string; key: string; minutes: number; events: number }[]) => rows.map((r) => [r.month, r.key, r.minutes, r.events]);
    expect(cells(body.bySite)).toEqual([
      ['2026-09', 'SITE-01', 60, 1],
      ['2026-09', 'SITE-02', 45, 1],
      ['2026-10', 'SITE-01', 150, 2],
      ['2026-10', 'SITE-02', 90, 1],
      ['2026-11', 'SITE-01', 240, 1],
      ['2026-11', 'SITE-02', 45, 1],
    ]);
    expect(cells(body.byCategory)).toEqual([
      ['2026-09', 'education', 45, 1],
      ['2026-09', 'elderly-care', 60, 1],
      ['2026-10', 'civilised-tourism', 30, 1],
      ['2026-10', 'elderly-care', 120, 1],
      ['2026-10', 'environment', 90, 1],
      ['2026-11', 'education', 45, 1],
      ['2026-11', 'science', 240, 1],
    ]);
    expect(body.byCategory[0].label).toBe('助学支教');
    expect(cells(body.byTeam)).toEqual([
      ['2026-09', 'T-1', 60, 1],
      ['2026-09', 'T-2', 45, 1],
      ['2026-10', 'T-1', 240, 3],
      ['2026-11', 'T-2', 45, 1],
      ['2026-11', 'no-team', 240, 1],
    ]);
    expect(body.byTeam[0].label).toBe('青年队');
    expect(body.topVolunteers).toEqual([
      { rank: 1, volunteerId: 'V-4', displayName: 'L* L**', minutes: 240, events: 1 },
      { rank: 2, volunteerId: 'V-1', displayName: '张*丰', minutes: 180, events: 3 },
      { rank: 3, volunteerId: 'V-2', displayName: 'J*** S****', minutes: 120, events: 1 },
      { rank: 4, volunteerId: 'V-3', displayName: '王*', minutes: 90, events: 2 },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/张三丰|John Smith|王五|Li Lei/);
    // 2026 so far: the seven events above; the one in 2025 is last year's.
    expect(body.target).toEqual({ year: 2026, events: 7, target: 100, fraction: 0.07 });
  });

  it('site staff see their own sites only, and are refused another site', async () => {
    const body = await report('from=2026-09&to=2026-11', 'desk01');
    expect(body.scope).toEqual({ role: 'site-staff', sites: ['SITE-01'] });
    expect(body.total).toEqual({ minutes: 450, events: 4 });
    expect(body.bySite.map((r: { key: string }) => r.key)).toEqual(['SITE-01', 'SITE-01', 'SITE-01']);
    expect(body.topVolunteers.map((t: { volunteerId: string; minutes: number }) => [t.volunteerId, t.minutes])).toEqual([
      ['V-4', 240],
      ['V-2', 120],
      ['V-1', 90],
    ]);
    expect(body.target.events).toBe(4);
    const other = await get('/api/reports/service?from=2026-09&to=2026-11&site=SITE-02', 'desk01');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({
      error: 'the account "desk01" may not act on site SITE-02',
      issues: ['its sites: SITE-01'],
      message: { zh: '账号“desk01”无权操作站点 SITE-02（本账号的站点：SITE-01）。', en: 'The account "desk01" may not act on site SITE-02 (its sites: SITE-01).' },
    });
    const csv = await get('/api/reports/service.csv?from=2026-09&to=2026-11&site=SITE-02', 'desk01');
    expect(csv.statusCode).toBe(403);
  });

  it('a team leader sees their own team only, and is refused another team or a site', async () => {
    const body = await report('from=2026-09&to=2026-11', 'lead1');
    expect(body.scope).toEqual({ role: 'team-leader', team: 'T-1' });
    expect(body.months.map((m: { minutes: number; events: number }) => [m.minutes, m.events])).toEqual([
      [60, 1],
      [240, 3],
      [0, 0],
    ]);
    expect(body.byTeam.map((r: { key: string }) => r.key)).toEqual(['T-1', 'T-1']);
    expect(body.topVolunteers.map((t: { volunteerId: string }) => t.volunteerId)).toEqual(['V-1', 'V-2']);
    expect((await report('from=2026-09&to=2026-11&team=T-1', 'lead1')).total).toEqual({ minutes: 300, events: 4 });
    const otherTeam = await get('/api/reports/service?from=2026-09&to=2026-11&team=T-2', 'lead1');
    expect(otherTeam.statusCode).toBe(403);
    expect(otherTeam.json().error).toBe('the account "lead1" may see the figures of team T-1 only');
    expect((await get('/api/reports/service?from=2026-09&to=2026-11&site=SITE-01', 'lead1')).statusCode).toBe(403);
    expect((await get('/api/reports/top-volunteers.csv?from=2026-09&to=2026-11&team=T-2', 'lead1')).statusCode).toBe(403);
  });

  it('a city manager can narrow to a site and a team', async () => {
    expect((await report('from=2026-09&to=2026-11&site=SITE-02')).total).toEqual({ minutes: 180, events: 3 });
    expect((await report('from=2026-09&to=2026-11&site=SITE-02&team=T-2')).total).toEqual({ minutes: 90, events: 2 });
  });

  it('CSV downloads by category and of the top volunteers, masked', async () => {
    const res = await get('/api/reports/service.csv?from=2026-10&to=2026-10&by=category');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="service-by-category-2026-10-to-2026-10.csv"');
    expect(res.body).toBe(
      '\uFEFFmonth,category,category_label,hours,minutes,events\r\n' +
        '2026-10,civilised-tourism,文明旅游,0.50,30,1\r\n' +
        '2026-10,elderly-care,智慧助老,2.00,120,1\r\n' +
        '2026-10,environment,环境保护,1.50,90,1\r\n',
    );
    const top = await get('/api/reports/top-volunteers.csv?from=2026-09&to=2026-11');
    expect(top.body.split('\r\n').slice(0, 3)).toEqual(['\uFEFFrank,volunteer_id,display_name,hours,minutes,events', '1,V-4,L* L**,4.00,240,1', '2,V-1,张*丰,3.00,180,3']);
  });

  it('refuses a request without credentials and bad parameters, saying what is wrong', async () => {
    expect((await rig.admin.inject({ method: 'GET', url: '/api/reports/service?from=2026-09&to=2026-11' })).statusCode).toBe(401);
    const bad = await get('/api/reports/service?from=2026-13&to=2026-11&by=station');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual(['from: must be a month YYYY-MM', 'by: must be site, category or team']);
    expect((await get('/api/reports/service?from=2026-11&to=2026-09')).json().issues).toEqual(['to: must not be before from']);
    expect((await get('/api/reports/service?from=2020-01&to=2026-11')).json().issues).toEqual(['to: a report spans at most 36 months']);
  });
});

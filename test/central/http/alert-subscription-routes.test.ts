// Alert email subscriptions over the admin routes: each account's own set, its scope, and bilingual field errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, startReportRig, type ReportRig } from '../../helpers/report-rig.ts';

/** ST-0001/2 are SITE-01, ST-0003 is SITE-02 (report-rig.ts); desk01 is site staff of SITE-01, lead1 a team leader. */
describe('alert subscriptions (admin API)', () => {
  let rig: ReportRig;
  const put = (body: unknown, name = 'alice') =>
    rig.admin.inject({ method: 'PUT', url: '/api/alert-subscriptions', headers: { ...basic(name), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const get = (name = 'alice') => rig.admin.inject({ method: 'GET', url: '/api/alert-subscriptions', headers: basic(name) });
  const ops = { email: 'ops@example.org', sites: ['SITE-01'], quietHours: { from: '22:00', to: '07:00' }, immediate: true, digestAt: '08:00' };

  beforeAll(async () => {
    rig = await startReportRig({ sessions: [], now: new Date('2026-12-01T04:00:00.000Z') });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("stores and returns the account's own subscriptions, and the sites it may choose", async () => {
    const saved = await put({ subscriptions: [ops] }, 'desk01');
    expect(saved.statusCode, saved.body).toBe(200);
    const body = (await get('desk01')).json() as Record<string, unknown>;
    expect(body).toEqual({ account: 'desk01', emailConfigured: true, sites: ['SITE-01'], mayChooseAll: false, subscriptions: [ops] });
    // Another account sees its own, empty set; a city manager may choose every site.
    expect((await get('alice')).json()).toMatchObject({ account: 'alice', sites: ['SITE-01', 'SITE-02'], mayChooseAll: true, subscriptions: [] });
    expect((await put({ subscriptions: [{ ...ops, sites: 'all' }] }, 'alice')).statusCode).toBe(200);
    expect((await get('desk01')).json()).toMatchObject({ subscriptions: [ops] });
    expect((await put({ subscriptions: [] }, 'desk01')).statusCode).toBe(200);
    expect((await get('desk01')).json()).toMatchObject({ subscriptions: [] });
  });

  it('refuses site staff another site, or every site, with a 403 that names theirs; nothing is stored', async () => {
    for (const sites of [['SITE-01', 'SITE-02'], 'all']) {
      const res = await put({ subscriptions: [{ ...ops, sites }] }, 'desk01');
      expect(res.statusCode, res.body).toBe(403);
      expect(JSON.stringify(res.json())).toContain('SITE-01');
    }
    expect((await put({ subscriptions: [{ ...ops, sites: ['SITE-02'] }] }, 'desk01')).json()).toMatchObject({ issues: expect.arrayContaining([expect.stringContaining('may not subscribe to site SITE-02')]) });
    expect((await put({ subscriptions: [ops] }, 'lead1')).statusCode).toBe(403);
    expect((await get('desk01')).json()).toMatchObject({ subscriptions: [] });
  });

  it('says which field is wrong, in Chinese and English: a bad address, a bad time, an unknown site, neither mode', async () => {
    const res = await put({ subscriptions: [{ ...ops, email: 'not-an-address', quietHours: { from: '25:00', to: '07:00' } }, { email: 'b@example.org', sites: ['SITE-01'], immediate: false }] });
    expect(res.statusCode).toBe(400);
    const issues = (res.json() as { issues: string[] }).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^subscriptions\.0\.email: 不是有效的电子邮件地址 \/ is not a valid email address$/),
        expect.stringMatching(/^subscriptions\.0\.quietHours\.from: .*must be a 24-hour time HH:MM/),
        expect.stringContaining('choose immediate mail, a daily digest, or both'),
      ]),
    );
    const unknown = await put({ subscriptions: [{ ...ops, sites: ['SITE-77'] }] });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { issues: string[] }).issues).toEqual(['subscriptions.0.sites: 没有场地 SITE-77 / there is no site SITE-77']);
    expect((await get('alice')).json()).toMatchObject({ subscriptions: [{ ...ops, sites: 'all' }] });
  });
});

// Checking in from the phone FOR one of today's activities (protocol v2), end to end over
// real HTTP and a real Mosquitto: central reads the published Activities, the page offers
// today's activities of its station, the session takes the activity's category, and
// the passbook and the reports show it; another station's, tomorrow's, a cancelled or an
// unknown activity is refused without recording anything or using up the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities, PassbookReply } from '../../../shared/index.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, linkPhone, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, tapCard, TestPhone, tokenAt, type KioskDouble } from '../../helpers/phone-rig.ts';

// 2026-05-29 04:26 in Shanghai.
const START_MS = 178_000_000 * PERIOD_SECONDS * 1000 + 5_000;
const MINUTE = 60_000;
const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

const activity = (id: string, stationId: string | undefined, startsAt: string, endsAt: string, category: Activities['items'][number]['category']) => ({
  id,
  title: { zh: `活动 ${id}`, en: `Activity ${id}` },
  category,
  startsAt,
  endsAt,
  place: { zh: '活动室', en: 'Activity room' },
  organiser: { zh: '社区', en: 'Community' },
  ...(stationId ? { stationId } : {}),
});

const SITE_01_ACTIVITIES: Activities = {
  v: 1,
  updatedAt: '2026-05-28T00:00:00.000Z',
  siteId: 'SITE-01',
  items: [
    activity('homework-club', 'ST-0001', '2026-05-29T01:00:00.000Z', '2026-05-29T03:00:00.000Z', 'education-support'),
    activity('st2-clean-up', 'ST-0002', '2026-05-29T01:00:00.000Z', '2026-05-29T03:00:00.000Z', 'environment'),
    activity('tomorrow-club', 'ST-0001', '2026-05-30T01:00:00.000Z', '2026-05-30T03:00:00.000Z', 'science'),
    activity('site-wide-fair', undefined, '2026-05-29T01:00:00.000Z', '2026-05-29T03:00:00.000Z', 'culture-arts'),
    { ...activity('called-off-class', 'ST-0001', '2026-05-29T02:00:00.000Z', '2026-05-29T04:00:00.000Z', 'science'), cancelled: true as const },
  ],
};

describe('phone check-in for an activity', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  const phone = () => linked;
  let linked: TestPhone;
  const openPage = async () => {
    const page = await phone().open(`/c/${tokenAt('ST-0001', clockMs)}`);
    if (!page.visit) throw new Error(`the page did not open: ${page.status}`);
    return page as Required<typeof page>;
  };

  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS }, configOverrides: { phone: { appDir: stubPhoneApp() } } });
    kiosk = await startKioskDouble(f.broker.url);
    await f.publishRaw('vs/v1/sites/SITE-01/activities', JSON.stringify(SITE_01_ACTIVITIES));
    linked = new TestPhone(f.baseUrl);
    await linkPhone(f, kiosk, linked, { volunteer: 'V-0001', stationId: 'ST-0001', clockMs });
    // The linking tap opened a general-service session; close it, so the phone opens the next one.
    clockMs += 5 * MINUTE;
    const closed = await tapCard(f, 'ST-0001', CARDS['V-0001'], clockMs);
    await eventually(() => f.results.find((r) => r.result.id === closed), 10_000, 'check-out Result');
    clockMs += MINUTE;
  });
  afterAll(async () => {
    await kiosk?.close();
    await f?.stop();
  });

  it("offers only today's activities of the page's station, with general service's category", async () => {
    const page = await eventually(async () => {
      const opened = await openPage();
      return opened.meta.activities ? opened : undefined;
    }, 10_000, 'the activities on the page');
    expect(page.meta).toMatchObject({ stationId: 'ST-0001', stationCategory: 'civilised-tourism' });
    expect(page.meta.activities).toEqual([{ id: 'homework-club', title: { zh: '活动 homework-club', en: 'Activity homework-club' }, category: 'education', time: '09:00–11:00' }]);
  });

  it('refuses another station\'s, tomorrow\'s, a cancelled and an unknown activity, records nothing and leaves the code usable', async () => {
    const { visit } = await openPage();
    for (const activityId of ['st2-clean-up', 'tomorrow-club', 'site-wide-fair', 'called-off-class', 'no-such-activity']) {
      const refused = await phone().checkIn(visit, { activityId });
      expect(refused.status, activityId).toBe(409);
      expect(refused.body).toMatchObject({ ok: false, reason: 'unknown-activity', message: { zh: expect.stringContaining('没有签到'), en: expect.stringContaining('nothing was recorded') } });
    }
    expect((await phone().checkIn(visit, { activityId: 'bad/id' })).status).toBe(400);
    const sessions = await f.central.store.listSessions({ fromDate: '2026-05-29', toDate: '2026-05-29', volunteerId: 'V-0001' });
    expect(sessions).toHaveLength(1);
    expect(sessions.every((s) => s.endedAt !== undefined)).toBe(true);
  });

  it('a check-in for the 助学支教 activity at a 文明旅游 station gives a session and hours in 助学支教, in the passbook and the reports', async () => {
    const { visit } = await openPage();
    const opened = await phone().checkIn(visit, { activityId: 'homework-club' });
    expect(opened).toMatchObject({ status: 200, body: { ok: true, checkin: { status: 'accepted', direction: 'in' } } });
    clockMs += 90 * MINUTE;
    // Checking out needs no activity: the session keeps the category it opened with.
    const closed = await phone().checkIn((await openPage()).visit);
    expect(closed).toMatchObject({ status: 200, body: { checkin: { status: 'accepted', direction: 'out', sessionMinutes: 90 } } });

    const passbook = (await phone().request<PassbookReply>('GET', '/phone/api/passbook')).body;
    expect(passbook.recentSessions[0]).toMatchObject({ stationId: 'ST-0001', category: 'education', categoryLabel: { zh: '助学支教' }, minutes: 90 });
    expect(passbook.hours.byCategory).toContainEqual(expect.objectContaining({ category: 'education', label: expect.objectContaining({ zh: '助学支教' }), minutes: 90, sessions: 1 }));
    expect(passbook.hours.byCategory.find((c) => c.category === 'civilised-tourism')).toMatchObject({ minutes: 5 });

    const report = (await (await fetch(`${f.adminUrl}/api/reports/service?from=2026-05&to=2026-05`, { headers: auth })).json()) as { byCategory: { key: string; minutes: number; events: number }[] };
    expect(report.byCategory).toContainEqual(expect.objectContaining({ key: 'education', minutes: 90, events: 1 }));
    expect(report.byCategory).toContainEqual(expect.objectContaining({ key: 'civilised-tourism', minutes: 5, events: 1 }));
  });

  it('a v1 phone that sends no activity checks in for general service, in the station\'s category', async () => {
    clockMs += MINUTE;
    expect((await phone().checkIn((await openPage()).visit)).body).toMatchObject({ checkin: { direction: 'in' } });
    clockMs += 30 * MINUTE;
    expect((await phone().checkIn((await openPage()).visit)).body).toMatchObject({ checkin: { direction: 'out', sessionMinutes: 30 } });
    const passbook = (await phone().request<PassbookReply>('GET', '/phone/api/passbook')).body;
    expect(passbook.recentSessions[0]).toMatchObject({ category: 'civilised-tourism', minutes: 30 });
  });
});

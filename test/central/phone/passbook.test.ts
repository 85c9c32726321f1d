// The volunteer's own record on a linked phone, end to end over real HTTP and a real
// Mosquitto: hours by category and month, points and ledger, star progress, applying
// for a star and seeing the manager's decision; an unlinked phone is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassbookReply } from '../../../shared/index.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, linkPhone, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, tapCard, TestPhone, type KioskDouble } from '../../helpers/phone-rig.ts';

const START_MS = 178_000_000 * PERIOD_SECONDS * 1000 + 5_000;
const MINUTE = 60_000;
const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}`, 'content-type': 'application/json' };

describe('the phone passbook (爱心存折)', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  const linked = () => phone;
  let phone: TestPhone;

  const serve = async (stationId: string, minutes: number) => {
    const opened = await tapCard(f, stationId, CARDS['V-0001'], clockMs);
    await eventually(() => f.results.find((r) => r.result.id === opened), 10_000, 'check-in Result');
    clockMs += minutes * MINUTE;
    const closed = await tapCard(f, stationId, CARDS['V-0001'], clockMs);
    await eventually(() => f.results.find((r) => r.result.id === closed), 10_000, 'check-out Result');
    clockMs += MINUTE;
  };

  beforeAll(async () => {
    f = await startCentralFixture({
      deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS },
      configOverrides: { phone: { appDir: stubPhoneApp() }, stars: { thresholdsHours: [1, 3, 5, 8, 10] } },
    });
    kiosk = await startKioskDouble(f.broker.url);
    phone = new TestPhone(f.baseUrl);
    await linkPhone(f, kiosk, phone, { volunteer: 'V-0001', stationId: 'ST-0001', clockMs });
    clockMs += MINUTE;
  });
  afterAll(async () => {
    await kiosk?.close();
    await f?.stop();
  });

  it('refuses a phone that is not linked, with the phone API\'s reason, and shows nothing', async () => {
    const stranger = new TestPhone(f.baseUrl, 'stranger');
    await stranger.open('/phone/');
    for (const reply of [await stranger.request('GET', '/phone/api/passbook'), await stranger.request('POST', '/phone/api/stars/apply', {}), await new TestPhone(f.baseUrl).request('GET', '/phone/api/passbook')]) {
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ ok: false, reason: 'phone-not-linked', message: { zh: expect.any(String), en: expect.any(String) } });
      expect(JSON.stringify(reply.body)).not.toMatch(/V-0001|张/);
    }
  });

  it('shows total hours, hours by category and month, points and ledger, star progress and recent sessions', async () => {
    // The linking tap opened a session a minute ago (serve's first tap is a duplicate): 76 minutes in all.
    await serve('ST-0001', 75);
    const { status, body } = await linked().request<PassbookReply>('GET', '/phone/api/passbook');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      volunteerId: 'V-0001',
      displayName: '张*丰',
      hours: { totalMinutes: 76, sessions: 1, byCategory: [{ category: 'civilised-tourism', label: { zh: '文明旅游' }, minutes: 76 }] },
      points: { balance: 2, entries: [{ kind: 'earned', points: 2, balanceAfter: 2 }] },
      star: { awarded: 0, reached: 1, mode: 'apply', eligibleStar: 1, next: { star: 2, thresholdHours: 3, hoursToGo: 1.73 } },
    });
    expect(body.hours.byMonth).toHaveLength(1);
    expect(body.recentSessions[0]).toMatchObject({ stationId: 'ST-0001', stationName: { en: 'Station 1' }, category: 'civilised-tourism', categoryLabel: { en: 'Civilised tourism' }, minutes: 76, points: 2, needsReview: false });
  });

  it('applies for the star once; a manager approves it and the phone shows it', async () => {
    const applied = await linked().request<{ ok: boolean; application: { id: string; star: number }; repeated: boolean }>('POST', '/phone/api/stars/apply', {});
    expect(applied).toMatchObject({ status: 201, body: { ok: true, repeated: false, application: { star: 1, status: 'pending' } } });
    expect(await linked().request('POST', '/phone/api/stars/apply', {})).toMatchObject({ status: 200, body: { repeated: true, application: { id: applied.body.application.id } } });
    const pending = (await linked().request<PassbookReply>('GET', '/phone/api/passbook')).body.star;
    expect(pending).toMatchObject({ awarded: 0, pendingApplication: { star: 1 } });
    expect(pending.eligibleStar).toBeUndefined();

    const decided = await fetch(`${f.adminUrl}/api/bank/star-applications/${applied.body.application.id}/decision`, { method: 'POST', headers: auth, body: JSON.stringify({ decision: 'approve', reason: 'well done' }) });
    expect(decided.status).toBe(201);
    const after = (await linked().request<PassbookReply>('GET', '/phone/api/passbook')).body.star;
    expect(after).toMatchObject({ awarded: 1, reached: 1, lastDecision: { star: 1, status: 'approved', reason: 'well done' } });
    expect(after.pendingApplication).toBeUndefined();
    // Nothing more to apply for until 3 hours.
    expect(await linked().request('POST', '/phone/api/stars/apply', {})).toMatchObject({ status: 409, body: { ok: false, reason: 'not-eligible', message: { en: expect.stringContaining('more hours') } } });
  });

  it('the next check-in Result carries the awarded star for the kiosk overlay', async () => {
    const id = await tapCard(f, 'ST-0001', CARDS['V-0001'], clockMs);
    const result = await eventually(() => f.results.find((r) => r.result.id === id), 10_000, 'Result');
    expect(result.result.volunteer).toMatchObject({ displayName: '张*丰', star: 1 });
  });
});

/**
 * Reviews and corrections over real HTTP, against a real central, Mosquitto and SQLite:
 * the volunteer asks from a linked phone, a manager decides on the admin listener, and
 * the refusals (unlinked phone, another volunteer's session, site staff of another site,
 * a team leader, a second decision) are asserted with what they leave unchanged.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { rulesFromConfig } from '../../../central/timebank/rules.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { CARDS, linkPhone, PERIOD_SECONDS, startKioskDouble, stubPhoneApp, tapCard, TestPhone, tokenAt, type KioskDouble } from '../../helpers/phone-rig.ts';
import { loadCentralConfig } from '../../../central/config.ts';

/** 09:00:05 in Shanghai on 29 Nov 2026; the cutoff is 23:30 that day. */
const START_MS = Date.parse('2026-11-29T01:00:05.000Z');
const NEXT_MORNING_MS = Date.parse('2026-11-30T01:00:00.000Z');
const PASSWORD = 'correct horse';
const basic = (name: string, password = PASSWORD) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });

interface Item {
  id: string;
  source: string;
  state: string;
  volunteerId: string;
  displayName: string;
  stationId: string;
  reasons: string[];
  decision?: { outcome: string; reason: string; actor: string; old: Record<string, number | string>; new: Record<string, number | string> };
}

describe('reviews and corrections API', () => {
  let f: CentralFixture;
  let kiosk: KioskDouble;
  let clockMs = START_MS;
  let alice: TestPhone;
  let mallory: TestPhone;
  let aliceSessionId: string;
  let bobSessionId: string;
  let correctionItemId: string;

  const admin = async <T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, who: string = MANAGER.name, body?: unknown) => {
    const response = await fetch(`${f.adminUrl}${path}`, {
      method,
      headers: { ...basic(who), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const queue = async (who: string = MANAGER.name, query = '') => admin<{ items: Item[] }>('GET', `/api/reviews${query}`, who);

  beforeAll(async () => {
    const hash = hashManagerPassword(PASSWORD);
    f = await startCentralFixture({
      deps: { now: () => new Date(clockMs), periodSeconds: PERIOD_SECONDS },
      configOverrides: {
        phone: { appDir: stubPhoneApp() },
        managers: { [MANAGER.name]: hash, desk01: hash, desk02: hash, lead: hash },
        managerRoles: { desk01: { role: 'site-staff', sites: ['SITE-01'] }, desk02: { role: 'site-staff', sites: ['SITE-02'] }, lead: { role: 'team-leader', team: 'T-1' } },
      },
    });
    kiosk = await startKioskDouble(f.broker.url);
    alice = new TestPhone(f.baseUrl, 'alice');
    mallory = new TestPhone(f.baseUrl, 'mallory');
    // Linking taps V-0001's card, which opens her session; V-0002 (Bob) checks in by card too.
    await linkPhone(f, kiosk, alice, { volunteer: 'V-0001', stationId: 'ST-0001', clockMs });
    const bobTap = await tapCard(f, 'ST-0002', CARDS['V-0002'], clockMs);
    await eventually(() => f.results.find((r) => r.result.id === bobTap), 10_000, "Bob's Result");
    await mallory.open(`/c/${tokenAt('ST-0001', clockMs)}`);
    // Nobody checked out: at the cutoff both sessions close with nothing credited, for review.
    clockMs = NEXT_MORNING_MS;
    const rules = rulesFromConfig(loadCentralConfig(f.configFile, {}).config);
    expect(await f.central.store.autoCloseDueSessions(rules, clockMs)).toBe(2);
    const sessions = await f.central.store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' });
    aliceSessionId = sessions.find((s) => s.volunteerId === 'V-0001')!.id;
    bobSessionId = sessions.find((s) => s.volunteerId === 'V-0002')!.id;
  });
  afterAll(async () => {
    await kiosk?.close();
    await f?.stop();
  });

  it('lists the auto-closed sessions with masked names, and needs credentials', async () => {
    const { status, body } = await queue();
    expect(status).toBe(200);
    // Both were raised at the same cutoff; the order between them is not part of the contract.
    const items = [...body.items].sort((a, b) => a.volunteerId.localeCompare(b.volunteerId));
    expect(items.map((i) => [i.id, i.volunteerId, i.displayName, i.stationId, i.reasons, i.state])).toEqual([
      [`session:${aliceSessionId}`, 'V-0001', '张*丰', 'ST-0001', ['auto-cutoff'], 'pending'],
      [`session:${bobSessionId}`, 'V-0002', 'J*** S****', 'ST-0002', ['auto-cutoff'], 'pending'],
    ]);
    expect(JSON.stringify(body)).not.toContain('张三丰');
    expect(JSON.stringify(body)).not.toContain('John Smith');
    expect((await fetch(`${f.adminUrl}/api/reviews`)).status).toBe(401);
    expect((await queue(MANAGER.name, '?state=nope')).status).toBe(400);
    // Both were raised at this morning's check, so neither is a day old yet.
    expect((await queue(MANAGER.name, '?olderThanDays=1')).body.items).toEqual([]);
    expect((await queue(MANAGER.name, '?olderThanDays=0')).body.items).toHaveLength(2);
    expect((await queue(MANAGER.name, '?state=pending&state=all')).status).toBe(400);
  });

  it('refuses an unlinked phone and another volunteer’s session, and records nothing', async () => {
    const unlinkedGet = await mallory.request('GET', '/phone/api/corrections');
    expect(unlinkedGet).toMatchObject({ status: 403, body: { ok: false, reason: 'phone-not-linked' } });
    const unlinkedPost = await mallory.request('POST', '/phone/api/corrections', { requestId: randomUUID(), kind: 'missing-checkout', sessionId: aliceSessionId, endedAt: '2026-11-29T03:00:00.000Z' });
    expect(unlinkedPost).toMatchObject({ status: 403, body: { reason: 'phone-not-linked' } });
    const others = await alice.request('POST', '/phone/api/corrections', { requestId: randomUUID(), kind: 'missing-checkout', sessionId: bobSessionId, endedAt: '2026-11-29T03:00:00.000Z' });
    expect(others).toMatchObject({ status: 403, body: { reason: 'not-your-session', message: { en: expect.stringContaining('not yours') } } });
    const bad = await alice.request('POST', '/phone/api/corrections', { requestId: randomUUID(), kind: 'missing-session', endedAt: '2026-11-29T03:00:00.000Z' });
    expect(bad.status).toBe(400);
    expect(await f.central.store.reviews.correctionsOf('V-0001')).toEqual([]);
    expect(await f.central.store.reviews.correctionsOf('V-0002')).toEqual([]);
  });

  it('a linked phone asks for a correction once per request id, and sees it pending', async () => {
    const body = { requestId: randomUUID(), kind: 'missing-checkout', sessionId: aliceSessionId, endedAt: '2026-11-29T03:00:00.000Z', note: '忘记签退' };
    const first = await alice.request<{ correction: { id: string; state: string } }>('POST', '/phone/api/corrections', body);
    expect(first).toMatchObject({ status: 201, body: { ok: true, repeated: false, correction: { kind: 'missing-checkout', state: 'pending', stationId: 'ST-0001' } } });
    const again = await alice.request('POST', '/phone/api/corrections', body);
    expect(again).toMatchObject({ status: 200, body: { repeated: true, correction: { id: first.body.correction.id } } });
    const mine = await alice.request<{ corrections: { id: string; state: string }[]; sessions: { id: string }[] }>('GET', '/phone/api/corrections');
    expect(mine.body.corrections.map((c) => [c.id, c.state])).toEqual([[first.body.correction.id, 'pending']]);
    expect(mine.body.sessions.map((s) => s.id)).toEqual([aliceSessionId]);
    correctionItemId = `correction:${first.body.correction.id}`;
    expect((await queue()).body.items.map((i) => i.id)).toContain(correctionItemId);
  });

  it('site staff see and decide their own sites only; a team leader reviews nothing', async () => {
    expect((await queue('desk01')).body.items).toHaveLength(3);
    expect(await queue('desk02')).toEqual({ status: 200, body: { items: [] } });
    expect((await queue('desk02', '?site=SITE-01')).status).toBe(403);
    expect((await admin('GET', `/api/reviews/${correctionItemId}`, 'desk02')).status).toBe(403);
    const refused = await admin('POST', `/api/reviews/${encodeURIComponent(`session:${bobSessionId}`)}/decision`, 'desk02', { requestId: randomUUID(), outcome: 'decline', reason: 'no' });
    expect(refused).toMatchObject({ status: 403, body: { error: 'the account "desk02" may not review items of station ST-0002' } });
    expect((await queue('lead')).status).toBe(403);
    expect((await queue()).body.items.find((i) => i.id === `session:${bobSessionId}`)?.state).toBe('pending');
  });

  it('a decision needs a reason; crediting changes the balance once; a second decision gets 409', async () => {
    const path = `/api/reviews/${encodeURIComponent(correctionItemId)}/decision`;
    const noReason = await admin<{ issues: string[] }>('POST', path, MANAGER.name, { requestId: randomUUID(), outcome: 'credit', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues.join('\n')).toMatch(/reason: give a reason/);
    const future = await admin<{ reason: string; issues: string[] }>('POST', path, MANAGER.name, { requestId: randomUUID(), outcome: 'credit', endedAt: '2026-12-01T00:00:00.000Z', reason: 'ok' });
    expect(future).toMatchObject({ status: 400, body: { reason: 'invalid-end-time' } });
    expect(await f.central.store.ledger.balance('V-0001')).toBe(0);

    const decision = { requestId: randomUUID(), outcome: 'credit', reason: 'the sign-in sheet shows 11:00' };
    const credited = await admin<{ item: Item; repeated: boolean }>('POST', path, 'desk01', decision);
    expect(credited).toMatchObject({
      status: 200,
      body: { ok: true, repeated: false, item: { state: 'credited', decision: { actor: 'manager:desk01', old: { minutes: 869, points: 0 }, new: { endedAt: '2026-11-29T03:00:00.000Z', minutes: 119, points: 3 } } } },
    });
    expect(await f.central.store.ledger.balance('V-0001')).toBe(3);
    const retried = await admin('POST', path, 'desk01', decision);
    expect(retried).toMatchObject({ status: 200, body: { repeated: true } });
    const second = await admin('POST', path, MANAGER.name, { requestId: randomUUID(), outcome: 'decline', reason: 'changed my mind' });
    expect(second).toMatchObject({ status: 409, body: { reason: 'already-decided', decision: { outcome: 'credited', actor: 'manager:desk01' } } });
    expect(await f.central.store.ledger.balance('V-0001')).toBe(3);

    const detail = await admin<{ trail: { action: string; actor: string }[] }>('GET', `/api/reviews/${encodeURIComponent(correctionItemId)}`);
    expect(detail.body.trail.map((e) => [e.action, e.actor])).toEqual([
      ['held', 'central'],
      ['correction-requested', 'phone'],
      ['credited', 'manager:desk01'],
    ]);
    const audit = await admin<{ entries: { action: string; actor: string }[] }>('GET', '/api/audit?volunteer=V-0001');
    expect(audit.body.entries.slice(0, 2).map((e) => [e.action, e.actor])).toEqual([
      ['review-credited', 'manager:desk01'],
      ['correction-requested', 'phone'],
    ]);
    const mine = await alice.request<{ corrections: { state: string; decision: { reason: string; minutes: number; points: number } }[] }>('GET', '/phone/api/corrections');
    expect(mine.body.corrections[0]).toMatchObject({ state: 'credited', decision: { reason: 'the sign-in sheet shows 11:00', minutes: 119, points: 3 } });
  });

  it('staff enter a paper request for a volunteer without a phone, within their own sites', async () => {
    const paper = { volunteerId: 'V-0003', requestId: randomUUID(), kind: 'missing-session', stationId: 'ST-0002', startedAt: '2026-11-28T01:00:00.000Z', endedAt: '2026-11-28T02:30:00.000Z', note: 'paper form' };
    expect((await admin('POST', '/api/corrections', 'desk02', paper)).status).toBe(403);
    expect((await admin('POST', '/api/corrections', MANAGER.name, { ...paper, volunteerId: 'V-9999' })).status).toBe(404);
    const entered = await admin<{ item: Item & { correction: { kind: string } } }>('POST', '/api/corrections', 'desk01', paper);
    expect(entered).toMatchObject({ status: 201, body: { item: { source: 'correction', state: 'pending', volunteerId: 'V-0003', displayName: '王*', correction: { kind: 'missing-session' } } } });
    const detail = await admin<{ trail: { action: string; actor: string }[] }>('GET', `/api/reviews/${encodeURIComponent(entered.body.item.id)}`);
    expect(detail.body.trail.map((e) => [e.action, e.actor])).toEqual([['correction-requested', 'manager:desk01']]);
  });
});

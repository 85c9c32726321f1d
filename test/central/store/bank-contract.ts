/**
 * Part of the CentralStore contract (describeStoreContract runs it): the time bank's
 * service record, points rules at check-out, stars and their applications, teams, and
 * the expiry of unspent points. Semantics only: no SQL, so PostgreSQL passes it too.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore } from '../../../central/store/central-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
const NOW = '2026-11-29T12:00:00.000Z';
let seq = 0;
const tap = (at: string, stationId = 'ST-0001', cardUid = '04A1B2C3'): CardCheckInRequest => ({ id: randomUUID(), stationId, method: 'card', cardUid, seq: ++seq, at });
/** One session from `start` lasting `minutes`, closed by a second tap. */
async function serve(store: CentralStore, start: string, minutes: number, r: TimeBankRules = rules, stationId = 'ST-0001', cardUid = '04A1B2C3') {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  // Central's clock just after the check-out: older taps would be held for review (trusted-time.ts).
  return store.recordCheckIns([tap(start, stationId, cardUid), tap(end, stationId, cardUid)], r, end);
}

export function describeBankContract(name: string, createStore: () => Promise<CentralStore>): void {
  describe(`CentralStore contract, time bank: ${name}`, () => {
    let store: CentralStore;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'], teamId: 'T-east' },
        { id: 'V-2', name: 'John Smith', cards: ['11223344'], teamId: 'T-east' },
        { id: 'V-3', name: '王五', cards: ['55667788'] },
      ]);
    });
    afterEach(async () => {
      await store.close();
    });

    it("writes the station's category on each session, the default where it names none, and sums hours by category and month", async () => {
      const categorised = { ...rules, stationCategories: { 'ST-0002': 'elderly-care' as const } };
      await serve(store, '2026-10-05T01:00:00.000Z', 60, categorised, 'ST-0001');
      await serve(store, '2026-11-05T01:00:00.000Z', 90, categorised, 'ST-0002');
      await serve(store, '2026-11-06T01:00:00.000Z', 30, categorised, 'ST-0002');
      const sessions = await store.bank.recentSessions('V-1');
      expect(sessions.map((s) => [s.stationId, s.category, s.minutes])).toEqual([
        ['ST-0002', 'elderly-care', 30],
        ['ST-0002', 'elderly-care', 90],
        ['ST-0001', 'civilised-tourism', 60],
      ]);
      expect(await store.bank.serviceRecord('V-1')).toEqual({
        volunteerId: 'V-1',
        totalMinutes: 180,
        sessions: 3,
        byCategory: [
          { key: 'elderly-care', minutes: 120, sessions: 2 },
          { key: 'civilised-tourism', minutes: 60, sessions: 1 },
        ],
        byMonth: [
          { key: '2026-11', minutes: 120, sessions: 2 },
          { key: '2026-10', minutes: 60, sessions: 1 },
        ],
      });
    });

    it('caps and weights points, never hours: a 5-hour elderly-care session with a 2 h cap and weight 1.5 earns 6 points and keeps 300 minutes', async () => {
      const r = { ...rules, maxCreditedHoursPerSession: 2, categoryWeights: { 'elderly-care': 1.5 }, stationCategories: { 'ST-0001': 'elderly-care' as const } };
      const [, out] = await serve(store, '2026-11-29T01:00:00.000Z', 300, r);
      expect(out).toMatchObject({ kind: 'recorded', result: { direction: 'out', sessionMinutes: 300, pointsEarned: 6 } });
      expect(await store.ledger.balance('V-1')).toBe(6);
      expect((await store.bank.serviceRecord('V-1')).totalMinutes).toBe(300);
    });

    it('counts no hours for a session waiting for a manager (auto-closed at the cutoff)', async () => {
      await store.recordCheckIns([tap('2026-11-28T01:00:00.000Z')], rules, '2026-11-28T01:00:00.000Z');
      await store.autoCloseDueSessions(rules, Date.parse(NOW));
      const [session] = await store.bank.recentSessions('V-1');
      expect(session).toMatchObject({ needsReview: true });
      expect((await store.bank.serviceRecord('V-1')).totalMinutes).toBe(0);
    });

    it('apply mode: one pending application at a time; approving awards the star, once; every step is audited', async () => {
      expect(await store.bank.applyForStar({ id: 'A-0', volunteerId: 'V-1', star: 0, at: NOW })).toEqual({ ok: false, reason: 'not-eligible' });
      expect(await store.bank.applyForStar({ id: 'A-x', volunteerId: 'V-404', star: 1, at: NOW })).toEqual({ ok: false, reason: 'unknown-volunteer' });
      const applied = await store.bank.applyForStar({ id: 'A-1', volunteerId: 'V-1', star: 2, at: NOW });
      expect(applied).toMatchObject({ ok: true, repeated: false, application: { id: 'A-1', star: 2, status: 'pending' } });
      expect(await store.bank.applyForStar({ id: 'A-2', volunteerId: 'V-1', star: 2, at: NOW })).toMatchObject({ ok: true, repeated: true, application: { id: 'A-1' } });
      expect(await store.bank.listStarApplications({ status: 'pending' })).toHaveLength(1);

      const approved = await store.bank.decideStarApplication({ id: 'A-1', decision: 'approved', actor: 'manager:alice', reason: 'hours checked', at: '2026-11-29T13:00:00.000Z' });
      expect(approved).toMatchObject({ ok: true, repeated: false, application: { status: 'approved', decidedBy: 'manager:alice', reason: 'hours checked', decidedAt: '2026-11-29T13:00:00.000Z' } });
      expect(await store.bank.awardedStar('V-1')).toMatchObject({ star: 2, awardedBy: 'manager:alice', applicationId: 'A-1' });
      // A retried click answers the same; a different decision afterwards is refused.
      expect(await store.bank.decideStarApplication({ id: 'A-1', decision: 'approved', actor: 'manager:alice', at: NOW })).toMatchObject({ ok: true, repeated: true });
      expect(await store.bank.decideStarApplication({ id: 'A-1', decision: 'declined', actor: 'manager:bob', reason: 'no', at: NOW })).toMatchObject({ ok: false, reason: 'already-decided' });
      expect(await store.bank.decideStarApplication({ id: 'A-404', decision: 'approved', actor: 'manager:alice', at: NOW })).toEqual({ ok: false, reason: 'unknown-application' });
      // Two stars now: applying for 2 again is not eligible.
      expect(await store.bank.applyForStar({ id: 'A-3', volunteerId: 'V-1', star: 2, at: NOW })).toEqual({ ok: false, reason: 'not-eligible' });

      const audit = await store.phone.listAudit({ volunteerId: 'V-1' });
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ['star-approved', 'manager:alice'],
        ['star-awarded', 'manager:alice'],
        ['star-applied', 'phone'],
      ]);
      expect(audit[0]!.detail).toEqual({ applicationId: 'A-1', star: 2, from: 0, to: 2, reason: 'hours checked' });
    });

    it('declining keeps the star, records why, and lets the volunteer apply again later', async () => {
      await store.bank.applyForStar({ id: 'A-1', volunteerId: 'V-2', star: 1, at: NOW });
      expect(await store.bank.decideStarApplication({ id: 'A-1', decision: 'declined', actor: 'manager:alice', reason: 'hours under review', at: NOW })).toMatchObject({
        ok: true,
        application: { status: 'declined', reason: 'hours under review' },
      });
      expect(await store.bank.awardedStar('V-2')).toBeUndefined();
      expect((await store.phone.listAudit({ volunteerId: 'V-2' }))[0]).toMatchObject({ action: 'star-declined', detail: { from: 0, to: 0, reason: 'hours under review' } });
      expect(await store.bank.applyForStar({ id: 'A-2', volunteerId: 'V-2', star: 1, at: NOW })).toMatchObject({ ok: true, repeated: false });
    });

    it('auto mode awards the star at the check-out that reaches its threshold, and the Result carries it', async () => {
      const auto = { ...rules, stars: { thresholdsHours: [1, 2, 3, 4, 5], mode: 'auto' as const } };
      const [, first] = await serve(store, '2026-11-29T01:00:00.000Z', 59, auto);
      expect(first).toMatchObject({ result: { direction: 'out' } });
      expect(first!.kind === 'recorded' && first!.result.volunteer?.['star']).toBeFalsy();
      expect(await store.bank.awardedStar('V-1')).toBeUndefined();
      const [, second] = await serve(store, '2026-11-29T03:00:00.000Z', 61, auto);
      expect(second).toMatchObject({ result: { volunteer: { star: 2 } } });
      expect(await store.bank.awardedStar('V-1')).toMatchObject({ star: 2, awardedBy: 'central' });
      // Apply mode never promotes by itself.
      await serve(store, '2026-11-29T01:00:00.000Z', 180, { ...auto, stars: { ...auto.stars, mode: 'apply' } }, 'ST-0001', '11223344');
      expect(await store.bank.awardedStar('V-2')).toBeUndefined();
    });

    it('teams: the volunteer import creates and assigns teams; figures sum members\' hours', async () => {
      expect(await store.bank.upsertTeams([{ id: 'T-east', name: '东区队', leaderVolunteerId: 'V-1' }, { id: 'T-west', name: '西区队' }])).toEqual({ created: 1, updated: 1 });
      await serve(store, '2026-11-29T01:00:00.000Z', 60);
      await serve(store, '2026-11-29T01:00:00.000Z', 30, rules, 'ST-0001', '11223344');
      await serve(store, '2026-11-29T01:00:00.000Z', 45, rules, 'ST-0001', '55667788');
      expect(await store.bank.teamFigures('T-east')).toEqual({
        id: 'T-east',
        name: '东区队',
        leaderVolunteerId: 'V-1',
        totalMinutes: 90,
        sessions: 2,
        members: [
          { volunteerId: 'V-1', name: '张三丰', minutes: 60, star: 0 },
          { volunteerId: 'V-2', name: 'John Smith', minutes: 30, star: 0 },
        ],
      });
      expect(await store.bank.teamFigures('T-nope')).toBeUndefined();
      expect(await store.bank.teamOf('V-1')).toBe('T-east');
      expect(await store.bank.teamOf('V-3')).toBeUndefined();
      // Upserting without a team leaves it; null clears it.
      await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
      expect(await store.bank.teamOf('V-1')).toBe('T-east');
      await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'], teamId: null }]);
      expect(await store.bank.teamOf('V-1')).toBeUndefined();
      expect((await store.bank.listStarApplications({ teamId: 'T-east' })).length).toBe(0);
    });

    it('expires unspent earned points after N years, FIFO, once however often it runs', async () => {
      await serve(store, '2022-01-10T01:00:00.000Z', 300); // 10 points, 2022
      await serve(store, '2025-01-10T01:00:00.000Z', 300); // 10 points, 2025
      await store.ledger.append({ requestId: 'spend-1', volunteerId: 'V-1', kind: 'redeemed', points: -4, at: '2025-02-01T00:00:00.000Z' });
      const now = Date.parse('2026-06-01T00:00:00.000Z');
      expect(await store.bank.expirePoints(now, 3)).toBe(1);
      expect(await store.bank.expirePoints(now, 3)).toBe(0);
      const [latest] = (await store.ledger.entries('V-1')).entries;
      expect(latest).toMatchObject({ kind: 'expired', points: -6, balanceAfter: 10, actor: 'central' });
      expect(latest!.requestId).toMatch(/^expired:\d+$/);
      expect(await store.ledger.balance('V-1')).toBe(10);
      // Without anything old enough, nothing happens.
      expect(await store.bank.expirePoints(Date.parse('2027-01-01T00:00:00.000Z'), 3)).toBe(0);
    });
  });
}

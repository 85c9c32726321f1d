/**
 * Part of the CentralStore contract (describeStoreContract runs it): the store applies
 * the protocol v2 time rule atomically with the pairing rule. A tap ahead of central's
 * clock is recorded as rejected and touches nothing; a tap central cannot date holds
 * its session for review, crediting no minutes and no points, with the reason stored.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore, RecordOutcome } from '../../../central/store/central-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 6 };
const NOW = '2026-11-29T12:00:00.000Z';
const HOUR = 3_600_000;
const hoursFromNow = (h: number, nowIso = NOW) => new Date(Date.parse(nowIso) + h * HOUR).toISOString();
let seq = 0;
const tap = (at: string): CardCheckInRequest => ({ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: ++seq, at });
const resultOf = (outcome: RecordOutcome | undefined) => (outcome?.kind === 'recorded' ? outcome.result : undefined);

export function describeTrustedTimeContract(name: string, createStore: () => Promise<CentralStore>): void {
  describe(`CentralStore contract, trusted times: ${name}`, () => {
    let store: CentralStore;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
    });
    afterEach(async () => {
      await store.close();
    });
    const sessionsOfTheWeek = () => store.listSessions({ fromDate: '2026-11-25', toDate: '2026-12-02' });

    it('a check-out dated 10 h ahead is rejected clock-ahead: the session stays open, nothing is credited, and a real check-out later is', async () => {
      const [opened] = await store.recordCheckIns([tap(NOW)], rules, NOW);
      const forged = tap(hoursFromNow(10));
      const [ahead] = await store.recordCheckIns([forged], rules, hoursFromNow(0.05));
      expect(resultOf(ahead)).toMatchObject({ status: 'rejected', reason: 'clock-ahead' });
      expect(resultOf(ahead)?.pointsEarned).toBeUndefined();
      expect((await sessionsOfTheWeek()).map((s) => [s.endedAt ?? 'open', s.minutes, s.points])).toEqual([['open', undefined, undefined]]);
      // The refusal is final for that id, and the station's activity is not moved into the future.
      const [again] = await store.recordCheckIns([forged], rules, hoursFromNow(1));
      expect(again).toMatchObject({ repeated: true, result: resultOf(ahead) });
      expect((await store.listStationActivity())[0]?.lastCheckInAt).toBe(hoursFromNow(0.05));
      const [out] = await store.recordCheckIns([tap(hoursFromNow(1))], rules, hoursFromNow(1));
      expect(resultOf(opened)).toMatchObject({ status: 'accepted', direction: 'in' });
      expect(resultOf(out)).toMatchObject({ status: 'accepted', direction: 'out', sessionMinutes: 60, pointsEarned: 2, volunteer: { points: 2 } });
      expect(resultOf(out)?.reviewReason).toBeUndefined();
    });

    it('a session opened with at = 2030 is rejected, and the real taps after it open and close a credited session', async () => {
      const [future] = await store.recordCheckIns([tap('2030-01-01T00:00:00.000Z')], rules, NOW);
      expect(resultOf(future)).toMatchObject({ status: 'rejected', reason: 'clock-ahead' });
      expect(await sessionsOfTheWeek()).toEqual([]);
      const [inTap] = await store.recordCheckIns([tap(NOW)], rules, NOW);
      const [outTap] = await store.recordCheckIns([tap(hoursFromNow(2))], rules, hoursFromNow(2));
      expect(resultOf(inTap)).toMatchObject({ status: 'accepted', direction: 'in' });
      expect(resultOf(outTap)).toMatchObject({ status: 'accepted', direction: 'out', sessionMinutes: 120, pointsEarned: 4 });
    });

    it('taps from a clock 10 h behind open and close a session held for review, crediting no minutes and no points', async () => {
      const [opened] = await store.recordCheckIns([tap(hoursFromNow(-10))], rules, NOW);
      const [closed] = await store.recordCheckIns([tap(hoursFromNow(-9, hoursFromNow(1)))], rules, hoursFromNow(1));
      expect(resultOf(opened)).toMatchObject({ status: 'accepted', direction: 'in', reviewReason: 'clock-behind', volunteer: { minutesToday: 0, points: 0 } });
      expect(resultOf(closed)).toMatchObject({ status: 'accepted', direction: 'out', sessionMinutes: 0, pointsEarned: 0, reviewReason: 'clock-behind', volunteer: { minutesToday: 0, points: 0 } });
      const sessions = await sessionsOfTheWeek();
      expect(sessions.map((s) => [s.startedAt, s.endedAt, s.minutes, s.points, s.closedBy, s.needsReview, s.reviewReasons])).toEqual([
        [hoursFromNow(-10), hoursFromNow(-8), 0, 0, 'tap', true, ['clock-behind']],
      ]);
      // A trusted session afterwards earns as usual; the held one added nothing to the balance.
      await store.recordCheckIns([tap(hoursFromNow(2))], rules, hoursFromNow(2));
      const [later] = await store.recordCheckIns([tap(hoursFromNow(3))], rules, hoursFromNow(3));
      expect(resultOf(later)).toMatchObject({ direction: 'out', sessionMinutes: 60, pointsEarned: 2, volunteer: { points: 2 } });
      expect(resultOf(later)?.reviewReason).toBeUndefined();
    });

    it('a tap dated before the open session started holds that session; its check-out then credits nothing', async () => {
      await store.recordCheckIns([tap(NOW)], rules, NOW);
      const [early] = await store.recordCheckIns([tap(hoursFromNow(-1))], rules, hoursFromNow(0.1));
      expect(resultOf(early)).toMatchObject({ status: 'duplicate', sessionStartedAt: NOW, reviewReason: 'before-session-start' });
      const [out] = await store.recordCheckIns([tap(hoursFromNow(2))], rules, hoursFromNow(2));
      expect(resultOf(out)).toMatchObject({ direction: 'out', sessionMinutes: 0, pointsEarned: 0, reviewReason: 'before-session-start', volunteer: { points: 0 } });
      expect((await sessionsOfTheWeek()).map((s) => [s.needsReview, s.reviewReasons, s.points])).toEqual([[true, ['before-session-start'], 0]]);
    });

    it('a held session still open at the cutoff is auto-closed with no minutes, keeping both reasons', async () => {
      await store.recordCheckIns([tap(hoursFromNow(-10))], rules, NOW);
      expect(await store.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:30:00.000Z'))).toBe(1);
      expect((await sessionsOfTheWeek()).map((s) => [s.closedBy, s.minutes, s.points, s.reviewReasons])).toEqual([['auto-cutoff', 0, 0, ['clock-behind', 'auto-cutoff']]]);
    });
  });
}

// Protocol v2 trusted times through the real central: stations whose clocks are 10 h
// ahead or 10 h behind publish CheckIns over a real Mosquitto, and we assert the Result
// each gets, that nothing was credited (minutes, points), and the review hold.
// Central's clock is fixed per case (14:00 in Shanghai), so local dates and the cutoff never move.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/index.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const HOUR = 3_600_000;
const CARD = { uid: '04A1B2C3', tech: 'em4100' as const };

describe('trusted check-in times (real Mosquitto, real SQLite)', () => {
  let f: CentralFixture;
  let centralNowMs = Date.parse('2026-11-29T06:00:00.000Z');
  const central = (hours: number) => new Date(centralNowMs + hours * HOUR).toISOString();
  beforeEach(async () => {
    centralNowMs = Date.parse('2026-11-29T06:00:00.000Z');
    f = await startCentralFixture({ deps: { now: () => new Date(centralNowMs) } });
  });
  afterEach(async () => {
    await f?.stop();
  });

  let seq = 0;
  /** A card tap at `stationId`, dated by that station's clock, answered by central. */
  async function tapAt(stationId: string, at: string): Promise<Result> {
    const sent = await f.publishCheckIn({ stationId, seq: ++seq, card: CARD, at });
    return (await eventually(() => f.results.find((r) => r.result.id === sent.id), 10_000, `Result for the tap dated ${at}`)).result;
  }
  const sessions = () => f.central.store.listSessions({ fromDate: '2026-11-20', toDate: '2026-12-31' });

  it('a station whose clock is 10 h ahead is refused clock-ahead: the session it would close stays open, and nothing is credited', async () => {
    expect(await tapAt('ST-0001', central(0))).toMatchObject({ status: 'accepted', direction: 'in' });
    // The reported forgery: a check-out dated now + 10 h used to earn 601 minutes and 20 points.
    const ahead = await tapAt('ST-0002', central(10));
    expect(ahead).toMatchObject({ status: 'rejected', reason: 'clock-ahead' });
    expect(ahead.sessionMinutes).toBeUndefined();
    expect(ahead.pointsEarned).toBeUndefined();
    expect((await sessions()).map((s) => [s.endedAt ?? 'open', s.points ?? 0, s.needsReview])).toEqual([['open', 0, false]]);
    expect(f.logLines().some((l) => l.msg === 'check-in rejected' && l.reason === 'clock-ahead' && l.stationId === 'ST-0002')).toBe(true);
    // A real check-out an hour later is credited for that hour only.
    centralNowMs += HOUR;
    expect(await tapAt('ST-0001', central(0))).toMatchObject({
      status: 'accepted',
      direction: 'out',
      sessionMinutes: 60,
      pointsEarned: 2,
      volunteer: { minutesToday: 60, points: 2 },
    });
  });

  it('a station whose clock is 10 h behind: its taps are recorded, the session waits for review, and no minutes or points are credited', async () => {
    const opened = await tapAt('ST-0002', central(-10));
    expect(opened).toMatchObject({ status: 'accepted', direction: 'in', reviewReason: 'clock-behind', volunteer: { minutesToday: 0, points: 0 } });
    centralNowMs += HOUR;
    const closed = await tapAt('ST-0002', central(-10));
    expect(closed).toMatchObject({
      status: 'accepted',
      direction: 'out',
      sessionMinutes: 0,
      pointsEarned: 0,
      reviewReason: 'clock-behind',
      volunteer: { minutesToday: 0, points: 0 },
    });
    const held = await sessions();
    expect(held.map((s) => [s.stationId, s.startedAt, s.endedAt, s.minutes, s.points, s.needsReview, s.reviewReasons])).toEqual([
      ['ST-0002', '2026-11-28T20:00:00.000Z', '2026-11-28T21:00:00.000Z', 0, 0, true, ['clock-behind']],
    ]);
    expect(f.logLines().some((l) => l.msg === 'session held for review' && l.reviewReason === 'clock-behind' && l.stationId === 'ST-0002')).toBe(true);
    // Both taps are kept as evidence: a repeat of either gets the same answer.
    const again = await f.publishCheckIn({ stationId: 'ST-0002', seq: seq, card: CARD, at: central(-10), id: closed.id });
    const repeats = await eventually(() => (f.results.filter((r) => r.result.id === again.id).length >= 2 ? f.results.filter((r) => r.result.id === again.id) : undefined), 10_000, 'repeat');
    expect(repeats[1]!.result).toEqual(closed);
  });

  it('a tap dated before the open session began holds that session: its check-out credits nothing', async () => {
    await tapAt('ST-0001', central(0));
    expect(await tapAt('ST-0002', central(-1))).toMatchObject({ status: 'duplicate', sessionStartedAt: central(0), reviewReason: 'before-session-start' });
    centralNowMs += 2 * HOUR;
    expect(await tapAt('ST-0001', central(0))).toMatchObject({ direction: 'out', sessionMinutes: 0, pointsEarned: 0, reviewReason: 'before-session-start' });
    expect((await sessions()).map((s) => [s.needsReview, s.reviewReasons, s.points])).toEqual([[true, ['before-session-start'], 0]]);
  });

  it('a session opened with at = 2030 is refused, and the real taps after it check in and out as usual', async () => {
    expect(await tapAt('ST-0001', '2030-01-01T00:00:00.000Z')).toMatchObject({ status: 'rejected', reason: 'clock-ahead' });
    expect(await sessions()).toEqual([]);
    centralNowMs += 60_000;
    expect(await tapAt('ST-0001', central(0))).toMatchObject({ status: 'accepted', direction: 'in' });
    centralNowMs += 90 * 60_000;
    expect(await tapAt('ST-0001', central(0))).toMatchObject({ status: 'accepted', direction: 'out', sessionMinutes: 90, pointsEarned: 3, volunteer: { points: 3 } });
    expect((await f.central.store.listStationActivity()).find((a) => a.stationId === 'ST-0001')?.lastCheckInAt).toBe(central(0));
  });
});

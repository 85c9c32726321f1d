// Check-ins through a real Mosquitto into a real SQLite file: exactly once per id,
// the same Result for every repeat, unknown cards, seq gaps, and bad payloads.
// Every case gets its own broker, store and metrics, so it passes alone and in any order.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

describe('check-in consumer (real Mosquitto, real SQLite)', () => {
  let f: CentralFixture;
  /** Central's clock: real time unless a case dates its taps on a fixed day (protocol v2 holds old taps for review). */
  let centralNow: string | undefined;
  beforeEach(async () => {
    centralNow = undefined;
    f = await startCentralFixture({ deps: { now: () => (centralNow !== undefined ? new Date(centralNow) : new Date()) } });
  });
  afterEach(async () => {
    await f?.stop();
  });

  const resultsFor = (id: string) => f.results.filter((r) => r.result.id === id);

  it('records the same check-in id sent 3 times once, and answers all 3 with the same Result', async () => {
    centralNow = '2026-11-29T01:00:01.000Z';
    const checkIn = await f.publishCheckIn({ seq: 1, at: '2026-11-29T01:00:00.000Z' });
    await f.publishCheckIn(checkIn);
    await f.publishCheckIn(checkIn);
    const answers = await eventually(() => (resultsFor(checkIn.id).length >= 3 ? resultsFor(checkIn.id) : undefined), 10_000, '3 Results');
    expect(answers.map((a) => a.stationId)).toEqual(['ST-0001', 'ST-0001', 'ST-0001']);
    expect(answers[1]!.result).toEqual(answers[0]!.result);
    expect(answers[2]!.result).toEqual(answers[0]!.result);
    expect(answers[0]!.result).toMatchObject({ status: 'accepted', direction: 'in', method: 'card', volunteer: { displayName: '张*丰', minutesToday: 0, points: 0 } });
    const sessions = await f.central.store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29', volunteerId: 'V-0001' });
    expect(sessions).toHaveLength(1);
    const counted = await f.metrics.checkinsTotal.get();
    const repeated = counted.values.filter((v) => v.labels.repeated === 'true').reduce((n, v) => n + v.value, 0);
    expect(repeated).toBe(2);
  });

  it('answers a second tap within minSessionMinutes as a duplicate, and a later one as a check-out with points', async () => {
    centralNow = '2026-11-29T02:15:31.000Z';
    const opening = await f.publishCheckIn({ seq: 1, at: '2026-11-29T01:00:00.000Z' });
    const opened = await eventually(() => resultsFor(opening.id)[0], 10_000, 'check-in Result');
    expect(opened.result).toMatchObject({ status: 'accepted', direction: 'in' });
    const early = await f.publishCheckIn({ seq: 2, at: '2026-11-29T01:01:00.000Z' });
    const dup = await eventually(() => resultsFor(early.id)[0], 10_000, 'duplicate Result');
    expect(dup.result).toMatchObject({ status: 'duplicate', sessionStartedAt: '2026-11-29T01:00:00.000Z' });
    const out = await f.publishCheckIn({ seq: 3, at: '2026-11-29T02:15:30.000Z' });
    const answer = await eventually(() => resultsFor(out.id)[0], 10_000, 'check-out Result');
    // 75 minutes at 2 points per hour = 2.5, rounded down to 2.
    expect(answer.result).toMatchObject({
      status: 'accepted',
      direction: 'out',
      sessionMinutes: 75,
      pointsEarned: 2,
      volunteer: { displayName: '张*丰', minutesToday: 75, points: 2 },
    });
  });

  it('rejects an unknown card with reason unknown-card', async () => {
    const checkIn = await f.publishCheckIn({ seq: 1, card: { uid: 'DEADBEEF', tech: 'iso14443a' } });
    const answer = await eventually(() => resultsFor(checkIn.id)[0], 10_000, 'rejected Result');
    expect(answer.result).toMatchObject({ status: 'rejected', reason: 'unknown-card' });
    expect(answer.result.volunteer).toBeUndefined();
    const logged = JSON.stringify(f.logLines());
    expect(logged).toContain('…BEEF');
    expect(logged).not.toContain('DEADBEEF');
  });

  it('rejects a check-in from a station missing from the stations file', async () => {
    const checkIn = await f.publishCheckIn({ stationId: 'ST-9999', seq: 1 });
    const answer = await eventually(() => resultsFor(checkIn.id)[0], 10_000, 'rejected Result');
    expect(answer).toMatchObject({ stationId: 'ST-9999', result: { status: 'rejected', reason: 'unknown-station' } });
  });

  it('detects a seq gap, logs it, counts it and lists it; a late arrival fills it', async () => {
    const jumped = await f.publishCheckIn({ stationId: 'ST-0002', seq: 1, card: { uid: '55667788', tech: 'em4100' } });
    await eventually(() => resultsFor(jumped.id)[0], 10_000, 'first Result');
    const after = await f.publishCheckIn({ stationId: 'ST-0002', seq: 5, card: { uid: '11223344', tech: 'em4100' } });
    await eventually(() => resultsFor(after.id)[0], 10_000, 'Result after the gap');
    expect(await f.central.store.listSeqGaps('ST-0002')).toEqual([{ stationId: 'ST-0002', fromSeq: 2, toSeq: 4, detectedAt: expect.any(String) }]);
    expect(f.logLines().some((l) => l.msg === 'seq gap: check-ins missing from this station' && l.fromSeq === 2 && l.toSeq === 4)).toBe(true);
    expect((await f.metrics.seqMissingTotal.get()).values[0]?.value).toBe(3);
    const late = await f.publishCheckIn({ stationId: 'ST-0002', seq: 3, card: { uid: 'CAFEBABE', tech: 'em4100' } });
    await eventually(() => resultsFor(late.id)[0], 10_000, 'late Result');
    expect((await f.central.store.listSeqGaps('ST-0002')).map((g) => [g.fromSeq, g.toSeq])).toEqual([[2, 2], [4, 4]]);
  });

  it('drops malformed JSON and invalid check-ins with a logged reason, and keeps serving', async () => {
    const topic = 'vs/v1/stations/ST-0001/checkins';
    await f.publishRaw(topic, '{not json');
    await f.publishRaw(topic, JSON.stringify({ v: 1, id: 'nope', stationId: 'ST-0001' }));
    // Sent as bytes: 0xFF and 0xFE never occur in UTF-8 (RFC 3629 §1). As a JS string they
    // would go out re-encoded as valid UTF-8 and only test the JSON reason again.
    await f.publishRaw(topic, Buffer.from([0xff, 0xfe, 0x7b]));
    const mismatched = { v: 1, id: randomUUID(), stationId: 'ST-0002', seq: 9, method: 'card', card: { uid: '04A1B2C3', tech: 'em4100' }, at: new Date().toISOString() };
    await f.publishRaw(topic, JSON.stringify(mismatched));
    const droppedLines = () => f.logLines().filter((l) => String(l.msg).startsWith('check-in dropped'));
    await eventually(() => (droppedLines().length >= 4 ? true : undefined), 10_000, '4 dropped payloads logged');
    const reasons = f.logLines().filter((l) => l.msg === 'check-in dropped: invalid payload').map((l) => JSON.stringify(l.issues));
    expect(reasons.some((r) => r.includes('not valid JSON'))).toBe(true);
    expect(reasons.some((r) => r.includes('id: must be a UUID'))).toBe(true);
    expect(resultsFor(mismatched.id)).toHaveLength(0);

    // One log line per payload, in the order sent, each with its own reason.
    const [notJson, notACheckIn, notUtf8, wrongStation] = droppedLines();
    expect(droppedLines()).toHaveLength(4);
    expect(notJson).toMatchObject({ msg: 'check-in dropped: invalid payload', stationId: 'ST-0001', issues: [expect.stringMatching(/^\(root\): not valid JSON/)] });
    expect(notACheckIn).toMatchObject({ msg: 'check-in dropped: invalid payload', stationId: 'ST-0001', issues: expect.arrayContaining(['id: must be a UUID']) });
    expect(notUtf8).toMatchObject({ msg: 'check-in dropped: invalid payload', stationId: 'ST-0001', issues: ['(root): payload is not valid UTF-8'] });
    expect(wrongStation).toMatchObject({
      msg: 'check-in dropped: stationId does not match its topic',
      topicStationId: 'ST-0001',
      payloadStationId: 'ST-0002',
      id: mismatched.id,
    });
    expect((await f.metrics.invalidPayloadsTotal.get()).values).toEqual([{ labels: { kind: 'checkin' }, value: 4 }]);

    // Still alive: a good check-in after the garbage gets its Result.
    const good = await f.publishCheckIn({ seq: 1, card: { uid: '55667788', tech: 'em4100' } });
    await eventually(() => resultsFor(good.id)[0], 10_000, 'Result after bad payloads');
    // Messages from one client arrive in order, so by now anything queued before the good
    // check-in would have been recorded and answered too: nothing but the good one was.
    expect(f.results.map((r) => r.result.id)).toEqual([good.id]);
    expect(await f.central.store.listStationActivity()).toEqual([{ stationId: 'ST-0001', lastCheckInAt: good.at, maxSeq: 1 }]);
    expect((await f.metrics.checkinsTotal.get()).values.map((v) => v.value)).toEqual([1]);
  });
});

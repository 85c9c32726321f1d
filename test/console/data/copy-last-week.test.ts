// "Copy last week's": the activities that started in the site's previous calendar week
// (Monday to Sunday in Asia/Shanghai, not UTC) come back a week later with new ids, not
// cancelled, and never twice.
import { describe, expect, it } from 'vitest';
import { copyLastWeek, weekLater, weekStarts } from '../../../console/data/copy-last-week.ts';
import type { Activity } from '../../../shared/index.ts';

const ZONE = 'Asia/Shanghai';
const item = (id: string, startsAt: string, hours = 2, extra: Partial<Activity> = {}): Activity => ({
  id,
  title: { zh: `活动 ${id}`, en: `Activity ${id}` },
  category: 'smart-elder-care',
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + hours * 3_600_000).toISOString(),
  place: { zh: '活动室', en: 'Activity room' },
  organiser: { zh: '社区', en: 'Community' },
  ...extra,
});
const ids = (n: number) => `COPY-${n}`;
// Wednesday 2026-12-09, 12:00 in Shanghai. Last week there ran from Monday 2026-11-30 00:00
// (2026-11-29T16:00Z) to Monday 2026-12-07 00:00 (2026-12-06T16:00Z).
const WEDNESDAY = Date.parse('2026-12-09T04:00:00.000Z');

describe('the previous calendar week', () => {
  it("runs Monday to Monday at the site's midnight, whatever the weekday and hour of now", () => {
    const expected = { previous: Date.parse('2026-11-29T16:00:00.000Z'), current: Date.parse('2026-12-06T16:00:00.000Z') };
    expect(weekStarts(WEDNESDAY, ZONE)).toEqual(expected);
    // This Monday 00:00 and next Sunday 23:59 are this week; the Sunday 23:59 before it is the week before.
    expect(weekStarts(Date.parse('2026-12-06T16:00:00.000Z'), ZONE)).toEqual(expected);
    expect(weekStarts(Date.parse('2026-12-13T15:59:00.000Z'), ZONE)).toEqual(expected);
    expect(weekStarts(Date.parse('2026-12-06T15:59:00.000Z'), ZONE)).toEqual({ previous: Date.parse('2026-11-22T16:00:00.000Z'), current: expected.previous });
  });
});

describe('copying last week', () => {
  it("copies what started from last Monday 00:00 to Sunday 23:59 in Shanghai, 7 × 24 h later, in start order, with new ids", () => {
    const activities = [
      item('sun-late', '2026-12-06T15:59:00.000Z'), // Sunday 23:59 in Shanghai
      item('mon-midnight', '2026-11-29T16:00:00.000Z'), // Monday 00:00 in Shanghai, still Sunday in UTC
      item('week-before', '2026-11-29T15:59:00.000Z'), // Sunday 23:59 of the week before
      item('this-week', '2026-12-06T16:00:00.000Z'), // this Monday 00:00
      item('next-week', '2026-12-14T02:00:00.000Z'),
    ];
    const copies = copyLastWeek(activities, WEDNESDAY, ZONE, ids);
    expect(copies.map((c) => [c.id, c.title.en, c.startsAt, c.endsAt])).toEqual([
      ['COPY-0', 'Activity mon-midnight', '2026-12-06T16:00:00.000Z', '2026-12-06T18:00:00.000Z'],
      ['COPY-1', 'Activity sun-late', '2026-12-13T15:59:00.000Z', '2026-12-13T17:59:00.000Z'],
    ]);
    // The list itself is left alone.
    expect(activities.map((a) => a.id)).toEqual(['sun-late', 'mon-midnight', 'week-before', 'this-week', 'next-week']);
  });

  it('moves the schedule with it, keeps the rest, and a cancelled one comes back going ahead', () => {
    const photo = 'a'.repeat(64);
    const original = item('fair', '2026-12-02T02:00:00.000Z', 3, {
      cancelled: true,
      showFrom: '2026-11-28T00:00:00.000Z',
      showUntil: '2026-12-02T04:00:00.000Z',
      signupUrl: 'https://volunteer.example.org/a/fair',
      photo,
      stationId: 'ST-0001',
      description: { zh: '游园', en: 'A fair' },
    });
    const [copy, ...more] = copyLastWeek([original], WEDNESDAY, ZONE, ids);
    expect(more).toEqual([]);
    expect(copy).toEqual({
      ...item('COPY-0', '2026-12-09T02:00:00.000Z', 3, { signupUrl: 'https://volunteer.example.org/a/fair', photo, stationId: 'ST-0001', description: { zh: '游园', en: 'A fair' } }),
      title: original.title,
      showFrom: '2026-12-05T00:00:00.000Z',
      showUntil: '2026-12-09T04:00:00.000Z',
    });
    expect(copy).not.toHaveProperty('cancelled');
  });

  it('skips one already copied (same title and start), so pressing it again adds nothing', () => {
    const lastWeek = [item('a', '2026-12-01T01:00:00.000Z'), item('b', '2026-12-03T01:00:00.000Z')];
    const alreadyCopied = { ...item('b', '2026-12-10T01:00:00.000Z'), id: 'B-COPY' };
    expect(copyLastWeek([...lastWeek, alreadyCopied], WEDNESDAY, ZONE, ids).map((c) => [c.title.en, c.startsAt])).toEqual([['Activity a', '2026-12-08T01:00:00.000Z']]);
    // Another title at the same time is not a copy.
    const otherAtSameTime = { ...alreadyCopied, title: { zh: '别的', en: 'Something else' } };
    expect(copyLastWeek([...lastWeek, otherAtSameTime], WEDNESDAY, ZONE, ids)).toHaveLength(2);
    const copies = copyLastWeek(lastWeek, WEDNESDAY, ZONE, ids);
    expect(copyLastWeek([...lastWeek, ...copies], WEDNESDAY, ZONE, ids)).toEqual([]);
  });

  it('copies nothing from an empty last week', () => {
    expect(copyLastWeek([item('old', '2026-11-20T01:00:00.000Z')], WEDNESDAY, ZONE, ids)).toEqual([]);
  });
});

describe('a week later', () => {
  it('is exactly 7 × 24 h in Shanghai, which keeps no daylight saving, seconds and all', () => {
    for (const iso of ['2026-03-08T01:59:30.250Z', '2026-10-25T18:00:00.000Z', '2026-12-31T16:00:00.000Z']) {
      expect(Date.parse(weekLater(iso, ZONE)) - Date.parse(iso)).toBe(7 * 86_400_000);
    }
  });

  it('keeps the wall-clock time across a daylight-saving change in a zone that has one', () => {
    // Monday 10:00 in Berlin, CET (UTC+1), to Monday 10:00 CEST (UTC+2) after 28 March 2027.
    expect(weekLater('2027-03-22T09:00:00.000Z', 'Europe/Berlin')).toBe('2027-03-29T08:00:00.000Z');
  });
});

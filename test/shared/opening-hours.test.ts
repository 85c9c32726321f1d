import { describe, expect, it } from 'vitest';
import { exceptionsAhead, isOpenAt } from '../../shared/opening-hours.ts';
import { HoursExceptionSchema, validate } from '../../shared/index.ts';

const weekdays = [{ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:30' }];

describe('opening hours', () => {
  it('uses the station time zone, not the kiosk clock', () => {
    // Monday 2026-11-30 01:30 UTC is 09:30 in Shanghai.
    expect(isOpenAt(weekdays, new Date('2026-11-30T01:30:00.000Z'), 'Asia/Shanghai')).toBe(true);
    expect(isOpenAt(weekdays, new Date('2026-11-30T00:30:00.000Z'), 'Asia/Shanghai')).toBe(false);
  });

  it('treats closing time as closed and respects the weekday', () => {
    expect(isOpenAt(weekdays, new Date('2026-11-30T09:30:00.000Z'), 'Asia/Shanghai')).toBe(false);
    // Sunday 2026-11-29 10:00 Shanghai.
    expect(isOpenAt(weekdays, new Date('2026-11-29T02:00:00.000Z'), 'Asia/Shanghai')).toBe(false);
  });

  it('falls back to Asia/Shanghai for an unknown zone instead of throwing', () => {
    expect(isOpenAt(weekdays, new Date('2026-11-30T01:30:00.000Z'), 'Not/AZone')).toBe(true);
  });

  it('accepts 24:00 as the end of the day', () => {
    expect(isOpenAt([{ days: [7], opens: '00:00', closes: '24:00' }], new Date('2026-11-29T15:59:00.000Z'), 'Asia/Shanghai')).toBe(true);
  });
});

describe('opening hours: holiday exceptions (protocol v2)', () => {
  // 2026-10-01 (Thursday) to 10-03 closed; 2027-01-01 (Friday) open 09:00-12:00 only.
  const exceptions = [
    { from: '2026-10-01', until: '2026-10-03', hours: [], note: { zh: '国庆节', en: 'National Day' } },
    { from: '2027-01-01', hours: [{ opens: '09:00', closes: '12:00' }] },
  ];
  const shanghai = (local: string) => new Date(`${local}+08:00`);

  it('keeps a station closed all day on every day of a closure, weekly hours or not', () => {
    expect(isOpenAt(weekdays, shanghai('2026-09-30T10:00:00'), 'Asia/Shanghai', exceptions)).toBe(true);
    expect(isOpenAt(weekdays, shanghai('2026-10-01T10:00:00'), 'Asia/Shanghai', exceptions)).toBe(false);
    expect(isOpenAt(weekdays, shanghai('2026-10-02T10:00:00'), 'Asia/Shanghai', exceptions)).toBe(false);
    // The weekly hours are back the day after `until`: Monday 5 October.
    expect(isOpenAt(weekdays, shanghai('2026-10-05T10:00:00'), 'Asia/Shanghai', exceptions)).toBe(true);
  });

  it("uses an exception's own hours on its day, to the minute", () => {
    expect(isOpenAt(weekdays, shanghai('2027-01-01T08:59:00'), 'Asia/Shanghai', exceptions)).toBe(false);
    expect(isOpenAt(weekdays, shanghai('2027-01-01T09:00:00'), 'Asia/Shanghai', exceptions)).toBe(true);
    expect(isOpenAt(weekdays, shanghai('2027-01-01T11:59:00'), 'Asia/Shanghai', exceptions)).toBe(true);
    expect(isOpenAt(weekdays, shanghai('2027-01-01T12:00:00'), 'Asia/Shanghai', exceptions)).toBe(false);
    // Special hours open a day the weekly hours keep closed: a Saturday.
    expect(isOpenAt(weekdays, shanghai('2026-10-10T10:00:00'), 'Asia/Shanghai', [{ from: '2026-10-10', hours: [{ opens: '09:00', closes: '17:00' }] }])).toBe(true);
  });

  it('judges the day in the station zone: 23:30 UTC on 30 Sep is already 1 Oct in Shanghai', () => {
    const hours = [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }];
    expect(isOpenAt(hours, new Date('2026-09-30T15:59:00.000Z'), 'Asia/Shanghai', exceptions)).toBe(true);
    expect(isOpenAt(hours, new Date('2026-09-30T16:00:00.000Z'), 'Asia/Shanghai', exceptions)).toBe(false);
  });

  it('lists the exceptions under way or within the next two weeks, soonest first', () => {
    const ahead = (local: string) => exceptionsAhead([...exceptions].reverse(), shanghai(local), 'Asia/Shanghai').map((e) => e.from);
    expect(ahead('2026-09-10T10:00:00')).toEqual([]);
    expect(ahead('2026-09-20T10:00:00')).toEqual(['2026-10-01']);
    expect(ahead('2026-10-03T23:00:00')).toEqual(['2026-10-01']);
    expect(ahead('2026-10-04T00:00:00')).toEqual([]);
    expect(ahead('2026-12-25T10:00:00')).toEqual(['2027-01-01']);
  });

  it('refuses an exception that ends before it starts, or a date that does not exist, beside the field', () => {
    const problems = (exception: unknown) => {
      const result = validate(HoursExceptionSchema, exception);
      return result.ok ? [] : result.issues;
    };
    expect(problems({ from: '2026-10-03', until: '2026-10-01', hours: [] })).toEqual(['until: must be on or after the first day (from)']);
    expect(problems({ from: '2026-02-30', hours: [] })).toEqual(['from: must be a calendar date YYYY-MM-DD']);
    expect(problems({ from: '2027-01-01', hours: [{ opens: '12:00', closes: '09:00' }] })).toEqual(['hours.0: closes must be after opens']);
    expect(problems({ from: '2027-01-01', hours: [] })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { isOpenAt } from '../../shared/opening-hours.ts';

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

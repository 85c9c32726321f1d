import { describe, expect, it } from 'vitest';
import { formatPeriods, parsePeriods, periodsByWeekday, weekdayRuns, weeklyHours } from '../../shared/opening-hours-text.ts';

describe('opening hours as text', () => {
  it('reads the ways people write hours, and refuses anything else', () => {
    expect(parsePeriods('09:00–17:00')).toEqual([{ opens: '09:00', closes: '17:00' }]);
    expect(parsePeriods(' 9:00-12:00，14:00 至 18:30 ')).toEqual([
      { opens: '09:00', closes: '12:00' },
      { opens: '14:00', closes: '18:30' },
    ]);
    expect(parsePeriods('')).toEqual([]);
    expect(parsePeriods('9 to 5')).toBeNull();
    expect(parsePeriods('09:00–17:00, noon')).toBeNull();
    expect(formatPeriods([{ opens: '09:00', closes: '12:00' }, { opens: '14:00', closes: '18:00' }])).toBe('09:00–12:00, 14:00–18:00');
  });

  it('groups days with the same times into one entry, and splits them back per weekday', () => {
    const weekday = [{ opens: '09:00', closes: '17:00' }];
    const saturday = [{ opens: '09:00', closes: '12:00' }, { opens: '14:00', closes: '17:00' }];
    const hours = weeklyHours([weekday, weekday, weekday, weekday, weekday, saturday, []]);
    expect(hours).toEqual([
      { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' },
      { days: [6], opens: '09:00', closes: '12:00' },
      { days: [6], opens: '14:00', closes: '17:00' },
    ]);
    expect(periodsByWeekday(hours)).toEqual([weekday, weekday, weekday, weekday, weekday, saturday, []]);
  });

  it('names runs of consecutive days, whatever their order', () => {
    expect(weekdayRuns([1, 2, 3, 4, 5])).toEqual([[1, 5]]);
    expect(weekdayRuns([7, 1, 2, 6])).toEqual([[1, 2], [6, 7]]);
    expect(weekdayRuns([3])).toEqual([[3, 3]]);
  });
});

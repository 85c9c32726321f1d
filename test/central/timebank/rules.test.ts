import { describe, expect, it } from 'vitest';
import { localDate, localTimeOfDay, zonedInstant } from '../../../shared/local-time.ts';
import { cutoffAfter, pointsFor, sessionMinutes } from '../../../central/timebank/rules.ts';

describe('points rule', () => {
  const rule = (pointsRounding: 'down' | 'nearest' | 'up') => ({ pointsPerHour: 2, pointsRounding });

  it('gives 1 point per full 30 minutes at 2 points per hour, rounded down by default', () => {
    expect([0, 29, 30, 59, 60, 89, 90, 480].map((m) => pointsFor(m, rule('down')))).toEqual([0, 0, 1, 1, 2, 2, 3, 16]);
  });

  it('rounds halves up with "nearest" and any part up with "up"', () => {
    expect([14, 15, 44, 45].map((m) => pointsFor(m, rule('nearest')))).toEqual([0, 1, 1, 2]);
    expect([0, 1, 30, 31].map((m) => pointsFor(m, rule('up')))).toEqual([0, 1, 1, 2]);
  });

  it('is exact at unit boundaries despite floating point (3 points per hour, 20 minutes = 1)', () => {
    expect(pointsFor(20, { pointsPerHour: 3, pointsRounding: 'down' })).toBe(1);
    expect(pointsFor(100, { pointsPerHour: 0.6, pointsRounding: 'down' })).toBe(1);
  });

  it('counts whole minutes, rounded down', () => {
    expect(sessionMinutes(Date.parse('2026-11-29T01:00:00.000Z'), Date.parse('2026-11-29T01:02:59.999Z'))).toBe(2);
    expect(sessionMinutes(Date.parse('2026-11-29T01:00:00.000Z'), Date.parse('2026-11-29T00:59:00.000Z'))).toBe(0);
  });
});

describe('local time and the daily cutoff', () => {
  const rules = { dailyCutoff: '23:30', timeZone: 'Asia/Shanghai' };

  it('reads dates and times in the programme time zone', () => {
    expect(localDate(Date.parse('2026-11-29T16:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localTimeOfDay(Date.parse('2026-11-29T01:02:00.000Z'), 'Asia/Shanghai')).toBe('09:02');
    expect(new Date(zonedInstant('2026-11-29', '23:30', 'Asia/Shanghai')).toISOString()).toBe('2026-11-29T15:30:00.000Z');
  });

  it('handles a zone with daylight saving time', () => {
    // Berlin is UTC+2 in July and UTC+1 in November.
    expect(new Date(zonedInstant('2026-07-01', '23:30', 'Europe/Berlin')).toISOString()).toBe('2026-07-01T21:30:00.000Z');
    expect(new Date(zonedInstant('2026-11-01', '23:30', 'Europe/Berlin')).toISOString()).toBe('2026-11-01T22:30:00.000Z');
  });

  it('the cutoff after a morning start is the same evening; after a start past the cutoff, the next evening', () => {
    expect(new Date(cutoffAfter(Date.parse('2026-11-29T01:00:00.000Z'), rules)).toISOString()).toBe('2026-11-29T15:30:00.000Z');
    expect(new Date(cutoffAfter(Date.parse('2026-11-29T15:45:00.000Z'), rules)).toISOString()).toBe('2026-11-30T15:30:00.000Z');
  });
});

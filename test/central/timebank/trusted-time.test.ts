// The time rule of protocol v2 at each of its boundaries, as plain data: what central
// does with a CheckIn dated ahead of its clock, or older than maxCheckInAgeHours.
import { describe, expect, it } from 'vitest';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';
import { decideCheckIn, judgeTapTime } from '../../../central/timebank/trusted-time.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 6 };
const NOW = Date.parse('2026-11-29T04:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const card = { method: 'card' as const, volunteerKnown: true, rules, receivedAtMs: NOW };

describe('judgeTapTime', () => {
  it('trusts a tap up to exactly 2 minutes ahead of central, and refuses one 1 ms more', () => {
    expect(judgeTapTime(NOW, NOW, rules)).toEqual({ kind: 'trusted' });
    expect(judgeTapTime(NOW + 2 * MINUTE, NOW, rules)).toEqual({ kind: 'trusted' });
    expect(judgeTapTime(NOW + 2 * MINUTE + 1, NOW, rules)).toEqual({ kind: 'ahead', byMs: 2 * MINUTE + 1 });
  });

  it('trusts a tap exactly maxCheckInAgeHours old, and holds one 1 ms older', () => {
    expect(judgeTapTime(NOW - 6 * HOUR, NOW, rules)).toEqual({ kind: 'trusted' });
    expect(judgeTapTime(NOW - 6 * HOUR - 1, NOW, rules)).toEqual({ kind: 'behind', byMs: 1 });
    expect(judgeTapTime(NOW - 6 * HOUR - 1, NOW, { maxCheckInAgeHours: 7 })).toEqual({ kind: 'trusted' });
  });
});

describe('decideCheckIn', () => {
  const open = { id: 'S1', startedAtMs: NOW - HOUR };

  it('rejects a tap from a clock more than 2 minutes ahead with clock-ahead, before anything else, so nothing is opened or closed', () => {
    expect(decideCheckIn({ ...card, atMs: NOW + 10 * HOUR, openSession: open })).toEqual({ kind: 'reject', reason: 'clock-ahead' });
    expect(decideCheckIn({ ...card, atMs: NOW + 10 * HOUR })).toEqual({ kind: 'reject', reason: 'clock-ahead' });
    expect(decideCheckIn({ ...card, atMs: NOW + 2 * MINUTE + 1, volunteerKnown: false })).toEqual({ kind: 'reject', reason: 'clock-ahead' });
    // Exactly 2 minutes ahead still pairs: here it closes the hour-old session, credited.
    expect(decideCheckIn({ ...card, atMs: NOW + 2 * MINUTE, openSession: open })).toEqual({ kind: 'close', sessionId: 'S1', startedAtMs: open.startedAtMs, minutes: 62, points: 2 });
  });

  it('a tap older than the bound opens a session held for review', () => {
    expect(decideCheckIn({ ...card, atMs: NOW - 10 * HOUR })).toEqual({ kind: 'open', review: 'clock-behind' });
    expect(decideCheckIn({ ...card, atMs: NOW - 6 * HOUR })).toEqual({ kind: 'open' });
  });

  it('a tap older than the bound closes the open session with nothing credited, held for review', () => {
    const old = { id: 'S0', startedAtMs: NOW - 8 * HOUR };
    expect(decideCheckIn({ ...card, atMs: NOW - 6 * HOUR - 1, openSession: old })).toEqual({
      kind: 'close',
      sessionId: 'S0',
      startedAtMs: old.startedAtMs,
      minutes: 0,
      points: 0,
      review: 'clock-behind',
    });
  });

  it('an old tap dated before the open session started holds it as clock-behind', () => {
    expect(decideCheckIn({ ...card, atMs: NOW - 10 * HOUR, openSession: open })).toEqual({
      kind: 'duplicate',
      sessionId: 'S1',
      sessionStartedAtMs: open.startedAtMs,
      review: 'clock-behind',
    });
  });

  it('a tap within the bound dated before the open session started holds it as before-session-start', () => {
    expect(decideCheckIn({ ...card, atMs: open.startedAtMs - 2 * MINUTE - 1, openSession: open })).toMatchObject({ kind: 'duplicate', review: 'before-session-start' });
  });

  it('an unknown card that is old is still just unknown: there is no session to hold', () => {
    expect(decideCheckIn({ ...card, atMs: NOW - 10 * HOUR, volunteerKnown: false })).toEqual({ kind: 'reject', reason: 'unknown-card' });
  });
});

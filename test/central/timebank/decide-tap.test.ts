import { describe, expect, it } from 'vitest';
import { decideTap, resultFor } from '../../../central/timebank/decide-tap.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
const at = (iso: string) => Date.parse(iso);
const open = { id: 'S1', startedAtMs: at('2026-11-29T01:00:00.000Z') };

describe('pairing rule', () => {
  it('a first tap opens a session', () => {
    expect(decideTap({ atMs: at('2026-11-29T01:00:00.000Z'), method: 'card', volunteerKnown: true, rules })).toEqual({ kind: 'open' });
  });

  it('a tap before minSessionMinutes is a duplicate that names the start', () => {
    expect(decideTap({ atMs: at('2026-11-29T01:01:59.999Z'), method: 'card', volunteerKnown: true, openSession: open, rules })).toEqual({
      kind: 'duplicate',
      sessionId: 'S1',
      sessionStartedAtMs: open.startedAtMs,
    });
  });

  it('a tap exactly minSessionMinutes later closes the session', () => {
    expect(decideTap({ atMs: at('2026-11-29T01:02:00.000Z'), method: 'card', volunteerKnown: true, openSession: open, rules })).toEqual({
      kind: 'close',
      sessionId: 'S1',
      startedAtMs: open.startedAtMs,
      minutes: 2,
      points: 0,
    });
  });

  it('a tap dated up to 2 minutes before the open session started is a plain duplicate: two clocks may differ that much', () => {
    expect(decideTap({ atMs: at('2026-11-29T00:58:00.000Z'), method: 'card', volunteerKnown: true, openSession: open, rules })).toEqual({
      kind: 'duplicate',
      sessionId: 'S1',
      sessionStartedAtMs: open.startedAtMs,
    });
  });

  it('a tap dated more than 2 minutes before the open session started holds the session for review', () => {
    expect(decideTap({ atMs: at('2026-11-29T00:57:59.999Z'), method: 'card', volunteerKnown: true, openSession: open, rules })).toEqual({
      kind: 'duplicate',
      sessionId: 'S1',
      sessionStartedAtMs: open.startedAtMs,
      review: 'before-session-start',
    });
  });

  it('a session already held for review is closed by the next tap with nothing credited, and stays held', () => {
    const held = { ...open, reviewReason: 'clock-behind' as const };
    expect(decideTap({ atMs: at('2026-11-29T03:00:00.000Z'), method: 'card', volunteerKnown: true, openSession: held, rules })).toEqual({
      kind: 'close',
      sessionId: 'S1',
      startedAtMs: open.startedAtMs,
      minutes: 0,
      points: 0,
      review: 'clock-behind',
    });
    expect(decideTap({ atMs: at('2026-11-29T01:01:00.000Z'), method: 'card', volunteerKnown: true, openSession: held, rules })).toMatchObject({ kind: 'duplicate', review: 'clock-behind' });
  });

  it('a held session auto-closed at the cutoff credits no minutes either', () => {
    const held = { ...open, reviewReason: 'before-session-start' as const };
    expect(decideTap({ atMs: at('2026-11-30T00:30:00.000Z'), method: 'card', volunteerKnown: true, openSession: held, rules })).toEqual({
      kind: 'open',
      autoClose: { sessionId: 'S1', endedAtMs: at('2026-11-29T15:30:00.000Z'), minutes: 0 },
    });
  });

  it('a tap after the daily cutoff auto-closes the forgotten session at the cutoff and opens a new one', () => {
    expect(decideTap({ atMs: at('2026-11-30T00:30:00.000Z'), method: 'card', volunteerKnown: true, openSession: open, rules })).toEqual({
      kind: 'open',
      autoClose: { sessionId: 'S1', endedAtMs: at('2026-11-29T15:30:00.000Z'), minutes: 870 },
    });
  });

  it('an unknown card is rejected with unknown-card; an unknown QR volunteer with unknown-volunteer', () => {
    expect(decideTap({ atMs: 0, method: 'card', volunteerKnown: false, rules })).toEqual({ kind: 'reject', reason: 'unknown-card' });
    expect(decideTap({ atMs: 0, method: 'qr', volunteerKnown: false, rules })).toEqual({ kind: 'reject', reason: 'unknown-volunteer' });
  });

  it('builds protocol Results for each decision', () => {
    const volunteer = { displayName: '王*', minutesToday: 75, points: 2 };
    expect(resultFor('id', { kind: 'close', sessionId: 'S1', startedAtMs: open.startedAtMs, minutes: 75, points: 2 }, '2026-11-29T02:15:00.000Z', 'card', volunteer)).toEqual({
      v: 1,
      id: 'id',
      at: '2026-11-29T02:15:00.000Z',
      method: 'card',
      status: 'accepted',
      direction: 'out',
      sessionStartedAt: '2026-11-29T01:00:00.000Z',
      sessionMinutes: 75,
      pointsEarned: 2,
      volunteer,
    });
    expect(resultFor('id', { kind: 'close', sessionId: 'S1', startedAtMs: open.startedAtMs, minutes: 0, points: 0, review: 'clock-behind' }, '2026-11-29T02:15:00.000Z', 'card', volunteer)).toMatchObject({
      status: 'accepted',
      direction: 'out',
      sessionMinutes: 0,
      pointsEarned: 0,
      reviewReason: 'clock-behind',
    });
    expect(resultFor('id', { kind: 'reject', reason: 'unknown-card' }, '2026-11-29T02:15:00.000Z', 'card', undefined)).toEqual({
      v: 1,
      id: 'id',
      at: '2026-11-29T02:15:00.000Z',
      method: 'card',
      status: 'rejected',
      reason: 'unknown-card',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { decideDisplay, displayScheduleFor, type DisplaySchedule } from '../../shared/display-schedule.ts';
import { KioskConfigSchema, validate } from '../../shared/index.ts';

// 2026-11-30 is a Monday; Shanghai is UTC+8 all year.
const station = {
  hours: [
    { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '18:00' },
    { days: [6], opens: '10:00', closes: '16:00' },
  ],
  timeZone: 'Asia/Shanghai',
};
const schedule: DisplaySchedule = displayScheduleFor(station, undefined);
const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();

describe('display schedule', () => {
  it('is on during opening hours and says when it closes, in the station zone', () => {
    const decision = decideDisplay(schedule, at('2026-11-30T02:00:00.000Z')); // Mon 10:00
    expect(decision).toMatchObject({ state: 'on', reason: 'open' });
    expect(iso(decision.changesAt)).toBe('2026-11-30T10:00:00.000Z'); // Mon 18:00
  });

  it('sleeps from closing time and wakes at the next opening', () => {
    expect(decideDisplay(schedule, at('2026-11-30T09:59:00.000Z')).state).toBe('on');
    const closing = decideDisplay(schedule, at('2026-11-30T10:00:00.000Z'));
    expect(closing).toMatchObject({ state: 'sleeping', reason: 'closed' });
    expect(iso(closing.changesAt)).toBe('2026-12-01T01:00:00.000Z'); // Tue 09:00
  });

  it('skips to Saturday hours and over Sunday to Monday', () => {
    expect(iso(decideDisplay(schedule, at('2026-12-04T10:30:00.000Z')).changesAt)).toBe('2026-12-05T02:00:00.000Z'); // Fri 18:30 -> Sat 10:00
    const saturdayEvening = decideDisplay(schedule, at('2026-12-05T08:00:00.000Z')); // Sat 16:00
    expect(saturdayEvening.state).toBe('sleeping');
    expect(iso(saturdayEvening.changesAt)).toBe('2026-12-07T01:00:00.000Z'); // Mon 09:00
  });

  it('stays on for the wake period after a touch, then sleeps', () => {
    const wokenUntil = Date.parse('2026-11-30T12:00:00.000Z') + schedule.wakeMs; // Mon 20:00 + 5 min
    const woken = decideDisplay(schedule, at('2026-11-30T12:00:00.000Z'), wokenUntil);
    expect(woken).toMatchObject({ state: 'on', reason: 'woken' });
    expect(iso(woken.changesAt)).toBe('2026-11-30T12:05:00.000Z');
    expect(decideDisplay(schedule, at('2026-11-30T12:05:00.000Z'), wokenUntil).state).toBe('sleeping');
  });

  it('does not blink off when a wake runs into opening time', () => {
    const decision = decideDisplay(schedule, at('2026-12-01T00:58:00.000Z'), Date.parse('2026-12-01T01:03:00.000Z')); // Tue 08:58
    expect(decision.state).toBe('on');
    expect(iso(decision.changesAt)).toBe('2026-12-01T10:00:00.000Z'); // Tue 18:00
  });

  it('follows daylight saving time in a zone that has it', () => {
    const berlin = displayScheduleFor({ hours: [{ days: [6, 7], opens: '09:00', closes: '18:00' }], timeZone: 'Europe/Berlin' }, undefined);
    // Sat 2026-03-28 20:00 CET; Sunday starts summer time, so 09:00 is 07:00 UTC, not 08:00.
    expect(iso(decideDisplay(berlin, at('2026-03-28T19:00:00.000Z')).changesAt)).toBe('2026-03-29T07:00:00.000Z');
    expect(decideDisplay(berlin, at('2026-03-29T07:30:00.000Z')).state).toBe('on');
  });

  it('never sleeps without hours: none in the directory, or the kiosk says hours: []', () => {
    expect(decideDisplay(displayScheduleFor(undefined, undefined), at('2026-11-30T15:00:00.000Z'))).toEqual({ state: 'on', reason: 'no-hours' });
    expect(decideDisplay(displayScheduleFor(station, { hours: [], wakeMinutes: 5 }), at('2026-11-30T15:00:00.000Z')).state).toBe('on');
  });

  it("prefers the kiosk's own hours and wake period over the station's", () => {
    const own = displayScheduleFor(station, { hours: [{ days: [1], opens: '08:00', closes: '20:00' }], wakeMinutes: 10 });
    expect(own.wakeMs).toBe(600_000);
    expect(decideDisplay(own, at('2026-11-30T11:00:00.000Z')).state).toBe('on'); // Mon 19:00
    expect(displayScheduleFor(station, undefined).wakeMs).toBe(300_000);
  });

  it('falls back to Asia/Shanghai for an unknown zone instead of throwing', () => {
    const typo = displayScheduleFor({ ...station, timeZone: 'Asia/Shanghia' }, undefined);
    expect(decideDisplay(typo, at('2026-11-30T10:00:00.000Z'))).toMatchObject({ state: 'sleeping' });
    expect(iso(decideDisplay(typo, at('2026-11-30T10:00:00.000Z')).changesAt)).toBe('2026-12-01T01:00:00.000Z');
  });
});

describe('display schedule: holiday exceptions', () => {
  const closedTuesday = { ...station, exceptions: [{ from: '2026-12-01', hours: [] }] };

  it('sleeps through a holiday closure and wakes at the next opening after it', () => {
    const monday = decideDisplay(displayScheduleFor(closedTuesday, undefined), at('2026-11-30T09:00:00.000Z')); // Mon 17:00
    expect(monday.state).toBe('on');
    const evening = decideDisplay(displayScheduleFor(closedTuesday, undefined), at('2026-11-30T10:00:00.000Z')); // Mon 18:00
    expect(evening).toMatchObject({ state: 'sleeping', reason: 'closed' });
    expect(iso(evening.changesAt)).toBe('2026-12-02T01:00:00.000Z'); // Wed 09:00, not Tue 09:00
    expect(decideDisplay(displayScheduleFor(closedTuesday, undefined), at('2026-12-01T02:00:00.000Z')).state).toBe('sleeping'); // Tue 10:00
  });

  it('switches at midnight into a day of special hours', () => {
    const lateOpening = { ...station, exceptions: [{ from: '2026-12-01', hours: [{ opens: '13:00', closes: '15:00' }] }] };
    const evening = decideDisplay(displayScheduleFor(lateOpening, undefined), at('2026-11-30T10:00:00.000Z'));
    expect(iso(evening.changesAt)).toBe('2026-12-01T05:00:00.000Z'); // Tue 13:00
  });

  it("leaves a kiosk's own display hours alone: they are its whole schedule", () => {
    const own = displayScheduleFor(closedTuesday, { hours: [{ days: [2], opens: '09:00', closes: '18:00' }], wakeMinutes: 5 });
    expect(decideDisplay(own, at('2026-12-01T02:00:00.000Z')).state).toBe('on'); // Tue 10:00
  });
});

describe('kiosk config: display (protocol v2)', () => {
  const config = (display: unknown) => ({
    kioskId: 'K-0001',
    stationId: 'ST-0001',
    siteId: 'SITE-01',
    broker: { url: 'ws://127.0.0.1:9001' },
    checkin: { baseUrl: 'https://checkin.example.org/c/', secret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8' },
    ...(display === undefined ? {} : { display }),
  });

  it('is optional, and defaults the wake period to 5 minutes', () => {
    expect(validate(KioskConfigSchema, config(undefined))).toMatchObject({ ok: true });
    expect(validate(KioskConfigSchema, config({ hours: [] }))).toMatchObject({ ok: true, value: { display: { hours: [], wakeMinutes: 5 } } });
  });

  it.each([
    ['a zero wake period', { wakeMinutes: 0 }, /^display\.wakeMinutes: /],
    ['hours that close before they open', { hours: [{ days: [1], opens: '18:00', closes: '09:00' }] }, /^display\.hours\.0: closes must be after opens$/],
    ['an unknown key', { brightness: 10 }, /^display\.brightness: /],
  ])('refuses %s, naming the path', (_label, display, message) => {
    const result = validate(KioskConfigSchema, config(display));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.stringMatching(message)]);
  });
});

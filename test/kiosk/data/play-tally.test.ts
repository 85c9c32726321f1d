// Proof of play, the hourly tally (kiosk/data/play-tally.ts) with a fake clock: plain times in ms.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlayEntrySchema, PlayReportSchema, validate } from '../../../shared/index.ts';
import { loadPlayTally, savePlayTally } from '../../../kiosk/data/play-store.ts';
import { PlayTally, type PlayShown } from '../../../kiosk/data/play-tally.ts';

const T = Date.parse('2026-12-03T09:00:00.000Z');
const M = 60_000;
const H = 60 * M;
const home: PlayShown = { screen: 'home', appVersion: '1.4.0', activitiesUpdatedAt: '2026-12-02T08:00:00.000Z', directoryUpdatedAt: '2026-12-01T08:00:00.000Z' };
const stations: PlayShown = { ...home, screen: 'stations' };

describe('proof-of-play tally', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('splits a screen shown across an hour boundary exactly at the boundary', () => {
    const tally = new PlayTally();
    tally.show(home, T + 50 * M);
    tally.show(stations, T + 70 * M);
    expect(tally.completedHours(T + 90 * M)).toEqual([{ hour: T, entries: [{ ...home, durationMs: 10 * M }] }]);
    // The open hour is not reported yet; once it is over, it holds both screens.
    expect(tally.completedHours(T + 2 * H)).toEqual([
      { hour: T, entries: [{ ...home, durationMs: 10 * M }] },
      { hour: T + H, entries: [{ ...home, durationMs: 10 * M }, { ...stations, durationMs: 50 * M }] },
    ]);
  });

  it('a screen left on for hours fills each hour completely, and an acknowledged hour is forgotten', () => {
    const tally = new PlayTally();
    tally.show(home, T + 30 * M);
    const hours = tally.completedHours(T + 3 * H + 1);
    expect(hours.map((h) => [h.hour - T, h.entries[0]?.durationMs])).toEqual([
      [0, 30 * M],
      [H, H],
      [2 * H, H],
    ]);
    tally.acknowledge(T);
    expect(tally.completedHours(T + 3 * H + 1).map((h) => h.hour)).toEqual([T + H, T + 2 * H]);
  });

  it('an hour never acknowledged is kept for 7 days, then dropped', () => {
    const tally = new PlayTally({ hours: { [String(T)]: [{ ...home, durationMs: H }] } });
    expect(tally.completedHours(T + 7 * 24 * H).map((h) => h.hour)).toEqual([T]);
    expect(tally.completedHours(T + 7 * 24 * H + H)).toEqual([]);
  });

  it('another content version is its own entry; coming back to a screen adds to its entry', () => {
    const tally = new PlayTally();
    const newer = { ...home, activitiesUpdatedAt: '2026-12-03T09:20:00.000Z' };
    tally.show(home, T);
    tally.show(stations, T + 10 * M);
    tally.show(home, T + 15 * M);
    tally.show(newer, T + 20 * M);
    const [hour] = tally.completedHours(T + H);
    expect(hour?.entries).toEqual([
      { ...home, durationMs: 15 * M },
      { ...stations, durationMs: 5 * M },
      { ...newer, durationMs: 40 * M },
    ]);
    expect(hour?.entries.every((e) => validate(PlayEntrySchema, e).ok)).toBe(true);
  });

  it('a reload keeps the hour up to the last save, and does not count the unknown time since', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, value: string) => store.set(k, value) });
    const before = new PlayTally();
    before.show(home, T);
    before.checkpoint(T + 20 * M);
    savePlayTally('/kiosk/', before.toJSON());
    // The page goes away at T+25 (5 minutes never saved) and comes back at T+40 on the stations screen.
    const after = new PlayTally(loadPlayTally('/kiosk/'));
    after.show(stations, T + 40 * M);
    expect(after.completedHours(T + H)).toEqual([{ hour: T, entries: [{ ...home, durationMs: 20 * M }, { ...stations, durationMs: 20 * M }] }]);
    // Another kiosk on the same origin has its own tally; a corrupt one starts afresh.
    expect(loadPlayTally('/other/')).toBeUndefined();
    store.set('kiosk:/kiosk/:play-tally', '{"hours":{"x":[]}}');
    expect(loadPlayTally('/kiosk/')).toBeUndefined();
  });

  it('the report a kiosk sends passes the protocol schema; a report for more than an hour or off the hour does not', () => {
    const tally = new PlayTally();
    tally.show(home, T);
    const [hour] = tally.completedHours(T + H);
    const report = { v: 2, kioskId: 'K-0001', stationId: 'ST-0001', hour: new Date(T).toISOString(), entries: hour?.entries, sentAt: new Date(T + H).toISOString() };
    expect(validate(PlayReportSchema, report)).toEqual({ ok: true, value: report });
    const tooLong = validate(PlayReportSchema, { ...report, entries: [...(hour?.entries ?? []), { ...stations, durationMs: 1 }] });
    expect(tooLong.ok ? [] : tooLong.issues.join('; ')).toContain('at most one hour');
    const offHour = validate(PlayReportSchema, { ...report, hour: new Date(T + M).toISOString() });
    expect(offHour.ok ? [] : offHour.issues.join('; ')).toContain('start of an hour');
  });
});

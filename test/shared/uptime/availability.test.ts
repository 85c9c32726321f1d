// Availability over scripted histories: every figure is hand-computed, in integer milliseconds.
import { describe, expect, it } from 'vitest';
import { availabilityOf, combinedAvailability, segmentsOf, uptimeStateOfKiosk, uptimeStateOfStation, type StateChange } from '../../../shared/index.ts';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.parse('2026-11-25T00:00:00.000Z');
const WEEK_END = T0 + 7 * DAY;
const at = (hours: number, state: StateChange['state']): StateChange => ({ atMs: T0 + hours * H, state });

describe('availability', () => {
  it('7 days with 3 h offline is 165/168 = 98.214…%', () => {
    const figures = availabilityOf([at(-10, 'online'), at(50, 'offline'), at(53, 'online')], T0, WEEK_END);
    expect(figures).toEqual({ upMs: 165 * H, downMs: 3 * H, sleepingMs: 0, unknownMs: 0, availability: 165 / 168 });
    expect((figures.availability! * 100).toFixed(3)).toBe('98.214');
  });

  it('sleeping by schedule is excluded, not down: 7 nights of 10 h asleep and 3 h frozen', () => {
    const nights = Array.from({ length: 7 }, (_, d) => [at(d * 24 + 12, 'sleeping'), at(d * 24 + 22, 'online')]).flat();
    const figures = availabilityOf([at(-1, 'online'), ...nights, at(100, 'frozen'), at(103, 'online')].sort((a, b) => a.atMs - b.atMs), T0, WEEK_END);
    expect(figures.sleepingMs).toBe(70 * H);
    expect(figures.downMs).toBe(3 * H);
    expect(figures.upMs).toBe(95 * H);
    expect(figures.availability).toBe(95 / 98);
  });

  it('frozen and blank screens are down', () => {
    expect(availabilityOf([at(0, 'online'), at(24, 'blank'), at(36, 'frozen'), at(48, 'online')], T0, T0 + 4 * DAY).availability).toBe(72 / 96);
  });

  it('no transition before the window: the time before the first one is unknown and excluded', () => {
    const figures = availabilityOf([at(24, 'online'), at(30, 'offline'), at(36, 'online')], T0, WEEK_END);
    expect(figures).toEqual({ upMs: 138 * H, downMs: 6 * H, sleepingMs: 0, unknownMs: 24 * H, availability: 138 / 144 });
  });

  it('a device never seen has no availability, not 0 % or 100 %', () => {
    expect(availabilityOf([], T0, WEEK_END)).toEqual({ upMs: 0, downMs: 0, sleepingMs: 0, unknownMs: 7 * DAY, availability: null });
    expect(availabilityOf([at(0, 'sleeping')], T0, WEEK_END).availability).toBeNull();
  });

  it('a transition exactly at the window start sets the state from the start; one exactly at the end is outside', () => {
    expect(segmentsOf([at(-5, 'online'), at(0, 'offline'), at(168, 'online')], T0, WEEK_END)).toEqual([{ state: 'offline', fromMs: T0, toMs: WEEK_END }]);
    expect(availabilityOf([at(0, 'online'), at(168, 'offline')], T0, WEEK_END).availability).toBe(1);
  });

  it('transitions after the window end are ignored, and repeated states merge into one segment', () => {
    expect(segmentsOf([at(-1, 'online'), at(2, 'online'), at(3, 'sleeping'), at(30, 'offline')], T0, T0 + DAY)).toEqual([
      { state: 'online', fromMs: T0, toMs: T0 + 3 * H },
      { state: 'sleeping', fromMs: T0 + 3 * H, toMs: T0 + DAY },
    ]);
  });

  it('a 24 h timeline: unknown, online, offline, sleeping, online', () => {
    const from = T0 + 6 * DAY;
    const changes = [at(146, 'online'), at(150, 'offline'), at(151, 'online'), at(156, 'sleeping'), at(166, 'online')];
    expect(segmentsOf(changes, from, WEEK_END).map((s) => [s.state, (s.fromMs - from) / H, (s.toMs - from) / H])).toEqual([
      ['unknown', 0, 2],
      ['online', 2, 6],
      ['offline', 6, 7],
      ['online', 7, 12],
      ['sleeping', 12, 22],
      ['online', 22, 24],
    ]);
  });

  it('a site is time-weighted over its devices; a device without figures adds nothing', () => {
    const station = availabilityOf([at(-1, 'online'), at(50, 'offline'), at(53, 'online')], T0, WEEK_END);
    const kiosk = availabilityOf([at(84, 'online'), at(90, 'offline'), at(99, 'online')], T0, WEEK_END);
    const never = availabilityOf([], T0, WEEK_END);
    const site = combinedAvailability([station, kiosk, never]);
    expect(site.upMs).toBe(165 * H + 75 * H);
    expect(site.downMs).toBe(12 * H);
    expect(site.unknownMs).toBe(84 * H + 168 * H);
    expect(site.availability).toBe(240 / 252);
    expect(combinedAvailability([])).toEqual({ upMs: 0, downMs: 0, sleepingMs: 0, unknownMs: 0, availability: null });
  });
});

describe('uptime state of a status', () => {
  const station = { v: 1, state: 'online', at: '2026-12-02T10:00:00.000Z' } as const;
  it('a station: offline by its state, else its screen (on is online)', () => {
    expect(uptimeStateOfStation({ ...station, state: 'offline', reason: 'lost' })).toBe('offline');
    expect(uptimeStateOfStation(station)).toBe('online');
    expect(uptimeStateOfStation({ ...station, display: { state: 'on', since: station.at } })).toBe('online');
    for (const state of ['sleeping', 'frozen', 'blank'] as const) expect(uptimeStateOfStation({ ...station, display: { state, since: station.at } })).toBe(state);
    // Offline wins over the last screen state it reported.
    expect(uptimeStateOfStation({ ...station, state: 'offline', display: { state: 'sleeping', since: station.at } })).toBe('offline');
  });
  it('a kiosk: offline, sleeping or online', () => {
    const kiosk = { v: 1, state: 'online', at: station.at, stationId: 'ST-0001' } as const;
    expect(uptimeStateOfKiosk(kiosk)).toBe('online');
    expect(uptimeStateOfKiosk({ ...kiosk, display: { state: 'sleeping' } })).toBe('sleeping');
    expect(uptimeStateOfKiosk({ ...kiosk, state: 'offline', display: { state: 'sleeping' } })).toBe('offline');
  });
});

import { describe, expect, it } from 'vitest';
import { alertConditions, type KioskSeen, type StationSeen } from '../../../central/alerts/alert-rules.ts';
import { decideEpisodes } from '../../../central/alerts/alert-episodes.ts';
import type { StationStatus } from '../../../shared/index.ts';

const NOW = Date.parse('2026-12-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const thresholds = { outboxAgeMs: 5 * 60_000, storageLowFraction: 0.1 };
const station = (status: Partial<StationStatus>): StationSeen => ({
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  receivedAt: iso(NOW - 1000),
  status: { v: 1, state: 'online', at: iso(NOW - 2000), ...status } as StationStatus,
});
const kiosk = (status: Partial<KioskSeen['status']>): KioskSeen => ({
  kioskId: 'K-0001',
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  receivedAt: iso(NOW - 1000),
  status: { v: 1, state: 'online', at: iso(NOW - 2000), stationId: 'ST-0001', ...status } as KioskSeen['status'],
});
const names = (stations: StationSeen[], kiosks: KioskSeen[] = []) => alertConditions(stations, kiosks, NOW, thresholds).map((c) => c.alert);

describe('alert rules', () => {
  it('a healthy station and kiosk raise nothing', () => {
    expect(names([station({ reader: { driver: 'pn532', state: 'connected' }, outbox: { pending: 0 } })], [kiosk({})])).toEqual([]);
  });

  it('an offline station is station-offline only, since its Last Will arrived', () => {
    const [condition] = alertConditions([station({ state: 'offline', at: undefined, reason: 'lost', reader: { driver: 'pn532', state: 'error' } })], [], NOW, thresholds);
    expect(condition).toEqual({ alert: 'station-offline', device: { kind: 'station', stationId: 'ST-0001' }, siteId: 'SITE-01', since: iso(NOW - 1000) });
  });

  it('an offline kiosk is kiosk-offline', () => {
    expect(alertConditions([], [kiosk({ state: 'offline', reason: 'lost' })], NOW, thresholds)[0]).toMatchObject({ alert: 'kiosk-offline', device: { kind: 'kiosk', kioskId: 'K-0001', stationId: 'ST-0001' } });
  });

  it('a reader not connected, and an outbox older than 5 min, are alerts', () => {
    expect(names([station({ reader: { driver: 'pn532', state: 'disconnected' } })])).toEqual(['reader-disconnected']);
    expect(names([station({ outbox: { pending: 3, oldestAt: iso(NOW - 5 * 60_000 - 1) } })])).toEqual(['outbox-stale']);
    expect(names([station({ outbox: { pending: 3, oldestAt: iso(NOW - 4 * 60_000) } })])).toEqual([]);
  });

  it('storage-low below 10 % free disk on a station, or 10 % left of a kiosk quota', () => {
    expect(names([station({ disk: { freeBytes: 9, totalBytes: 100 } })])).toEqual(['storage-low']);
    expect(names([station({ disk: { freeBytes: 10, totalBytes: 100 } })])).toEqual([]);
    expect(names([], [kiosk({ storage: { persisted: true, usageBytes: 95, quotaBytes: 100 } })])).toEqual(['storage-low']);
    expect(names([], [kiosk({ storage: { persisted: true } })])).toEqual([]);
  });

  it('a frozen or blank screen is an alert; a sleeping one is the schedule and raises nothing', () => {
    const since = iso(NOW - 30_000);
    expect(alertConditions([station({ display: { state: 'frozen', since } })], [], NOW, thresholds)[0]).toMatchObject({ alert: 'screen-frozen', since });
    expect(names([station({ display: { state: 'blank', since } })])).toEqual(['screen-blank']);
    expect(names([station({ display: { state: 'sleeping', since } })])).toEqual([]);
    expect(names([], [kiosk({ display: { state: 'sleeping' } })])).toEqual([]);
  });
});

describe('alert episodes', () => {
  const offline = alertConditions([station({ state: 'offline', at: iso(NOW - 5000), reason: 'shutdown' })], [], NOW, thresholds);
  const seen = new Set(['ST-0001']);
  const open = { alert: 'station-offline', deviceId: 'ST-0001', deviceKind: 'station' as const, stationId: 'ST-0001', siteId: 'SITE-01', since: iso(NOW - 5000), openedAt: iso(NOW) };

  it('opens only once the condition has held for the threshold', () => {
    const first = decideEpisodes(offline, [], new Map(), NOW, 120_000, seen);
    expect(first.open).toEqual([]);
    expect([...first.pendingSince]).toEqual([['station-offline ST-0001', NOW]]);
    expect(decideEpisodes(offline, [], first.pendingSince, NOW + 119_999, 120_000, seen).open).toEqual([]);
    const due = decideEpisodes(offline, [], first.pendingSince, NOW + 120_000, 120_000, seen);
    expect(due.open).toEqual([{ state: 'open', alert: 'station-offline', deviceKind: 'station', deviceId: 'ST-0001', stationId: 'ST-0001', siteId: 'SITE-01', since: iso(NOW - 5000), at: iso(NOW + 120_000) }]);
    expect(due.pendingSince.size).toBe(0);
  });

  it('a condition that clears before the threshold opens nothing and starts over', () => {
    const first = decideEpisodes(offline, [], new Map(), NOW, 120_000, seen);
    const cleared = decideEpisodes([], [], first.pendingSince, NOW + 60_000, 120_000, seen);
    expect(cleared.pendingSince.size).toBe(0);
    expect(decideEpisodes(offline, [], cleared.pendingSince, NOW + 130_000, 120_000, seen).open).toEqual([]);
  });

  it('an open episode is not opened again, and closes when its condition clears', () => {
    expect(decideEpisodes(offline, [open], new Map(), NOW + 500_000, 120_000, seen)).toMatchObject({ open: [], close: [] });
    expect(decideEpisodes([], [open], new Map(), NOW + 500_000, 120_000, seen).close).toEqual([
      { state: 'closed', alert: 'station-offline', deviceKind: 'station', deviceId: 'ST-0001', stationId: 'ST-0001', siteId: 'SITE-01', since: iso(NOW - 5000), at: iso(NOW + 500_000) },
    ]);
  });

  it('after a restart, an episode of a device not heard from yet stays open', () => {
    expect(decideEpisodes([], [open], new Map(), NOW, 120_000, new Set()).close).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { alertConditions, type KioskSeen, type StationSeen } from '../../../central/alerts/alert-rules.ts';
import { decideEpisodes } from '../../../central/alerts/alert-episodes.ts';
import type { StationStatus } from '../../../shared/index.ts';

const NOW = Date.parse('2026-12-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const thresholds = { outboxAgeMs: 5 * 60_000, storageLowFraction: 0.1, clockSkewMs: 2_000 };
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

  it('version-behind: an agent or kiosk app older than the newest in the fleet; the newest, and devices without a version, raise nothing', () => {
    const agent = (stationId: string, version?: string): StationSeen => ({ ...station(version ? { agent: { version, startedAt: iso(NOW - 60_000) } } : {}), stationId });
    const behind = alertConditions([agent('ST-0001', '1.9.3'), agent('ST-0002', '1.10.0'), agent('ST-0003')], [], NOW, thresholds);
    expect(behind).toEqual([{ alert: 'version-behind', device: { kind: 'station', stationId: 'ST-0001' }, siteId: 'SITE-01', since: iso(NOW - 2000) }]);
    expect(names([agent('ST-0001', '1.2.0'), agent('ST-0002', 'v1.2.0')])).toEqual([]);
    const app = (kioskId: string, version: string): KioskSeen => ({ ...kiosk({ app: { version } }), kioskId });
    expect(alertConditions([], [app('K-0001', '2.0.0-rc.1'), app('K-0002', '2.0.0')], NOW, thresholds)).toEqual([
      { alert: 'version-behind', device: { kind: 'kiosk', kioskId: 'K-0001', stationId: 'ST-0001' }, siteId: 'SITE-01', since: iso(NOW - 2000) },
    ]);
  });

  it('clock-skew: a fresh status whose clock is off from receipt beyond the threshold, either way; a retained one is old news', () => {
    const at = (offsetMs: number, retained = false): Partial<StationSeen> => ({ receivedAt: iso(NOW), retained, status: { v: 1, state: 'online', at: iso(NOW - offsetMs) } as StationStatus });
    expect(names([{ ...station({}), ...at(2_001) }])).toEqual(['clock-skew']);
    expect(names([{ ...station({}), ...at(-2_001) }])).toEqual(['clock-skew']);
    expect(names([{ ...station({}), ...at(2_000) }])).toEqual([]);
    expect(names([{ ...station({}), ...at(3_600_000, true) }])).toEqual([]);
    const skewedKiosk: KioskSeen = { ...kiosk({ at: iso(NOW + 30_000) }), receivedAt: iso(NOW) };
    expect(alertConditions([], [skewedKiosk], NOW, thresholds)).toMatchObject([{ alert: 'clock-skew', device: { kind: 'kiosk', kioskId: 'K-0001' } }]);
  });

  it('seq-gap: a station with an unfilled gap, since the gap was found, online or offline; none without one', () => {
    const gapAt = iso(NOW - 60_000);
    expect(alertConditions([{ ...station({}), oldestGapAt: gapAt }], [], NOW, thresholds)).toEqual([{ alert: 'seq-gap', device: { kind: 'station', stationId: 'ST-0001' }, siteId: 'SITE-01', since: gapAt }]);
    expect(names([{ ...station({ state: 'offline', reason: 'lost' }), oldestGapAt: gapAt }])).toEqual(['seq-gap', 'station-offline']);
    expect(names([station({})])).toEqual([]);
  });
});

describe('alert episodes', () => {
  const offline = alertConditions([station({ state: 'offline', at: iso(NOW - 5000), reason: 'shutdown' })], [], NOW, thresholds);
  const seen = new Set(['ST-0001']);
  const hold = () => 120_000;
  const open = { alert: 'station-offline', deviceId: 'ST-0001', deviceKind: 'station' as const, stationId: 'ST-0001', siteId: 'SITE-01', since: iso(NOW - 5000), openedAt: iso(NOW) };

  it('opens only once the condition has held for the threshold', () => {
    const first = decideEpisodes(offline, [], new Map(), NOW, hold, seen);
    expect(first.open).toEqual([]);
    expect([...first.pendingSince]).toEqual([['station-offline ST-0001', NOW]]);
    expect(decideEpisodes(offline, [], first.pendingSince, NOW + 119_999, hold, seen).open).toEqual([]);
    const due = decideEpisodes(offline, [], first.pendingSince, NOW + 120_000, hold, seen);
    expect(due.open).toEqual([{ state: 'open', alert: 'station-offline', deviceKind: 'station', deviceId: 'ST-0001', stationId: 'ST-0001', siteId: 'SITE-01', since: iso(NOW - 5000), at: iso(NOW + 120_000) }]);
    expect(due.pendingSince.size).toBe(0);
  });

  it('a condition that clears before the threshold opens nothing and starts over', () => {
    const first = decideEpisodes(offline, [], new Map(), NOW, hold, seen);
    const cleared = decideEpisodes([], [], first.pendingSince, NOW + 60_000, hold, seen);
    expect(cleared.pendingSince.size).toBe(0);
    expect(decideEpisodes(offline, [], cleared.pendingSince, NOW + 130_000, hold, seen).open).toEqual([]);
  });

  it('an open episode is not opened again, and closes when its condition clears', () => {
    expect(decideEpisodes(offline, [open], new Map(), NOW + 500_000, hold, seen)).toMatchObject({ open: [], close: [] });
    expect(decideEpisodes([], [open], new Map(), NOW + 500_000, hold, seen).close).toEqual([
      { state: 'closed', alert: 'station-offline', deviceKind: 'station', deviceId: 'ST-0001', stationId: 'ST-0001', siteId: 'SITE-01', since: iso(NOW - 5000), at: iso(NOW + 500_000) },
    ]);
  });

  it('each alert waits its own hold, and the decision says when the first pending one is due', () => {
    const both = [...offline, { alert: 'seq-gap' as const, device: { kind: 'station' as const, stationId: 'ST-0001' }, siteId: 'SITE-01', since: iso(NOW) }];
    const holdOf = (alert: string) => (alert === 'seq-gap' ? 600_000 : 2_000);
    const first = decideEpisodes(both, [], new Map(), NOW, holdOf, seen);
    expect(first.nextDueMs).toBe(NOW + 2_000);
    const offlineDue = decideEpisodes(both, [], first.pendingSince, NOW + 2_000, holdOf, seen);
    expect(offlineDue.open.map((e) => e.alert)).toEqual(['station-offline']);
    expect(offlineDue.nextDueMs).toBe(NOW + 600_000);
    const gapDue = decideEpisodes(both, [open], offlineDue.pendingSince, NOW + 600_000, holdOf, seen);
    expect(gapDue.open.map((e) => e.alert)).toEqual(['seq-gap']);
    expect(gapDue.nextDueMs).toBeUndefined();
  });

  it('after a restart, an episode of a device not heard from yet stays open', () => {
    expect(decideEpisodes([], [open], new Map(), NOW, hold, new Set()).close).toEqual([]);
  });
});

/** Presence, Last Will timing, clock skew and every alert rule, on the plain fleet model. */
import { describe, expect, it } from 'vitest';
import { topicsFor, type KioskStatus, type StationStatus } from '../../../shared/index.ts';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../console/data/console-config.ts';
import { applyFleetMessage } from '../../../console/data/fleet-messages.ts';
import { buildStationRows, sitesOf, StationRowsBuilder } from '../../../console/data/fleet-rows.ts';
import { FleetState } from '../../../console/data/fleet-state.ts';

const T0 = Date.parse('2026-11-29T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const live = (receivedAt: number) => ({ receivedAt, retained: false });
const retained = (receivedAt: number) => ({ receivedAt, retained: true });
const input = (now: number) => ({ now, thresholds: DEFAULT_ALERT_THRESHOLDS });

function online(at: number, extra: Partial<StationStatus> = {}): StationStatus {
  return { v: 1, state: 'online', at: iso(at), siteId: 'SITE-01', reader: { driver: 'rdm6300', state: 'connected' }, outbox: { pending: 0 }, agent: { version: '1.0.0', startedAt: iso(at) }, ...extra };
}
const lastWill: StationStatus = { v: 1, state: 'offline', reason: 'lost' };

function kiosk(at: number, stationId: string, extra: Partial<KioskStatus> = {}): KioskStatus {
  return { v: 1, state: 'online', at: iso(at), stationId, app: { version: '1.0.0' }, ...extra };
}

const kinds = (fleet: FleetState, now: number, stationId: string) => buildStationRows(fleet, input(now)).find((r) => r.stationId === stationId)?.alerts.map((a) => a.kind);

describe('fleet rows', () => {
  it('marks a Last Will offline from the moment it arrives, and alerts only after 2 minutes', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0), live(T0));
    fleet.applyStationStatus('ST-1', lastWill, live(T0 + 10_000));
    const row = buildStationRows(fleet, input(T0 + 20_000))[0]!;
    expect(row.station).toMatchObject({ state: 'offline', offlineSince: T0 + 10_000, lastSeenAt: T0 + 10_000 });
    expect(row.reader).toBeUndefined();
    expect(kinds(fleet, T0 + 10_000 + 119_000, 'ST-1')).toEqual([]);
    expect(kinds(fleet, T0 + 10_000 + 121_000, 'ST-1')).toEqual(['station-offline']);
  });

  it('alerts at once for a retained Last Will of unknown age', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', lastWill, retained(T0));
    expect(buildStationRows(fleet, input(T0))[0]!.alerts[0]?.message).toBe('Station offline since before this console connected');
  });

  it('takes the last-seen time of a retained online status from its own "at"', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0 - 30_000), retained(T0));
    expect(buildStationRows(fleet, input(T0))[0]!.station.lastSeenAt).toBe(T0 - 30_000);
  });

  it('measures clock skew only on live messages', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0 - 60_000), retained(T0));
    expect(kinds(fleet, T0, 'ST-1')).toEqual([]);
    fleet.applyStationStatus('ST-1', online(T0 - 2_500), live(T0));
    expect(kinds(fleet, T0, 'ST-1')).toEqual(['station-clock']);
    fleet.applyStationStatus('ST-1', online(T0 + 1_500), live(T0));
    expect(kinds(fleet, T0, 'ST-1')).toEqual([]);
  });

  it('raises reader, outbox and silence alerts with the thresholds of issue 6', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0, { reader: { driver: 'pn532', state: 'error', detail: 'EACCES' } }), live(T0));
    fleet.applyStationStatus('ST-2', online(T0, { outbox: { pending: 2, oldestAt: iso(T0 - 301_000) } }), live(T0));
    fleet.applyStationStatus('ST-3', online(T0, { outbox: { pending: 2, oldestAt: iso(T0 - 299_000) } }), live(T0));
    fleet.applyStationStatus('ST-4', online(T0, { outbox: { pending: 0, writable: false } }), live(T0));
    expect(kinds(fleet, T0, 'ST-1')).toEqual(['reader-disconnected']);
    expect(buildStationRows(fleet, input(T0)).find((r) => r.stationId === 'ST-1')!.alerts[0]!.message).toBe('Card reader error (EACCES)');
    expect(kinds(fleet, T0, 'ST-2')).toEqual(['outbox-stuck']);
    expect(kinds(fleet, T0, 'ST-3')).toEqual([]);
    expect(kinds(fleet, T0, 'ST-4')).toEqual(['outbox-unwritable']);
    // No status at all for heartbeat + 2 min while "online": the console says so.
    expect(kinds(fleet, T0 + 181_000, 'ST-3')).toEqual(['station-silent', 'outbox-stuck']);
  });

  it('flags versions behind the newest seen, for agents and kiosk apps', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0, { agent: { version: '1.9.0', startedAt: iso(T0) } }), live(T0));
    fleet.applyStationStatus('ST-2', online(T0, { agent: { version: '1.10.0', startedAt: iso(T0) } }), live(T0));
    fleet.applyKioskStatus('K-1', kiosk(T0, 'ST-1', { app: { version: '2.0.0' } }), live(T0));
    fleet.applyKioskStatus('K-2', kiosk(T0, 'ST-2', { app: { version: '2.0.0-rc.1' } }), live(T0));
    expect(kinds(fleet, T0, 'ST-1')).toEqual(['agent-version-behind']);
    expect(kinds(fleet, T0, 'ST-2')).toEqual(['app-version-behind']);
  });

  it('joins kiosks to stations, takes the site from either, and sorts alerts first in natural order', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-10', online(T0), live(T0));
    fleet.applyStationStatus('ST-2', online(T0), live(T0));
    fleet.applyKioskStatus('K-9', kiosk(T0, 'ST-9', { siteId: 'SITE-02' }), live(T0));
    fleet.applyKioskStatus('K-10', { v: 1, state: 'offline', reason: 'lost', stationId: 'ST-10' }, retained(T0));
    const rows = buildStationRows(fleet, input(T0));
    expect(rows.map((r) => r.stationId)).toEqual(['ST-10', 'ST-2', 'ST-9']);
    expect(rows[0]!.alerts.map((a) => a.kind)).toEqual(['kiosk-offline']);
    expect(rows[2]).toMatchObject({ siteId: 'SITE-02', station: { state: 'unknown' }, kiosks: [{ kioskId: 'K-9', state: 'online' }] });
    expect(sitesOf(rows)).toEqual(['SITE-01', 'SITE-02']);
  });

  it('shows a kiosk sleeping outside opening hours as online and sleeping, with no alert all night', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0), live(T0));
    const night = 12 * 3_600_000;
    for (let at = T0; at <= T0 + night; at += 60_000) {
      fleet.applyStationStatus('ST-1', online(at), live(at));
      fleet.applyKioskStatus('K-1', kiosk(at, 'ST-1', { display: { state: 'sleeping', since: iso(T0) } }), live(at));
    }
    const row = buildStationRows(fleet, input(T0 + night + 30_000)).find((r) => r.stationId === 'ST-1')!;
    expect(row.kiosks).toMatchObject([{ kioskId: 'K-1', state: 'online', display: 'sleeping' }]);
    expect(row.alerts).toEqual([]);
  });

  it('still alerts when a sleeping kiosk goes offline, and forgets that it was sleeping', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0 + 180_000), live(T0 + 180_000));
    fleet.applyKioskStatus('K-1', kiosk(T0, 'ST-1', { display: { state: 'sleeping' } }), live(T0));
    fleet.applyKioskStatus('K-1', { v: 1, state: 'offline', reason: 'lost', stationId: 'ST-1' }, live(T0 + 10_000));
    const row = buildStationRows(fleet, input(T0 + 180_000)).find((r) => r.stationId === 'ST-1')!;
    expect(row.kiosks[0]).toMatchObject({ state: 'offline', display: undefined });
    expect(row.alerts.map((a) => a.kind)).toEqual(['kiosk-offline']);
  });

  it('takes the last check-in from results or from the reader, whichever is later', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-1', online(T0, { reader: { driver: 'line', state: 'connected', lastReadAt: iso(T0 - 5_000) } }), live(T0));
    expect(buildStationRows(fleet, input(T0))[0]!.lastCheckInAt).toBe(T0 - 5_000);
    fleet.applyResult('ST-1', { v: 1, id: '6f1c2a4e-8d2b-4c1a-9a53-0e1f2d3c4b5a', status: 'accepted', at: iso(T0 - 1_000) });
    expect(buildStationRows(fleet, input(T0))[0]!.lastCheckInAt).toBe(T0 - 1_000);
  });
});

describe('applyFleetMessage', () => {
  const topics = topicsFor('vs/v1');
  const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

  it('drops invalid payloads and foreign topics with a reason, keeping the state', () => {
    const fleet = new FleetState();
    const bad = applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/status', payload: bytes({ v: 2, state: 'online' }), receipt: live(T0) });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^vs\/v1\/stations\/ST-1\/status: invalid payload dropped \(v: /);
    expect(applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/status', payload: bytes('{oops'), receipt: live(T0) }).ok).toBe(false);
    expect(applyFleetMessage(fleet, topics, { topic: 'other/root/x', payload: bytes({}), receipt: live(T0) }).ok).toBe(false);
    expect(fleet.stations.size).toBe(0);
  });

  it('forgets a device whose retained status is cleared', () => {
    const fleet = new FleetState();
    applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/status', payload: bytes(online(T0)), receipt: live(T0) });
    expect(fleet.stations.size).toBe(1);
    applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/status', payload: new Uint8Array(), receipt: retained(T0) });
    expect(fleet.stations.size).toBe(0);
  });

  it('rebuilds only the rows whose records were replaced, and all of them when a newer version appears', () => {
    // The page's copy of the fleet: records arrive whole from the worker (applyRecords).
    const worker = new FleetState();
    const page = new FleetState();
    const copy = () => page.applyRecords({ stations: [...worker.stations.values()].map((r) => structuredClone(r)), kiosks: [...worker.kiosks.values()].map((r) => structuredClone(r)), forgottenStations: [], forgottenKiosks: [] });
    worker.applyStationStatus('ST-1', online(T0), live(T0));
    worker.applyStationStatus('ST-2', online(T0), live(T0));
    copy();
    const builder = new StationRowsBuilder();
    const first = builder.build(page, input(T0));
    const row = (rows: typeof first, id: string) => rows.find((r) => r.stationId === id)!;

    page.applyRecords({ stations: [{ ...page.stations.get('ST-2')!, status: online(T0, { reader: { driver: 'rdm6300', state: 'disconnected' } }) }], kiosks: [], forgottenStations: [], forgottenKiosks: [] });
    const second = builder.build(page, input(T0));
    expect(row(second, 'ST-1')).toBe(row(first, 'ST-1'));
    expect(row(second, 'ST-2').alerts.map((a) => a.kind)).toEqual(['reader-disconnected']);
    expect(second.map((r) => r.stationId)).toEqual(['ST-2', 'ST-1']);

    page.applyRecords({ stations: [{ ...page.stations.get('ST-2')!, status: online(T0, { agent: { version: '1.1.0', startedAt: iso(T0) } }) }], kiosks: [], forgottenStations: [], forgottenKiosks: [] });
    const third = builder.build(page, input(T0));
    expect(row(third, 'ST-1')).not.toBe(row(second, 'ST-1'));
    expect(row(third, 'ST-1').alerts.map((a) => a.kind)).toEqual(['agent-version-behind']);
    expect(builder.build(page, input(T0), { force: true })).toEqual(third);
  });
});

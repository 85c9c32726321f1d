/** One row per station, with its kiosks and alerts: what the console's list shows. */
import type { AlertThresholds } from './console-config.ts';
import { alertsFor, type Alert, type PresenceView } from './alerts.ts';
import type { FleetState, KioskRecord, StationRecord } from './fleet-state.ts';
import { newestVersionOf } from '../../shared/index.ts';

export interface KioskView extends PresenceView {
  kioskId: string;
  siteId?: string;
  appVersion?: string;
  serviceWorker?: string;
  /** The older of the activities and directory timestamps: how stale the screen may be. */
  contentUpdatedAt?: number;
  screen?: string;
  /** Protocol v2: `sleeping` outside the display schedule, a normal state (only while online). */
  display?: 'on' | 'sleeping';
}

export interface StationRow {
  stationId: string;
  siteId?: string;
  station: PresenceView & { reason?: string };
  kiosks: KioskView[];
  reader?: { driver: string; state: 'connected' | 'disconnected' | 'error'; detail?: string };
  outbox?: { pending: number; oldestAt?: number; writable?: boolean };
  agentVersion?: string;
  lastCheckInAt?: number;
  alerts: Alert[];
}

export interface RowsInput {
  now: number;
  thresholds: AlertThresholds;
}

const stationOrder = new Intl.Collator('en', { numeric: true });

/** Every station, alerts first, then by station id in natural order (ST-2 before ST-10). */
export function buildStationRows(fleet: FleetState, input: RowsInput): StationRow[] {
  return new StationRowsBuilder().build(fleet, input, { force: true });
}

interface CachedRow {
  record: StationRecord;
  kiosks: KioskRecord[];
  row: StationRow;
}

/**
 * Builds the rows again after a change, recomputing only the stations whose record or
 * kiosks changed. It relies on changed records being new objects, as the page's copy
 * gets them from the fleet worker (FleetState.applyRecords); `force` recomputes all,
 * for the age tick and a language switch. 2,000 rows from scratch take tens of ms.
 */
export class StationRowsBuilder {
  private cache = new Map<string, CachedRow>();
  private versions = '';

  build(fleet: FleetState, input: RowsInput, { force = false } = {}): StationRow[] {
    const kiosksByStation = new Map<string, KioskRecord[]>();
    for (const kiosk of fleet.kiosks.values()) {
      const list = kiosksByStation.get(kiosk.status.stationId);
      if (list) list.push(kiosk);
      else kiosksByStation.set(kiosk.status.stationId, [kiosk]);
    }
    const newestAgentVersion = newestVersionOf(fleet.stations.values(), (s) => s.status?.agent?.version);
    const newestAppVersion = newestVersionOf(fleet.kiosks.values(), (k) => k.status.app?.version);
    // A new newest version can put any station behind: then every row is recomputed.
    const versions = `${newestAgentVersion ?? ''} ${newestAppVersion ?? ''}`;
    const all = force || versions !== this.versions;
    this.versions = versions;
    const alertInput = { ...input, newestAgentVersion, newestAppVersion };
    const next = new Map<string, CachedRow>();
    const rows: StationRow[] = [];
    for (const record of fleet.stations.values()) {
      const kiosks = kiosksByStation.get(record.stationId) ?? [];
      const cached = this.cache.get(record.stationId);
      let row: StationRow;
      if (!all && cached && cached.record === record && sameItems(cached.kiosks, kiosks)) {
        row = cached.row;
      } else {
        row = stationRowWithoutAlerts(record, kiosks.map(kioskView));
        row.alerts = alertsFor(row, alertInput);
      }
      next.set(record.stationId, { record, kiosks, row });
      rows.push(row);
    }
    this.cache = next;
    return rows.sort((a, b) => Number(b.alerts.length > 0) - Number(a.alerts.length > 0) || stationOrder.compare(a.stationId, b.stationId));
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

export function sitesOf(rows: readonly StationRow[]): string[] {
  const sites = new Set<string>();
  for (const row of rows) if (row.siteId) sites.add(row.siteId);
  return [...sites].sort(stationOrder.compare);
}

function stationRowWithoutAlerts(record: StationRecord, kiosks: KioskView[]): StationRow {
  const status = record.status;
  const online = status?.state === 'online';
  const lastReadAt = status?.reader?.lastReadAt === undefined ? undefined : Date.parse(status.reader.lastReadAt);
  return {
    stationId: record.stationId,
    siteId: status?.siteId ?? kiosks.map((k) => k.siteId).find(Boolean),
    station: {
      state: status?.state ?? 'unknown',
      lastSeenAt: record.lastSeenAt,
      offlineSince: record.offlineSince,
      clockSkewMs: record.clockSkewMs,
      reason: status?.reason,
    },
    kiosks,
    // Reader and outbox describe a running agent; after its Last Will they are history.
    reader: online && status.reader ? { driver: status.reader.driver, state: status.reader.state, detail: status.reader.detail } : undefined,
    outbox:
      online && status.outbox
        ? { pending: status.outbox.pending, oldestAt: status.outbox.oldestAt === undefined ? undefined : Date.parse(status.outbox.oldestAt), writable: status.outbox.writable }
        : undefined,
    agentVersion: status?.agent?.version,
    lastCheckInAt: latest(record.lastResultAt, lastReadAt),
    alerts: [],
  };
}

function kioskView(record: KioskRecord): KioskView {
  const { status } = record;
  const contentTimes = [status.content?.activitiesUpdatedAt, status.content?.directoryUpdatedAt].filter((t): t is string => t !== undefined).map(Date.parse);
  return {
    kioskId: record.kioskId,
    siteId: status.siteId,
    state: status.state,
    lastSeenAt: record.lastSeenAt,
    offlineSince: record.offlineSince,
    clockSkewMs: record.clockSkewMs,
    appVersion: status.app?.version,
    serviceWorker: status.serviceWorker ? [status.serviceWorker.state, status.serviceWorker.version].filter(Boolean).join(' ') : undefined,
    contentUpdatedAt: contentTimes.length > 0 ? Math.min(...contentTimes) : undefined,
    screen: status.screen,
    display: status.state === 'online' ? status.display?.state : undefined,
  };
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

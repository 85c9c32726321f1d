/**
 * Which alert conditions hold now, as a pure function of the last status each device
 * published (issue 14). The shared predicates are the console's (shared/alerts/alert-conditions.ts);
 * how long a condition must hold before anyone is told is alert-episodes.ts's business.
 */
import {
  clockSkewOf,
  isClockSkewed,
  isOutboxStale,
  isReaderDown,
  isVersionBehind,
  newestVersionOf,
  type AlertName,
  type KioskStatus,
  type StationStatus,
} from '../../shared/index.ts';

export { ALERT_NAMES, type AlertName } from '../../shared/index.ts';

export type AlertDevice = { kind: 'station'; stationId: string } | { kind: 'kiosk'; kioskId: string; stationId: string };

export interface AlertCondition {
  alert: AlertName;
  device: AlertDevice;
  siteId: string;
  /** When the condition began, as far as the status tells (ISO). */
  since: string;
}

export interface StationSeen {
  stationId: string;
  siteId: string;
  status: StationStatus;
  receivedAt: string;
  /** The broker's retained copy: no clock reading (absent: a fresh publish). */
  retained?: boolean;
  /** When the oldest of the station's unfilled seq gaps was detected (central/store/seq-gaps.ts); absent: none. */
  oldestGapAt?: string;
}

export interface KioskSeen {
  kioskId: string;
  stationId: string;
  siteId: string;
  status: KioskStatus;
  receivedAt: string;
  retained?: boolean;
}

export interface AlertRuleThresholds {
  outboxAgeMs: number;
  /** storage-low below this fraction free (disk) or left of the quota (kiosk storage). */
  storageLowFraction: number;
  /** clock-skew beyond this, either way, between a status's `at` and its receipt. */
  clockSkewMs: number;
}

export const DEFAULT_STORAGE_LOW_FRACTION = 0.1;

export function alertConditions(stations: readonly StationSeen[], kiosks: readonly KioskSeen[], now: number, thresholds: AlertRuleThresholds): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  // "Behind" is behind the newest version anyone in the fleet runs, offline or not.
  const newestAgent = newestVersionOf(stations, (s) => s.status.agent?.version);
  const newestApp = newestVersionOf(kiosks, (k) => k.status.app?.version);
  for (const seen of stations) {
    const { status, stationId, siteId } = seen;
    const device: AlertDevice = { kind: 'station', stationId };
    const at = status.at ?? seen.receivedAt;
    // Missing check-ins stay missing whether or not the station is online now.
    if (seen.oldestGapAt !== undefined) conditions.push({ alert: 'seq-gap', device, siteId, since: seen.oldestGapAt });
    // How long it must stay offline is the episodes' threshold, so any offline status counts here.
    if (status.state === 'offline') {
      conditions.push({ alert: 'station-offline', device, siteId, since: at });
      continue;
    }
    if (isReaderDown(status.reader)) conditions.push({ alert: 'reader-disconnected', device, siteId, since: at });
    const oldestAt = status.outbox?.oldestAt;
    if (oldestAt && isOutboxStale({ pending: status.outbox?.pending ?? 0, oldestAtMs: Date.parse(oldestAt) }, now, thresholds.outboxAgeMs)) {
      conditions.push({ alert: 'outbox-stale', device, siteId, since: oldestAt });
    }
    if (status.disk && status.disk.totalBytes > 0 && status.disk.freeBytes / status.disk.totalBytes < thresholds.storageLowFraction) {
      conditions.push({ alert: 'storage-low', device, siteId, since: at });
    }
    // `sleeping` is the display schedule at work, not a fault.
    const display = status.display?.state;
    if (display === 'frozen' || display === 'blank') conditions.push({ alert: `screen-${display}`, device, siteId, since: status.display?.since ?? at });
    if (isVersionBehind(status.agent?.version, newestAgent)) conditions.push({ alert: 'version-behind', device, siteId, since: at });
    if (isSkewed(seen, thresholds.clockSkewMs)) conditions.push({ alert: 'clock-skew', device, siteId, since: at });
  }
  for (const seen of kiosks) {
    const { status, kioskId, stationId, siteId } = seen;
    const device: AlertDevice = { kind: 'kiosk', kioskId, stationId };
    const at = status.at ?? seen.receivedAt;
    if (status.state === 'offline') {
      conditions.push({ alert: 'kiosk-offline', device, siteId, since: at });
      continue;
    }
    const storage = status.storage;
    if (storage?.usageBytes !== undefined && storage.quotaBytes !== undefined && storage.quotaBytes > 0 && 1 - storage.usageBytes / storage.quotaBytes < thresholds.storageLowFraction) {
      conditions.push({ alert: 'storage-low', device, siteId, since: at });
    }
    if (isVersionBehind(status.app?.version, newestApp)) conditions.push({ alert: 'version-behind', device, siteId, since: at });
    if (isSkewed(seen, thresholds.clockSkewMs)) conditions.push({ alert: 'clock-skew', device, siteId, since: at });
  }
  return conditions;
}

function isSkewed(seen: StationSeen | KioskSeen, clockSkewMs: number): boolean {
  const statusAt = seen.status.at === undefined ? undefined : Date.parse(seen.status.at);
  return isClockSkewed(clockSkewOf(Date.parse(seen.receivedAt), statusAt, seen.retained ?? false), clockSkewMs);
}

/** One open episode per alert and device: this is its key. */
export function conditionKey(alert: AlertName, device: AlertDevice): string {
  return `${alert} ${device.kind === 'station' ? device.stationId : device.kioskId}`;
}

/**
 * What the console knows about every station and kiosk, fed by validated status
 * messages. Plain data and functions: no MQTT, no DOM, so it is tested in Node.
 */
import { clockSkewOf, type KioskStatus, type Result, type StationStatus } from '../../shared/index.ts';

/** How a status message reached us: retained ones replay the past, live ones are "now". */
export interface Receipt {
  receivedAt: number;
  retained: boolean;
}

interface Presence {
  /** Last moment the device was known to be online (epoch ms). */
  lastSeenAt?: number;
  /** When it went offline; undefined while online, null when it went offline before we watched. */
  offlineSince?: number | null;
  /** Receive time minus the status's own `at`, from live messages only (protocol: `at` is the sender's clock). */
  clockSkewMs?: number;
}

export interface StationRecord extends Presence {
  stationId: string;
  status?: StationStatus;
  /** From results, when the manager account may read them. */
  lastResultAt?: number;
}

export interface KioskRecord extends Presence {
  kioskId: string;
  status: KioskStatus;
}

export class FleetState {
  readonly stations = new Map<string, StationRecord>();
  readonly kiosks = new Map<string, KioskRecord>();
  /** Bumped on every change, so views can skip work when nothing moved. */
  revision = 0;

  applyStationStatus(stationId: string, status: StationStatus, receipt: Receipt): void {
    const record = this.station(stationId);
    updatePresence(record, status, receipt);
    record.status = status;
    this.revision++;
  }

  applyKioskStatus(kioskId: string, status: KioskStatus, receipt: Receipt): void {
    const previous = this.kiosks.get(kioskId);
    const record: KioskRecord = previous ?? { kioskId, status };
    updatePresence(record, status, receipt);
    record.status = status;
    this.kiosks.set(kioskId, record);
    this.station(status.stationId);
    this.revision++;
  }

  applyResult(stationId: string, result: Result): void {
    const record = this.station(stationId);
    const at = Date.parse(result.at);
    if (record.lastResultAt === undefined || at > record.lastResultAt) record.lastResultAt = at;
    this.revision++;
  }

  /**
   * Copies in records indexed elsewhere (the fleet worker), whole: the worker already
   * applied the presence rules, so its record replaces ours.
   */
  applyRecords(changes: { stations: readonly StationRecord[]; kiosks: readonly KioskRecord[]; forgottenStations: readonly string[]; forgottenKiosks: readonly string[] }): void {
    for (const record of changes.stations) this.stations.set(record.stationId, record);
    for (const record of changes.kiosks) this.kiosks.set(record.kioskId, record);
    for (const id of changes.forgottenStations) this.stations.delete(id);
    for (const id of changes.forgottenKiosks) this.kiosks.delete(id);
    if (changes.stations.length + changes.kiosks.length + changes.forgottenStations.length + changes.forgottenKiosks.length > 0) this.revision++;
  }

  /** A retained empty payload clears a topic (MQTT 3.1.1 §3.3.1.3): the device was decommissioned. */
  forgetStation(stationId: string): void {
    if (this.stations.delete(stationId)) this.revision++;
  }

  forgetKiosk(kioskId: string): void {
    if (this.kiosks.delete(kioskId)) this.revision++;
  }

  private station(stationId: string): StationRecord {
    let record = this.stations.get(stationId);
    if (!record) {
      record = { stationId };
      this.stations.set(stationId, record);
    }
    return record;
  }
}

function updatePresence(record: Presence, status: StationStatus | KioskStatus, receipt: Receipt): void {
  const statusAt = status.at === undefined ? undefined : Date.parse(status.at);
  const skewMs = clockSkewOf(receipt.receivedAt, statusAt, receipt.retained);
  if (skewMs !== undefined) record.clockSkewMs = skewMs;
  if (status.state === 'online') {
    // A retained status may be up to a heartbeat old: its own `at` says when it was true.
    record.lastSeenAt = receipt.retained ? (statusAt ?? record.lastSeenAt) : receipt.receivedAt;
    record.offlineSince = undefined;
    return;
  }
  if (record.offlineSince !== undefined && record.offlineSince !== null) return; // already offline, keep the first moment
  // A clean shutdown carries `at`; a live Last Will arrives when the broker gives up on
  // the client; a retained Last Will carries no time at all (protocol v1: fixed at connect).
  const since = statusAt ?? (receipt.retained ? record.lastSeenAt ?? null : receipt.receivedAt);
  record.offlineSince = since;
  if (since !== null && (record.lastSeenAt === undefined || since > record.lastSeenAt)) record.lastSeenAt = since;
}

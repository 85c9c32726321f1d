/**
 * The last StationStatus and KioskStatus seen for every station, for the manager
 * API. Statuses are retained, so a restarted instance knows them again at once.
 * A kiosk belongs to the station whose `kiosks` list in the stations file names it
 * (protocol v2): the broker vouches for the kiosk id in the topic, but anyone with a
 * kiosk credential can write any `stationId` into the payload, so that is never used.
 */
import { KioskStatusSchema, parseJson, StationStatusSchema, type KioskStatus, type StationStatus, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';

export interface SeenStatus<T> {
  status: T;
  receivedAt: string;
  /** The broker's retained copy (on subscribe), not a fresh publish: its `at` says nothing of the sender's clock. */
  retained: boolean;
}

export class StationStatusBoard {
  readonly stations = new Map<string, SeenStatus<StationStatus>>();
  /** kioskId (from the topic) -> its last status, registered or not. */
  readonly kiosks = new Map<string, SeenStatus<KioskStatus>>();
  readonly stationOfKiosk: ReadonlyMap<string, string>;
  /** `kioskId claimedStationId` pairs already warned about, so a retained status warns once. */
  private readonly warnedClaims = new Set<string>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly deps: { mqtt: CentralMqtt; topics: Topics; stations: StationsFile; log: CentralLogger; metrics: CentralMetrics; now?: () => Date },
  ) {
    this.stationOfKiosk = stationOfKioskFrom(deps.stations);
  }

  start(): void {
    const { mqtt, topics } = this.deps;
    mqtt.subscribe(topics.allStations('status'), (topic, payload, retained) => this.onStationStatus(topic, payload, retained));
    mqtt.subscribe(topics.allKioskStatus(), (topic, payload, retained) => this.onKioskStatus(topic, payload, retained));
  }

  /** Called after every status kept (the alert evaluator re-evaluates on each). */
  onStatus(listener: () => void): void {
    this.listeners.push(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private receivedAt(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private onStationStatus(topic: string, payload: Buffer, retained: boolean): void {
    const parsedTopic = this.deps.topics.parse(topic);
    if (parsedTopic?.kind !== 'station') return;
    if (payload.length === 0) return this.forget(this.stations, parsedTopic.stationId);
    const parsed = parseJson(StationStatusSchema, payload);
    if (!parsed.ok) {
      this.deps.metrics.invalidPayloadsTotal.inc({ kind: 'station-status' });
      this.deps.log.warn({ stationId: parsedTopic.stationId, issues: parsed.issues }, 'station status dropped: invalid payload');
      return;
    }
    this.stations.set(parsedTopic.stationId, { status: parsed.value, receivedAt: this.receivedAt(), retained });
    this.notify();
  }

  private onKioskStatus(topic: string, payload: Buffer, retained: boolean): void {
    const parsedTopic = this.deps.topics.parse(topic);
    if (parsedTopic?.kind !== 'kiosk-status') return;
    if (payload.length === 0) return this.forget(this.kiosks, parsedTopic.kioskId);
    const parsed = parseJson(KioskStatusSchema, payload);
    if (!parsed.ok) {
      this.deps.metrics.invalidPayloadsTotal.inc({ kind: 'kiosk-status' });
      this.deps.log.warn({ kioskId: parsedTopic.kioskId, issues: parsed.issues }, 'kiosk status dropped: invalid payload');
      return;
    }
    this.kiosks.set(parsedTopic.kioskId, { status: parsed.value, receivedAt: this.receivedAt(), retained });
    this.warnOnForeignClaim(parsedTopic.kioskId, parsed.value.stationId);
    this.notify();
  }

  /** An empty retained payload deletes the retained status (MQTT 3.1.1 §3.3.1.3): the device was decommissioned. */
  private forget(seen: Map<string, unknown>, id: string): void {
    if (seen.delete(id)) this.notify();
  }

  private warnOnForeignClaim(kioskId: string, claimedStationId: string): void {
    const registered = this.stationOfKiosk.get(kioskId);
    if (registered === claimedStationId) return;
    const claim = `${kioskId} ${claimedStationId}`;
    if (this.warnedClaims.has(claim)) return;
    this.warnedClaims.add(claim);
    if (registered === undefined) {
      this.deps.log.warn({ kioskId, claimedStationId }, 'kiosk status ignored for every station: no station lists this kiosk in the stations file (add it to its station\'s "kiosks")');
    } else {
      this.deps.log.warn({ kioskId, claimedStationId, stationId: registered }, 'kiosk status claims another station than the stations file gives it; shown under the registered station');
    }
  }

  /** The kiosks the stations file lists for this station, with the last status each published. */
  kiosksOf(stationId: string): { kioskId: string; status: KioskStatus; receivedAt: string }[] {
    return [...this.kiosks.entries()].filter(([kioskId]) => this.stationOfKiosk.get(kioskId) === stationId).map(([kioskId, seen]) => ({ kioskId, status: seen.status, receivedAt: seen.receivedAt }));
  }
}

export function stationOfKioskFrom(stations: StationsFile): Map<string, string> {
  const stationOf = new Map<string, string>();
  for (const [stationId, entry] of Object.entries(stations)) for (const kioskId of entry.kiosks ?? []) stationOf.set(kioskId, stationId);
  return stationOf;
}

/**
 * The last StationStatus and KioskStatus seen for every station, for the manager
 * API. Statuses are retained, so a restarted instance knows them again at once.
 */
import { KioskStatusSchema, parseJson, StationStatusSchema, type KioskStatus, type StationStatus, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';

export interface SeenStatus<T> {
  status: T;
  receivedAt: string;
}

export class StationStatusBoard {
  readonly stations = new Map<string, SeenStatus<StationStatus>>();
  /** kioskId -> status; the status names its station. */
  readonly kiosks = new Map<string, SeenStatus<KioskStatus>>();

  constructor(private readonly deps: { mqtt: CentralMqtt; topics: Topics; log: CentralLogger; metrics: CentralMetrics; now?: () => Date }) {}

  start(): void {
    const { mqtt, topics } = this.deps;
    mqtt.subscribe(topics.allStations('status'), (topic, payload) => this.onStationStatus(topic, payload));
    mqtt.subscribe(topics.allKioskStatus(), (topic, payload) => this.onKioskStatus(topic, payload));
  }

  private receivedAt(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private onStationStatus(topic: string, payload: Buffer): void {
    const parsedTopic = this.deps.topics.parse(topic);
    if (parsedTopic?.kind !== 'station' || payload.length === 0) return;
    const parsed = parseJson(StationStatusSchema, payload);
    if (!parsed.ok) {
      this.deps.metrics.invalidPayloadsTotal.inc({ kind: 'station-status' });
      this.deps.log.warn({ stationId: parsedTopic.stationId, issues: parsed.issues }, 'station status dropped: invalid payload');
      return;
    }
    this.stations.set(parsedTopic.stationId, { status: parsed.value, receivedAt: this.receivedAt() });
  }

  private onKioskStatus(topic: string, payload: Buffer): void {
    const parsedTopic = this.deps.topics.parse(topic);
    if (parsedTopic?.kind !== 'kiosk-status' || payload.length === 0) return;
    const parsed = parseJson(KioskStatusSchema, payload);
    if (!parsed.ok) {
      this.deps.metrics.invalidPayloadsTotal.inc({ kind: 'kiosk-status' });
      this.deps.log.warn({ kioskId: parsedTopic.kioskId, issues: parsed.issues }, 'kiosk status dropped: invalid payload');
      return;
    }
    this.kiosks.set(parsedTopic.kioskId, { status: parsed.value, receivedAt: this.receivedAt() });
  }

  kiosksOf(stationId: string): { kioskId: string; status: KioskStatus; receivedAt: string }[] {
    return [...this.kiosks.entries()].filter(([, seen]) => seen.status.stationId === stationId).map(([kioskId, seen]) => ({ kioskId, ...seen }));
  }
}

/**
 * Proof of play (protocol v2 §Proof of play): stores each kiosk's hourly report. The
 * broker vouches for the kiosk id in the topic; its station and site come from the stations
 * file, never the payload (as station-status-board.ts). Every replica may store it: the
 * row is keyed by kiosk and hour and a repeat (a redelivery, a second replica) replaces it.
 */
import { parseJson, PlayReportSchema, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { PlayStore } from '../store/play-store.ts';
import { stationOfKioskFrom } from './station-status-board.ts';

export interface PlayRecorderDeps {
  mqtt: CentralMqtt;
  topics: Topics;
  stations: StationsFile;
  play: PlayStore;
  log: CentralLogger;
  metrics: CentralMetrics;
  nowMs: () => number;
}

export class PlayRecorder {
  private readonly stationOfKiosk: ReadonlyMap<string, string>;

  constructor(private readonly deps: PlayRecorderDeps) {
    this.stationOfKiosk = stationOfKioskFrom(deps.stations);
  }

  start(): void {
    this.deps.mqtt.subscribe(this.deps.topics.allKioskPlay(), (topic, payload) => void this.record(topic, payload));
  }

  /** Resolves once stored (or dropped); never throws. */
  async record(topic: string, payload: Buffer): Promise<void> {
    const { log } = this.deps;
    const parsedTopic = this.deps.topics.parse(topic);
    if (parsedTopic?.kind !== 'kiosk-play' || payload.length === 0) return;
    const { kioskId } = parsedTopic;
    const parsed = parseJson(PlayReportSchema, payload);
    if (!parsed.ok) {
      this.deps.metrics.invalidPayloadsTotal.inc({ kind: 'kiosk-play' });
      log.warn({ kioskId, issues: parsed.issues }, 'proof-of-play report dropped: invalid payload');
      return;
    }
    const stationId = this.stationOfKiosk.get(kioskId);
    const siteId = stationId === undefined ? undefined : this.deps.stations[stationId]?.siteId;
    if (stationId === undefined || siteId === undefined) {
      log.warn({ kioskId }, 'proof-of-play report dropped: no station lists this kiosk in the stations file (add it to its station\'s "kiosks")');
      return;
    }
    try {
      await this.deps.play.recordHour({ kioskId, stationId, siteId, hourMs: Date.parse(parsed.value.hour), entries: parsed.value.entries, receivedAtMs: this.deps.nowMs() });
    } catch (err) {
      log.error({ kioskId, hour: parsed.value.hour, err: (err as Error).message }, 'proof-of-play report not stored');
    }
  }
}

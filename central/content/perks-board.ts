/**
 * The latest star perks (protocol v2 `R/perks`, retained), kept in memory for the phone
 * app: central subscribes at start, so the broker's retained copy arrives on every
 * connect. An invalid payload is logged and the previous copy stays.
 */
import { parseJson, PerksSchema, type Perks, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';

export class PerksBoard {
  private latest: Perks | undefined;

  constructor(private readonly deps: { mqtt: CentralMqtt; topics: Topics; log: CentralLogger }) {}

  get perks(): Perks | undefined {
    return this.latest;
  }

  start(): void {
    this.deps.mqtt.subscribe(this.deps.topics.perks(), (topic, payload) => this.receive(topic, payload));
  }

  receive(topic: string, payload: Buffer | string): void {
    const parsed = parseJson(PerksSchema, payload);
    if (!parsed.ok) {
      this.deps.log.warn({ topic, issues: parsed.issues }, 'perks dropped: invalid payload');
      return;
    }
    this.latest = parsed.value;
  }
}

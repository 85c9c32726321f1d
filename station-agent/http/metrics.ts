/** Prometheus metrics (prom-client) on a registry of the agent's own. */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { OutboxStats } from '../outbox/outbox.ts';

export class AgentMetrics {
  readonly registry = new Registry();
  readonly taps: Counter;
  readonly tapsRefused: Counter;
  readonly checkinsPublished: Counter;
  readonly results: Counter<'status'>;
  readonly frameErrors: Counter<'kind'>;
  readonly readerReopens: Counter;
  readonly mqttReconnects: Counter;

  constructor(outboxStats: () => OutboxStats, now: () => number = Date.now) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'station_agent_' });
    this.taps = new Counter({ name: 'station_agent_taps_total', help: 'Taps recorded in the outbox', registers });
    this.tapsRefused = new Counter({ name: 'station_agent_taps_refused_total', help: 'Taps refused because the outbox could not be written', registers });
    this.checkinsPublished = new Counter({ name: 'station_agent_checkins_published_total', help: 'CheckIn publishes, first sends and republishes', registers });
    this.results = new Counter({ name: 'station_agent_results_total', help: 'Results received for our check-ins, by status', labelNames: ['status'], registers });
    this.frameErrors = new Counter({ name: 'station_agent_reader_frame_errors_total', help: 'Reader input dropped, by kind', labelNames: ['kind'], registers });
    this.readerReopens = new Counter({ name: 'station_agent_reader_reopens_total', help: 'Reader port reopened after a loss', registers });
    this.mqttReconnects = new Counter({ name: 'station_agent_mqtt_reconnects_total', help: 'MQTT reconnect attempts', registers });
    new Gauge({
      name: 'station_agent_outbox_pending',
      help: 'Check-ins waiting for a Result',
      registers,
      collect() {
        this.set(outboxStats().pending);
      },
    });
    new Gauge({
      name: 'station_agent_outbox_oldest_age_seconds',
      help: 'Age of the oldest pending check-in (0 when none)',
      registers,
      collect() {
        const oldestAt = outboxStats().oldestAt;
        this.set(oldestAt === undefined ? 0 : Math.max(0, (now() - Date.parse(oldestAt)) / 1000));
      },
    });
  }
}

/** prom-client metrics of one central instance, on its own registry (several may run in one process in tests). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createCentralMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'central_' });
  return {
    registry,
    checkinsTotal: new Counter({
      name: 'central_checkins_total',
      help: 'Check-ins answered, by method and Result status; repeated=true for an id seen before',
      labelNames: ['method', 'status', 'repeated'] as const,
      registers: [registry],
    }),
    invalidPayloadsTotal: new Counter({
      name: 'central_invalid_payloads_total',
      help: 'MQTT payloads dropped because they failed validation, by topic kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    seqGapsTotal: new Counter({ name: 'central_seq_gaps_total', help: 'Gaps detected in stations\' check-in seq', registers: [registry] }),
    seqMissingTotal: new Counter({ name: 'central_seq_missing_total', help: 'Check-ins missing inside detected seq gaps', registers: [registry] }),
    batchSeconds: new Histogram({
      name: 'central_record_batch_seconds',
      help: 'Time to record one batch of check-ins in the store',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    storeErrorsTotal: new Counter({ name: 'central_store_errors_total', help: 'Batches the store failed to record (agents will resend)', registers: [registry] }),
    qrCheckinsTotal: new Counter({
      name: 'central_qr_checkins_total',
      help: 'Phone check-ins by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    mqttConnected: new Gauge({ name: 'central_mqtt_connected', help: '1 while connected to the broker', registers: [registry] }),
    autoClosedTotal: new Counter({ name: 'central_sessions_auto_closed_total', help: 'Sessions closed at the daily cutoff and flagged for review', registers: [registry] }),
    pairingEventsTotal: new Counter({
      name: 'central_phone_pairing_events_total',
      help: 'Phone linking: card taps (none waiting, codes offered, phone limit) and kiosk answers by outcome (linked, declined, limit, stale, invalid)',
      labelNames: ['event'] as const,
      registers: [registry],
    }),
  };
}

export type CentralMetrics = ReturnType<typeof createCentralMetrics>;

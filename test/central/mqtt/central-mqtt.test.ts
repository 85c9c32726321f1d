// Central's one MQTT connection against a real Mosquitto that restarts under it.
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralMqtt } from '../../../central/mqtt/central-mqtt.ts';
import { createCentralMetrics } from '../../../central/observability/metrics.ts';
import { Backoff } from '../../../shared/index.ts';
import { eventually } from '../../helpers/eventually.ts';
import { freePort } from '../../helpers/free-port.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';

describe('central MQTT connection', () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto({ websockets: false });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('reconnects after a broker restart with the shared backoff, resets it, and subscribes again', async () => {
    const lines: { msg: string; attempt?: number; delayMs?: number }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const backoff = new Backoff({ baseMs: 20, capMs: 200 });
    const link = new CentralMqtt({ broker: { url: broker.url }, log, metrics: createCentralMetrics({ defaultMetrics: false }), backoff });
    const received: string[] = [];
    link.subscribe('test/+/ping', (_topic, payload) => received.push(payload.toString()));
    try {
      await link.start();
      await broker.restart();
      await eventually(() => link.connected, 15_000, 'central to reconnect');
      // Subscribed again on the new connection: a message published now reaches the handler.
      const probe = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
      await eventually(
        async () => {
          await probe.publishAsync('test/a/ping', 'after restart', { qos: 1 });
          return received.includes('after restart');
        },
        15_000,
        'a message through the new subscription',
      );
      await probe.endAsync();
      const scheduled = lines.filter((l) => l.msg === 'mqtt reconnect scheduled');
      // Each attempt took its delay from the injected backoff (under its 200 ms cap), which a connect reset.
      expect(scheduled.length).toBeGreaterThan(0);
      expect(scheduled.map((l) => l.attempt)).toEqual(scheduled.map((_, i) => i + 1));
      expect(scheduled.every((l) => l.delayMs !== undefined && l.delayMs < 200)).toBe(true);
      expect(backoff.attempts).toBe(0);
    } finally {
      await link.stop();
    }
  });

  it('keeps trying until a broker that is not up yet starts, then start() resolves', async () => {
    const port = await freePort();
    const backoff = new Backoff({ baseMs: 20, capMs: 200 });
    const link = new CentralMqtt({ broker: { url: `mqtt://127.0.0.1:${port}` }, log: pino({ level: 'silent' }), metrics: createCentralMetrics({ defaultMetrics: false }), backoff });
    let started = false;
    const starting = link.start().then(() => (started = true));
    let late: MosquittoBroker | undefined;
    try {
      await eventually(() => backoff.attempts >= 2, 15_000, 'failed connection attempts');
      expect(started).toBe(false);
      late = await startMosquitto({ websockets: false, port });
      await starting;
      expect(link.connected).toBe(true);
    } finally {
      await link.stop();
      await late?.stop();
    }
  });
});

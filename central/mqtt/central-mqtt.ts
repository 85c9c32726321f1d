/**
 * The one MQTT connection of a central instance. It subscribes on every connect
 * (clean session: agents resend until they get a Result, so nothing needs queueing
 * at the broker), routes messages to handlers by filter, and publishes Results.
 * Reconnects use the shared full-jitter Backoff (0.5 s doubling to a 30 s cap, as the
 * agents and the console do), so replicas do not storm a restarted broker in step.
 * MQTT 3.1.1, so it works with the embedded broker and with Mosquitto alike.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { Backoff, guarded, topicMatches, type CentralConfig } from '../../shared/index.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';

/** `retained`: the broker's stored copy, sent on subscribe (old news: its timestamps are not a clock reading). */
export type MessageHandler = (topic: string, payload: Buffer, retained: boolean) => void;

export interface CentralMqttDeps {
  broker: CentralConfig['broker'];
  log: CentralLogger;
  metrics: CentralMetrics;
  /** Delays between reconnect attempts; injected by tests. */
  backoff?: Backoff;
}

export class CentralMqtt {
  private client: MqttClient | undefined;
  private readonly subscriptions: { filter: string; handler: MessageHandler }[] = [];
  private readonly backoff: Backoff;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: CentralMqttDeps) {
    this.backoff = deps.backoff ?? new Backoff({ baseMs: 500, capMs: 30_000 });
  }

  /** Register before start(); `filter` may be a `$share/group/...` filter. */
  subscribe(filter: string, handler: MessageHandler): void {
    this.subscriptions.push({ filter, handler });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /**
   * Resolves on the first connection, or once `stopWaiting` aborts (a stop during
   * start-up need not wait for a broker); keeps reconnecting after that until stop().
   */
  async start(stopWaiting?: AbortSignal): Promise<void> {
    const { broker, log, metrics } = this.deps;
    const client = mqtt.connect(broker.url, {
      clientId: `central-${randomUUID().slice(0, 8)}`,
      username: broker.username,
      password: broker.password,
      protocolVersion: 4,
      clean: true,
      resubscribe: false,
      // We reconnect ourselves, with jitter (scheduleReconnect).
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    this.client = client;
    let firstReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (firstReady = resolve));
    client.on(
      'connect',
      guarded(log, 'mqtt.connect', async () => {
        this.backoff.reset();
        metrics.mqttConnected.set(1);
        log.info({ url: broker.url }, 'mqtt connected');
        await Promise.all(this.subscriptions.map(({ filter }) => this.subscribeOnce(client, filter)));
        firstReady();
      }),
    );
    client.on('close', () => {
      metrics.mqttConnected.set(0);
      this.scheduleReconnect(client);
    });
    client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));
    client.on('message', guarded(log, 'mqtt.message', (topic: string, payload: Buffer, packet: { retain: boolean }) => this.route(topic, payload, packet.retain)));
    log.info({ url: broker.url }, 'waiting for the broker');
    const abandoned = new Promise<void>((resolve) => {
      if (stopWaiting?.aborted) resolve();
      stopWaiting?.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([ready, abandoned]);
  }

  /** After every lost connection or failed attempt, until stop(). */
  private scheduleReconnect(client: MqttClient): void {
    if (this.client !== client || this.reconnectTimer) return;
    const delayMs = this.backoff.next();
    this.deps.log.info({ delayMs, attempt: this.backoff.attempts }, 'mqtt reconnect scheduled');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.client === client) client.reconnect();
    }, delayMs);
  }

  private subscribeOnce(client: MqttClient, filter: string): Promise<void> {
    return new Promise((resolve) => {
      client.subscribe(filter, { qos: 1 }, (err, granted) => {
        if (err || granted?.some((g) => g.qos === 128)) this.deps.log.error({ filter, err: err?.message }, 'mqtt subscribe refused');
        resolve();
      });
    });
  }

  private route(topic: string, payload: Buffer, retained: boolean): void {
    for (const { filter, handler } of this.subscriptions) {
      if (topicMatches(filter, topic)) handler(topic, payload, retained);
    }
  }

  publish(topic: string, payload: object, options: { retain?: boolean } = {}): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('mqtt not started'));
    return new Promise((resolve, reject) => {
      client.publish(topic, JSON.stringify(payload), { qos: 1, retain: options.retain ?? false }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    // Not connected yet (a stop during start-up): force, or MQTT.js finishes connecting after end().
    if (client) await client.endAsync(!client.connected);
    this.deps.metrics.mqttConnected.set(0);
  }
}

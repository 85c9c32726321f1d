/**
 * The one wrapper that owns the MQTT client: Last Will, QoS, and reconnects with
 * exponential backoff and full jitter (shared Backoff; cap 30 s per protocol v1
 * §Delivery guarantee) so a fleet does not storm a restarted broker. Each attempt
 * gets a fresh client with an empty store: what to resend after a reconnect, and in
 * which order, is decided by the outbox, not by MQTT.js's in-flight store.
 * MQTT 3.1.1, which every supported broker speaks (the embedded one too).
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Socket } from 'node:net';
import { Backoff, guarded } from '../../shared/index.ts';
import type { Logger } from '../log.ts';

export interface MqttLinkDeps {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  will: { topic: string; payload: string };
  subscriptions: string[];
  logger: Logger;
  backoff?: Backoff;
}

/**
 * Who hears of the link's connects, losses and messages. Attached after construction:
 * the listeners publish through the link, so they are built after it.
 */
export interface MqttLinkListener {
  onConnect(): void;
  onDisconnect(): void;
  /** `retained` is set only on a replay from the broker's retained store (MQTT 3.1.1 §3.3.1.3). */
  onMessage(topic: string, payload: Buffer, retained: boolean): void;
  onReconnectAttempt?(): void;
}

export interface PublishOptions {
  qos: 0 | 1;
  retain?: boolean;
}

export class MqttLink {
  private client: MqttClient | null = null;
  private isConnected = false;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private listener: MqttLinkListener | null = null;
  private readonly backoff: Backoff;

  constructor(private readonly deps: MqttLinkDeps) {
    this.backoff = deps.backoff ?? new Backoff({ baseMs: 500, capMs: 30_000 });
  }

  get connected(): boolean {
    return this.isConnected;
  }

  attach(listener: MqttLinkListener): void {
    this.listener = listener;
  }

  start(): void {
    // Without a listener, Results and commands would be received and dropped unseen.
    if (!this.listener) throw new Error('MqttLink.start() before attach()');
    this.stopped = false;
    this.attempt();
  }

  /** Publishes `goodbye` (if connected) and waits for it, then closes. */
  async stop(goodbye?: { topic: string; payload: string }): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    if (!client) return;
    if (goodbye && this.isConnected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        client.publish(goodbye.topic, goodbye.payload, { qos: 1, retain: true }, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.isConnected = false;
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  }

  /** Returns false (and sends nothing) while disconnected. */
  publish(topic: string, payload: string, options: PublishOptions, onAck?: (err?: Error) => void): boolean {
    if (!this.isConnected || !this.client) return false;
    this.client.publish(topic, payload, { qos: options.qos, retain: options.retain ?? false }, (err) => onAck?.(err ?? undefined));
    return true;
  }

  private attempt(): void {
    const { url, username, password, clientId, will, logger } = this.deps;
    const options: IClientOptions = {
      clientId,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      keepalive: 15,
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: true },
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    };
    const client = connect(url, options);
    this.client = client;
    client.on('connect', guarded(logger, 'mqtt', () => {
      if (this.client !== client) return;
      this.isConnected = true;
      this.backoff.reset();
      // Tap, CheckIn and status go out back to back; with Nagle the second small write
      // waits for the broker's delayed ACK (~40 ms on Linux). Check-ins must not.
      (client.stream as Partial<Socket>).setNoDelay?.(true);
      logger.info({ url }, 'mqtt connected');
      client.subscribe(this.deps.subscriptions, { qos: 1 }, (err) => {
        if (err) logger.error({ err: err.message }, 'mqtt subscribe failed');
      });
      this.listener?.onConnect();
    }));
    client.on('message', guarded(logger, 'mqtt', (topic: string, payload: Buffer, packet: { retain: boolean }) => this.listener?.onMessage(topic, payload, packet.retain)));
    client.on('error', (err) => logger.warn({ err: err.message }, 'mqtt error'));
    client.on('close', guarded(logger, 'mqtt', () => this.lost(client)));
  }

  private lost(client: MqttClient): void {
    if (this.client !== client) return;
    const wasConnected = this.isConnected;
    this.isConnected = false;
    client.removeAllListeners('close');
    client.end(true);
    if (wasConnected) {
      this.deps.logger.warn('mqtt disconnected');
      this.listener?.onDisconnect();
    }
    if (this.stopped || this.retryTimer) return;
    const delay = this.backoff.next();
    this.deps.logger.info({ delayMs: delay, attempt: this.backoff.attempts }, 'mqtt reconnect scheduled');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.listener?.onReconnectAttempt?.();
      this.attempt();
    }, delay);
  }
}

/**
 * The one owner of the MQTT connection (STYLE.md): connect with backoff and jitter,
 * resubscribe once per connect, retained KioskStatus + Last Will, republished on
 * every connect, on change and every 60 s. mqtt.js is imported lazily, after the
 * first paint, so the QR never waits for it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MqttClient, connect as mqttConnect } from 'mqtt';
import { Backoff, topicsFor, type KioskStatus } from '../../shared/index.ts';
import { classifyMessage, kioskSubscriptions, type KioskMessage } from '../data/incoming.ts';
import { lastWill } from '../data/kiosk-status.ts';
import type { KioskSettings } from '../data/boot-store.ts';

export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

export interface ConnectionDeps {
  settings: KioskSettings;
  /** Builds the current online status; called on connect, change and every 60 s. */
  currentStatus(): KioskStatus;
  /** Called after every connect, once subscribed and the status is out (proof of play sends its hours). */
  onConnected?(): void;
  onMessage(message: KioskMessage): void;
  /** Connect only once this has settled (the kiosk: its first check-in code); default at once. */
  startAfter?: Promise<unknown>;
}

const KEEPALIVE_SECONDS = 60;
const STATUS_REFRESH_MS = 60_000;
const PUBACK_WAIT_MS = 30_000;
/** After this many failed attempts in a row, the screen says "offline" rather than "reconnecting". */
const ATTEMPTS_BEFORE_OFFLINE = 3;

export class ConnectionController implements ReactiveController {
  state: ConnectionState = 'reconnecting';
  lastMessageAt?: Date;
  private client?: MqttClient;
  private readonly backoff = new Backoff({ baseMs: 1_000, capMs: 30_000 });
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private statusTimer?: ReturnType<typeof setInterval>;
  private stopped = false;
  private readonly topics;
  /** Protocol v2: the photos the current content shows; their retained topics are subscribed too. */
  private photoIds: readonly string[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: ConnectionDeps,
  ) {
    this.topics = topicsFor(deps.settings.topicRoot);
    host.addController(this);
  }

  hostConnected(): void {
    this.stopped = false;
    // After the frame that follows `startAfter` (the first QR), so the QR paints before
    // mqtt.js is even fetched: its evaluation is the largest main-thread cost at boot.
    void (this.deps.startAfter ?? Promise.resolve()).then(() => requestAnimationFrame(() => setTimeout(() => this.startSafely(), 0)));
  }

  hostDisconnected(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.statusTimer);
    this.client?.end(true);
    this.client = undefined;
  }

  /** Publishes the retained status now (call on every change worth reporting). */
  publishStatus(): void {
    const client = this.client;
    if (!client?.connected) return;
    const { kioskId } = this.deps.settings;
    client.publish(this.topics.kioskStatus(kioskId), JSON.stringify(this.deps.currentStatus()), { qos: 1, retain: true });
  }

  /** Publishes one QoS 1 message now; false when not connected (nothing is queued). */
  publish(topic: string, payload: object): boolean {
    const client = this.client;
    if (!client?.connected) return false;
    client.publish(topic, JSON.stringify(payload), { qos: 1, retain: false });
    return true;
  }

  /** Publishes one QoS 1 message; resolves true on the broker's PUBACK, false if not connected or refused. */
  publishAcked(topic: string, payload: object): Promise<boolean> {
    const client = this.client;
    if (!client?.connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      // A connection lost before the PUBACK may never call back: count it as not sent.
      const giveUp = setTimeout(() => resolve(false), PUBACK_WAIT_MS);
      client.publish(topic, JSON.stringify(payload), { qos: 1, retain: false }, (err) => {
        clearTimeout(giveUp);
        resolve(!err);
      });
    });
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  private startSafely(): void {
    this.start().catch((err: unknown) => {
      console.error('kiosk: MQTT start failed', err);
      this.setState('offline');
      this.reconnectTimer = setTimeout(() => this.startSafely(), this.backoff.next());
    });
  }

  private async start(): Promise<void> {
    if (this.stopped || this.client) return;
    const { settings } = this.deps;
    let connect: typeof mqttConnect;
    try {
      // The browser build (dist/mqtt.esm.js) has only a default export; Node's build has named ones.
      const loaded = await import('mqtt');
      connect = (loaded.default ?? loaded).connect;
    } catch (err) {
      // Offline boot without mqtt.js cached: retry later, the QR keeps rotating.
      console.warn('kiosk: mqtt.js could not be loaded', err);
      this.setState('offline');
      this.reconnectTimer = setTimeout(() => this.startSafely(), this.backoff.next());
      return;
    }
    if (this.stopped) return;
    const client = connect(settings.broker.url, {
      clientId: `kiosk-${settings.kioskId}-${crypto.randomUUID().slice(0, 8)}`,
      username: settings.broker.username,
      password: settings.broker.password,
      keepalive: KEEPALIVE_SECONDS,
      clean: true,
      // Reconnects and resubscriptions are ours: backoff with jitter, one subscribe per connect.
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 10_000,
      will: {
        topic: this.topics.kioskStatus(settings.kioskId),
        payload: new TextEncoder().encode(JSON.stringify(lastWill(settings.kioskId, settings.stationId))) as Buffer,
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    // Listeners are attached once per client, never per connect: no listener growth.
    client.on('connect', () => this.onConnect(client));
    client.on('close', () => this.onClose(client));
    client.on('error', (err) => console.warn('kiosk: mqtt error', err.message));
    client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet.retain));
  }

  private onConnect(client: MqttClient): void {
    this.backoff.reset();
    this.setState('connected');
    const subscriptions = [...kioskSubscriptions(this.topics, this.deps.settings), ...this.photoIds.map((id) => this.topics.media(id))];
    client.subscribe(subscriptions, { qos: 1 }, (err) => {
      if (err) console.warn('kiosk: subscribe failed', err.message);
    });
    this.publishStatus();
    this.deps.onConnected?.();
    clearInterval(this.statusTimer);
    this.statusTimer = setInterval(() => this.publishStatus(), STATUS_REFRESH_MS);
  }

  /** The photos to receive: new ones subscribed (their retained bytes come at once), gone ones unsubscribed. */
  setPhotoSubscriptions(mediaIds: readonly string[]): void {
    const added = mediaIds.filter((id) => !this.photoIds.includes(id));
    const removed = this.photoIds.filter((id) => !mediaIds.includes(id));
    this.photoIds = [...mediaIds];
    const client = this.client;
    if (!client?.connected) return;
    if (added.length > 0) client.subscribe(added.map((id) => this.topics.media(id)), { qos: 1 }, (err) => err && console.warn('kiosk: photo subscribe failed', err.message));
    if (removed.length > 0) client.unsubscribe(removed.map((id) => this.topics.media(id)));
  }

  private onClose(client: MqttClient): void {
    clearInterval(this.statusTimer);
    if (this.stopped || this.client !== client) return;
    this.setState(this.backoff.attempts >= ATTEMPTS_BEFORE_OFFLINE || !navigator.onLine ? 'offline' : 'reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.stopped && this.client === client) client.reconnect();
    }, this.backoff.next());
  }

  private onMessage(topic: string, payload: Uint8Array, retained: boolean): void {
    this.lastMessageAt = new Date();
    const message = classifyMessage(this.topics, this.deps.settings, topic, payload, retained);
    if (message.kind === 'invalid') console.warn(`kiosk: dropped a message on ${topic}: ${message.issues.join('; ')}`);
    if (message.kind === 'retained-event') console.warn(`kiosk: ignored a retained message on ${topic}: taps, results and commands are never retained`);
    try {
      this.deps.onMessage(message);
    } catch (err) {
      // A bad message must never take the kiosk down (protocol v1 §Topics).
      console.error(`kiosk: handling a message on ${topic} failed`, err);
    }
    this.host.requestUpdate();
  }
}

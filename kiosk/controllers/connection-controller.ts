/**
 * The one owner of the MQTT connection (STYLE.md): connect with backoff and jitter,
 * resubscribe once per connect, retained KioskStatus + Last Will, republished on
 * every connect, on change and every 60 s. The mqtt.js client itself runs in a worker
 * (data/broker-link.ts), started after the first QR's frame: neither loading mqtt.js nor
 * parsing packets ever holds up the main thread, where the QR and the tap overlay paint.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Backoff, topicsFor, type KioskStatus } from '../../shared/index.ts';
import { classifyMessage, kioskSubscriptions, type KioskMessage } from '../data/incoming.ts';
import { lastWill } from '../data/kiosk-status.ts';
import type { KioskSettings } from '../data/boot-store.ts';
import { BrokerLink } from '../data/broker-link.ts';

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
  private client?: BrokerLink;
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
    // the worker and mqtt.js are even fetched.
    void (this.deps.startAfter ?? Promise.resolve()).then(() => requestAnimationFrame(() => setTimeout(() => this.startSafely(), 0)));
  }

  hostDisconnected(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.statusTimer);
    this.client?.end();
    this.client = undefined;
  }

  /** Publishes the retained status now (call on every change worth reporting). */
  publishStatus(): void {
    const client = this.client;
    if (!client?.connected) return;
    const { kioskId } = this.deps.settings;
    void client.publish(this.topics.kioskStatus(kioskId), JSON.stringify(this.deps.currentStatus()), true);
  }

  /** Publishes one QoS 1 message now; false when not connected (nothing is queued). */
  publish(topic: string, payload: object): boolean {
    const client = this.client;
    if (!client?.connected) return false;
    void client.publish(topic, JSON.stringify(payload), false);
    return true;
  }

  /** Publishes one QoS 1 message; resolves true on the broker's PUBACK, false if not connected or refused. */
  publishAcked(topic: string, payload: object): Promise<boolean> {
    const client = this.client;
    if (!client?.connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      // A connection lost before the PUBACK may never call back: count it as not sent.
      const giveUp = setTimeout(() => resolve(false), PUBACK_WAIT_MS);
      void client.publish(topic, JSON.stringify(payload), false).then((refused) => {
        clearTimeout(giveUp);
        resolve(refused === undefined);
      });
    });
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  private startSafely(): void {
    try {
      this.start();
    } catch (err) {
      // A worker the browser refuses to create at all: retry later, the QR keeps rotating.
      console.error('kiosk: MQTT start failed', err);
      this.setState('offline');
      this.reconnectTimer = setTimeout(() => this.startSafely(), this.backoff.next());
    }
  }

  private start(): void {
    if (this.stopped || this.client) return;
    const { settings } = this.deps;
    const link = new BrokerLink(
      {
        url: settings.broker.url,
        clientId: `kiosk-${settings.kioskId}-${crypto.randomUUID().slice(0, 8)}`,
        username: settings.broker.username,
        password: settings.broker.password,
        keepaliveSeconds: KEEPALIVE_SECONDS,
        connectTimeoutMs: 10_000,
        will: { topic: this.topics.kioskStatus(settings.kioskId), payload: JSON.stringify(lastWill(settings.kioskId, settings.stationId)) },
      },
      {
        connect: () => this.onConnect(link),
        close: () => this.onClose(link),
        error: (message) => console.warn('kiosk: mqtt error', message),
        message: (topic, payload, retained) => this.onMessage(topic, payload, retained),
        failed: (reason) => this.onFailed(link, reason),
      },
    );
    this.client = link;
  }

  /** The worker did not load (offline boot without it cached) or died: a new one later, the QR keeps rotating. */
  private onFailed(link: BrokerLink, reason: string): void {
    console.warn('kiosk: the broker worker stopped:', reason);
    if (this.client !== link) return;
    this.client = undefined;
    clearInterval(this.statusTimer);
    if (this.stopped) return;
    this.setState('offline');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.startSafely(), this.backoff.next());
  }

  private onConnect(client: BrokerLink): void {
    this.backoff.reset();
    this.setState('connected');
    const subscriptions = [...kioskSubscriptions(this.topics, this.deps.settings), ...this.photoIds.map((id) => this.topics.media(id))];
    void client.subscribe(subscriptions).then((refused) => refused && console.warn('kiosk: subscribe failed', refused));
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
    if (added.length > 0) void client.subscribe(added.map((id) => this.topics.media(id))).then((refused) => refused && console.warn('kiosk: photo subscribe failed', refused));
    if (removed.length > 0) client.unsubscribe(removed.map((id) => this.topics.media(id)));
  }

  private onClose(client: BrokerLink): void {
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

/**
 * The page's side of the broker worker (worker/broker-worker.ts): the few MqttClient
 * calls the ConnectionController makes, as messages. `connected` follows the worker's
 * connect and close events; every QoS 1 publish or subscribe resolves once the worker
 * reports the broker's answer. A worker that fails to load (offline, not yet cached)
 * or dies reports `failed` once, and the link is dead: the controller starts a new one.
 */
import type { BrokerConnectOptions, FromBrokerWorker, ToBrokerWorker } from '../worker/broker-link-protocol.ts';

export interface BrokerLinkEvents {
  connect(): void;
  close(): void;
  error(message: string): void;
  message(topic: string, payload: Uint8Array, retained: boolean): void;
  /** The worker could not load or crashed; nothing more comes from this link. */
  failed(reason: string): void;
}

export class BrokerLink {
  connected = false;
  private nextId = 1;
  private readonly pending = new Map<number, (error?: string) => void>();
  private readonly worker: Worker;
  private dead = false;

  constructor(options: BrokerConnectOptions, private readonly events: BrokerLinkEvents) {
    this.worker = new Worker(new URL('../worker/broker-worker.ts', import.meta.url), { type: 'module', name: 'broker-worker' });
    this.worker.addEventListener('message', (event: MessageEvent<FromBrokerWorker>) => this.onMessage(event.data));
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fail(event.message || 'the broker worker did not load');
    });
    this.send({ type: 'connect', options });
  }

  /** QoS 1; resolves with the refusal's text, or undefined on the broker's PUBACK. */
  publish(topic: string, payload: string, retain: boolean): Promise<string | undefined> {
    return this.request((id) => ({ type: 'publish', id, topic, payload, retain }));
  }

  subscribe(filters: string[]): Promise<string | undefined> {
    return this.request((id) => ({ type: 'subscribe', id, filters }));
  }

  unsubscribe(filters: string[]): void {
    this.send({ type: 'unsubscribe', filters });
  }

  reconnect(): void {
    this.send({ type: 'reconnect' });
  }

  /** Closes the connection at once and stops the worker. */
  end(): void {
    this.send({ type: 'end' });
    this.shutDown('ended');
  }

  private request(make: (id: number) => ToBrokerWorker): Promise<string | undefined> {
    if (this.dead) return Promise.resolve('the broker worker is gone');
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send(make(id));
    });
  }

  private send(message: ToBrokerWorker): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  private onMessage(message: FromBrokerWorker): void {
    switch (message.type) {
      case 'connect':
        this.connected = true;
        this.events.connect();
        return;
      case 'close':
        this.connected = false;
        this.events.close();
        return;
      case 'error':
        this.events.error(message.message);
        return;
      case 'message':
        this.events.message(message.topic, message.payload, message.retain);
        return;
      case 'done':
        this.pending.get(message.id)?.(message.error);
        this.pending.delete(message.id);
        return;
    }
  }

  private fail(reason: string): void {
    if (this.dead) return;
    const wasConnected = this.connected;
    this.shutDown(reason);
    if (wasConnected) this.events.close();
    this.events.failed(reason);
  }

  private shutDown(reason: string): void {
    this.dead = true;
    this.connected = false;
    this.worker.terminate();
    for (const resolve of this.pending.values()) resolve(reason);
    this.pending.clear();
  }
}

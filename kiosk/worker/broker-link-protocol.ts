/**
 * The messages between the kiosk page and its broker worker. The worker holds the one
 * mqtt.js client, so parsing mqtt.js and every packet stays off the main thread, where
 * the QR, the clock and the tap overlay paint. The policy stays in the page
 * (controllers/connection-controller.ts): when to reconnect, what to subscribe and what
 * to publish. Payloads cross as text going out and as bytes coming in (transferred).
 */

export interface BrokerConnectOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  keepaliveSeconds: number;
  connectTimeoutMs: number;
  will: { topic: string; payload: string };
}

export type ToBrokerWorker =
  | { type: 'connect'; options: BrokerConnectOptions }
  | { type: 'reconnect' }
  | { type: 'end' }
  /** QoS 1; `id` comes back in `done` on the broker's PUBACK (or the refusal). */
  | { type: 'publish'; id: number; topic: string; payload: string; retain: boolean }
  /** QoS 1; `id` comes back in `done` on the SUBACK. */
  | { type: 'subscribe'; id: number; filters: string[] }
  | { type: 'unsubscribe'; filters: string[] };

export type FromBrokerWorker =
  | { type: 'connect' }
  | { type: 'close' }
  | { type: 'error'; message: string }
  | { type: 'message'; topic: string; payload: Uint8Array; retain: boolean }
  | { type: 'done'; id: number; error?: string };

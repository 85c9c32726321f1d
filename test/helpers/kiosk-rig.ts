/**
 * One kiosk under test: a real Mosquitto (WebSocket listener), the built kiosk served
 * under a sub-path with its own kiosk-config.json, and a Node MQTT client to play
 * the station agent, the central service and the console.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { generateCheckinSecret, topicsFor, type KioskConfigInput } from '../../shared/index.ts';
import { startMosquitto, type MosquittoBroker } from './mosquitto.ts';
import { decodeQrOnPage } from './qr.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export const DIST = fileURLToPath(new URL('../../dist/kiosk/', import.meta.url));
export const MOUNT = '/stations/ST-0001/';

export function assertBuilt(): void {
  if (!existsSync(`${DIST}index.html`)) throw new Error('dist/kiosk is missing: run `npm run build` before the kiosk tests');
}

export interface KioskRig {
  broker: MosquittoBroker;
  server: StaticServer;
  config: KioskConfigInput;
  url: string;
  topics: ReturnType<typeof topicsFor>;
  /** Publishes a JSON payload (or raw bytes: a photo) as the other parts of the system would. */
  publish(topic: string, payload: unknown, options?: { retain?: boolean }): Promise<void>;
  /** Every message seen on a topic filter, by the Node-side client. */
  messages(topic: string): { topic: string; text: string; retain: boolean }[];
  subscribe(filter: string): Promise<void>;
  close(): Promise<void>;
}

export async function startKioskRig(overrides: Partial<KioskConfigInput> = {}): Promise<KioskRig> {
  assertBuilt();
  const broker = await startMosquitto();
  const config: KioskConfigInput = {
    kioskId: 'K-0001',
    stationId: 'ST-0001',
    siteId: 'SITE-01',
    topicRoot: 'vs/v1',
    broker: { url: broker.wsUrl },
    checkin: { baseUrl: 'https://checkin.example.org/c/', secret: generateCheckinSecret(), periodSeconds: 5 },
    locale: 'en',
    ...overrides,
  };
  const server = await startStaticServer({ root: DIST, mounts: { [MOUNT]: { 'kiosk-config.json': JSON.stringify(config) } } });
  const client: MqttClient = await mqtt.connectAsync(broker.url, { clientId: `test-${process.pid}-${Date.now()}` });
  const seen: { topic: string; text: string; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => seen.push({ topic, text: payload.toString('utf8'), retain: packet.retain }));
  return {
    broker,
    server,
    config,
    url: server.urlOf(MOUNT),
    topics: topicsFor(config.topicRoot),
    async publish(topic, payload, options = {}) {
      await client.publishAsync(topic, typeof payload === 'string' || payload instanceof Uint8Array ? (payload as string | Buffer) : JSON.stringify(payload), { qos: 1, retain: options.retain ?? false });
    },
    messages: (topic) => seen.filter((m) => m.topic === topic),
    async subscribe(filter) {
      await client.subscribeAsync(filter, { qos: 1 });
    },
    async close() {
      await client.endAsync(true).catch(() => undefined);
      await server.stop();
      await broker.stop();
    },
  };
}

export interface DecodedQr {
  text: string;
  /** Node's clock when the pixels were captured: the moment the code was on screen. */
  shownAt: number;
}

/** Decodes the kiosk's QR code as it is drawn on screen, noting when it was seen. */
export async function decodeVisibleQr(page: Page, selector = 'checkin-panel qr-code'): Promise<DecodedQr | undefined> {
  const shownAt = Date.now();
  const text = await decodeQrOnPage(page, selector);
  return text ? { text, shownAt } : undefined;
}

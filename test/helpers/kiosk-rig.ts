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
import { eventually } from './eventually.ts';
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
  // Always watched: loadKiosk() knows from these when the page has subscribed.
  await client.subscribeAsync(topicsFor(config.topicRoot).kioskStatus(config.kioskId), { qos: 1 });
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

/**
 * Loads the kiosk in `page` (or reloads it), then waits until it has subscribed to its
 * topics, so a command or tap published next reaches it. "Online" shows on the broker's
 * CONNACK, before the kiosk has even sent its SUBSCRIBE; the kiosk publishes an online
 * status just after subscribing, on the same connection. On a reload the old page may
 * still publish a status as it goes (its service worker finishing its install), so only
 * an online status after the old connection's Last Will counts.
 */
export async function loadKiosk(rig: KioskRig, page: Page, navigation: 'goto' | 'reload' = 'goto'): Promise<void> {
  const states = () => rig.messages(rig.topics.kioskStatus(rig.config.kioskId)).map((m) => (JSON.parse(m.text) as { state: string }).state);
  const before = states().length;
  if (navigation === 'goto') await page.goto(rig.url);
  else await page.reload();
  await eventually(
    () => {
      const since = states().slice(before);
      const from = navigation === 'reload' ? since.indexOf('offline') : 0;
      return from >= 0 && since.indexOf('online', from) >= 0;
    },
    20_000,
    `an online status from kiosk ${rig.config.kioskId} once its page had loaded`,
  );
  await page.getByText('Online').waitFor({ timeout: 5_000 });
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

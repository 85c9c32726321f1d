/**
 * One fleet-console test world: the console built for production, served with its
 * `console-config.json`, a real Mosquitto with a WebSocket listener, and Chromium.
 * Each test gets its own topic root, so tests never see each other's retained statuses.
 */
import { rmSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startMosquitto, type MosquittoBroker, type MosquittoOptions } from './mosquitto.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';
import { buildConsole } from './build-console.ts';

export interface ConsoleWorld {
  broker: MosquittoBroker;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsoleWorld(brokerOptions: MosquittoOptions = {}): Promise<ConsoleWorld> {
  const built = await buildConsole();
  const broker = await startMosquitto(brokerOptions);
  const server = await startStaticServer({ root: built.dir, mounts: { '/': {} } });
  const browser = await launchChromium();
  return {
    broker,
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
      await broker.stop();
      rmSync(built.dir, { recursive: true, force: true });
    },
  };
}

let rootCounter = 0;
export function uniqueTopicRoot(): string {
  return `vs-test/c${process.pid}-${++rootCounter}`;
}

export interface ConsoleConfigForTest {
  locale?: 'zh-CN' | 'en';
  brokerUrl: string;
  topicRoot: string;
  demoLogin?: { username: string; password: string };
  demoCards?: { label: string; uid: string }[];
  alertThresholds?: { offlineMs?: number; outboxAgeMs?: number; clockSkewMs?: number };
}

/**
 * Opens the console with this config and, when `signIn`, presses "Sign in" and waits until live.
 * The console defaults to zh-CN; tests that read English text get `locale: "en"` unless
 * `keepDefaultLocale` (the bilingual test checks the real default).
 */
export async function openConsole(
  world: Pick<ConsoleWorld, 'server' | 'browser'>,
  config: ConsoleConfigForTest,
  { signIn = true, keepDefaultLocale = false } = {},
): Promise<Page> {
  const withLocale = keepDefaultLocale || config.locale !== undefined ? config : { ...config, locale: 'en' };
  world.server.setFile('/', 'console-config.json', JSON.stringify(withLocale));
  const context = await world.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await page.goto(world.server.urlOf('/'));
  if (signIn) {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
  }
  return page;
}

/**
 * A console served against a real central (console-server.ts) in a new browser context,
 * 1400x1000, UTC, downloads kept, signed in with its demo login and connected to the
 * broker. `locale: 'zh-CN'` opens it in Chinese, as a returning manager would have it.
 */
export async function signInToConsole(
  browser: Browser,
  url: string,
  { locale = 'en', contextOptions = {}, beforeGoto }: { locale?: 'en' | 'zh-CN'; contextOptions?: BrowserContextOptions; /** e.g. to install Playwright's fake clock before the console loads */ beforeGoto?: (page: Page) => Promise<void> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC', acceptDownloads: true, ...contextOptions });
  if (locale === 'zh-CN') await context.addInitScript(() => localStorage.setItem('vs-console-locale', 'zh-CN'));
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await beforeGoto?.(page);
  await page.goto(url);
  await page.getByRole('button', { name: locale === 'en' ? 'Sign in' : '登录' }).click();
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
  return { context, page };
}

export async function connectClient(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
}

export const iso = (millis: number = Date.now()): string => new Date(millis).toISOString();

export function onlineStationStatus(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = iso();
  return {
    v: 1,
    state: 'online',
    at: now,
    siteId: 'SITE-01',
    reader: { driver: 'rdm6300', state: 'connected' },
    outbox: { pending: 0 },
    agent: { version: '1.0.0', startedAt: now },
    ...overrides,
  };
}

export function onlineKioskStatus(stationId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = iso();
  return {
    v: 1,
    state: 'online',
    at: now,
    stationId,
    siteId: 'SITE-01',
    app: { version: '1.0.0' },
    serviceWorker: { state: 'active', version: '1.0.0' },
    content: { activitiesUpdatedAt: now, directoryUpdatedAt: now },
    screen: 'home',
    storage: { persisted: true },
    ...overrides,
  };
}

/** Publishes retained statuses the way agents and kiosks do (QoS 1, retained). */
export async function publishRetained(client: MqttClient, topic: string, payload: unknown): Promise<void> {
  await client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1, retain: true });
}

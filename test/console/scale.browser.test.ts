/**
 * 2,000 stations (issue 6: "usable with 2,000 stations"): all retained statuses
 * arrive at sign-in, the DOM holds only the rows in view, and scrolling reaches
 * the last station.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { topicsFor } from '../../shared/index.ts';
import { connectClient, onlineKioskStatus, onlineStationStatus, openConsole, startConsoleWorld, uniqueTopicRoot, type ConsoleWorld } from '../helpers/console-harness.ts';

const STATIONS = 2_000;
let world: ConsoleWorld;
let publisher: MqttClient;

beforeAll(async () => {
  world = await startConsoleWorld();
  publisher = await connectClient(world.broker.url);
});

afterAll(async () => {
  await publisher?.endAsync();
  await world?.close();
});

const stationId = (n: number) => `ST-${String(n).padStart(4, '0')}`;

it('renders 2,000 stations through a bounded number of DOM rows and scrolls to the last one', async () => {
  const root = uniqueTopicRoot();
  const topics = topicsFor(root);
  const publishes: Promise<unknown>[] = [];
  for (let n = 1; n <= STATIONS; n++) {
    const siteId = `SITE-${String(1 + (n % 20)).padStart(2, '0')}`;
    publishes.push(publisher.publishAsync(topics.station(stationId(n), 'status'), JSON.stringify(onlineStationStatus({ siteId })), { qos: 1, retain: true }));
    publishes.push(publisher.publishAsync(topics.kioskStatus(`K-${n}`), JSON.stringify(onlineKioskStatus(stationId(n), { siteId })), { qos: 1, retain: true }));
  }
  await Promise.all(publishes);

  const page = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot: root, demoLogin: { username: 'manager', password: 'x' } });
  await expect.poll(() => page.locator('[data-station-count]').innerText(), { timeout: 30_000 }).toBe(`${STATIONS} stations`);
  const rowCount = await page.locator('[data-station-row]').count();
  expect(rowCount).toBeGreaterThan(0);
  expect(rowCount).toBeLessThanOrEqual(40);
  expect(await page.locator(`[data-station-row="${stationId(STATIONS)}"]`).count()).toBe(0);

  await page.locator('vs-station-list .viewport').evaluate((viewport) => (viewport.scrollTop = viewport.scrollHeight));
  await page.locator(`[data-station-row="${stationId(STATIONS)}"]`).waitFor({ timeout: 10_000 });
  expect(await page.locator(`[data-station-row="${stationId(1)}"]`).count()).toBe(0);
  expect(await page.locator('[data-station-row]').count()).toBeLessThanOrEqual(40);
  await expect.poll(() => page.locator(`[data-station-row="${stationId(STATIONS)}"] [data-kiosk="K-${STATIONS}"]`).count()).toBe(1);

  // A live change deep in the list still reaches the screen.
  await publisher.publishAsync(topics.station(stationId(STATIONS), 'status'), JSON.stringify({ v: 1, state: 'offline', reason: 'shutdown', at: new Date().toISOString() }), { qos: 1, retain: true });
  await page.locator('[data-site-filter]').selectOption(`SITE-01`);
  await expect.poll(() => page.locator('[data-station-count]').innerText()).toBe(`${STATIONS / 20} stations`);
  await page.locator('vs-station-list .viewport').evaluate((viewport) => (viewport.scrollTop = viewport.scrollHeight));
  await expect.poll(() => page.locator(`[data-station-row="${stationId(STATIONS)}"] [data-state]`).first().getAttribute('data-state')).toBe('offline');
  await page.context().close();
});

/**
 * A station's place on the schematic map, set in the console's station editor in
 * Chromium against a real central (Mosquitto, SQLite): coordinates that cannot be read
 * and ones out of range are shown beside their fields, a click on the map moves the pin
 * there, the arrow keys nudge it, a far move is questioned, and the published directory
 * carries the new place while the site's other station stays where it was.
 */
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import type { ContentFile } from '../../shared/index.ts';
import { distanceMetres } from '../../shared/geo.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { seriousViolations } from '../helpers/axe.ts';

const station = (stationId: string, lat: number, lon: number, en: string) => ({
  stationId,
  siteId: 'SITE-01',
  name: { zh: `${en}站`, en },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat, lon },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
});
const FIRST = { v: 1, activities: {}, directory: [station('ST-0001', 31.2, 121.4, 'Renmin Rd'), station('ST-0002', 31.21, 121.41, 'West Lake')] } as unknown as ContentFile;

async function retainedDirectory(): Promise<{ stationId: string; location: { lat: number; lon: number } }[]> {
  const client = await mqtt.connectAsync(w.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_t, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync('vs/v1/directory/stations', { qos: 1 });
    return (JSON.parse(await message) as { items: { stationId: string; location: { lat: number; lon: number } }[] }).items;
  } finally {
    await client.endAsync();
  }
}

const w = useConsoleOnCentral({ content: FIRST, onlineStations: ['ST-0001'] });

it("moves a station on the map: bad coordinates beside their fields, a click and the arrow keys move the pin, and the kiosks get the new place", async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  const editor = page.locator('vs-station-editor');
  const lat = editor.getByLabel('Latitude (north, decimal degrees)');
  const lon = editor.getByLabel('Longitude (east, decimal degrees)');
  await expect.poll(() => lat.inputValue(), { timeout: 10_000 }).toBe('31.2');
  expect(await lon.inputValue()).toBe('121.4');
  // The site's other station is drawn for reference; this one is the pin.
  expect(await editor.locator('[data-neighbour]').count()).toBe(1);
  expect(await editor.locator('[data-pin]').count()).toBe(1);

  // Read before anything is sent.
  await lat.fill('north');
  await editor.getByRole('button', { name: 'Publish the station' }).click();
  expect(await editor.locator('[data-field-problem="location.lat"]').innerText()).toBe('write decimal degrees, e.g. 30.2587');
  expect(await editor.locator('[data-pin]').count()).toBe(0);

  // Read, but out of range: the kiosk's own schema refuses it on the server.
  await lat.fill('95');
  await editor.getByRole('button', { name: 'Publish the station' }).click();
  await expect.poll(() => editor.locator('[data-field-problem="location.lat"]').allInnerTexts(), { timeout: 10_000 }).toHaveLength(1);
  expect(await editor.locator('[data-field-problem="location.lat"]').innerText()).not.toBe('write decimal degrees, e.g. 30.2587');
  expect((await w.f.central.store.contentVersions.latest())?.version).toBe(1);

  // A click on the neighbour's dot puts the pin there.
  await lat.fill('31.2');
  const dot = await editor.locator('[data-neighbour="ST-0002"] circle').boundingBox();
  await page.mouse.click(dot!.x + dot!.width / 2, dot!.y + dot!.height / 2);
  const clicked = { lat: Number(await lat.inputValue()), lon: Number(await lon.inputValue()) };
  expect(distanceMetres(clicked, { lat: 31.21, lon: 121.41 })).toBeLessThan(30);
  expect(await editor.locator('[data-location-moved]').innerText()).toMatch(/^Moved 1[34]\d\d m from where it is now\.$/);

  // The arrow keys nudge it 25 m north.
  await editor.locator('[data-location-map]').press('ArrowUp');
  const nudged = { lat: Number(await lat.inputValue()), lon: Number(await lon.inputValue()) };
  expect(nudged.lat).toBeGreaterThan(clicked.lat);
  expect(nudged.lon).toBe(clicked.lon);
  expect(distanceMetres(nudged, clicked)).toBeCloseTo(25, 0);

  // A typo that moves it across the city is questioned.
  await lon.fill('121.4');
  await lat.fill('31.3');
  expect(await editor.locator('[data-location-moved]').innerText()).toBe('11.1 km from where it is now: check the coordinates before publishing.');
  expect(await seriousViolations(page)).toEqual([]);

  await lat.fill('31.2015');
  await lon.fill('121.4021');
  await editor.getByRole('button', { name: 'Publish the station' }).click();
  await expect.poll(() => editor.locator('p.notice').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Published as version 2.');
  expect(await retainedDirectory()).toMatchObject([
    { stationId: 'ST-0001', location: { lat: 31.2015, lon: 121.4021 } },
    { stationId: 'ST-0002', location: { lat: 31.21, lon: 121.41 } },
  ]);
  // Loaded again from the new version: nothing moved any more.
  await expect.poll(() => editor.locator('[data-location-moved]').count(), { timeout: 10_000 }).toBe(0);
  await context.close();
});

it('shows the map and its fields in Chinese', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  await page.locator('[data-locale-switch="zh-CN"]').click();
  const editor = page.locator('vs-station-editor');
  await expect.poll(() => editor.locator('[data-location] legend').innerText(), { timeout: 10_000 }).toBe('地图上的位置');
  await editor.getByLabel('纬度（北纬，十进制度数）').fill('31.3');
  expect(await editor.locator('[data-location-moved]').innerText()).toMatch(/^距当前位置 1\d\.\d 公里：发布前请核对坐标。$/);
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

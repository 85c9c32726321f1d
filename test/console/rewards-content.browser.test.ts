/**
 * The console's rewards catalogue and star perks in Chromium, end to end: a real central
 * (Mosquitto, SQLite) holds content version 1 with a catalogue; the manager changes a
 * price and corrects a stock with a reason, the retained RewardsView on the broker
 * changes and the correction shows with who made it; a bad price is said beside its
 * field; a perk added reaches `R/perks`; axe is clean in English and Chinese.
 */
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import type { ContentFile } from '../../shared/index.ts';
import { MANAGER } from '../helpers/central-fixture.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { seriousViolations } from '../helpers/axe.ts';

const station = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  name: { zh: '人民路服务站', en: 'Renmin Rd station' },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [],
  hours: [],
};
const FIRST = {
  v: 1,
  activities: { 'SITE-01': [] },
  directory: [station],
  rewards: { 'SITE-01': [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 5 }] },
} as unknown as ContentFile;

/** The retained message on `topic` now, as a kiosk connecting now would get it. */
async function retainedJson<T>(topic: string): Promise<T> {
  const client = await mqtt.connectAsync(w.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const message = new Promise<string>((resolve) => client.on('message', (_t, payload, packet) => packet.retain && resolve(payload.toString())));
    await client.subscribeAsync(topic, { qos: 1 });
    return JSON.parse(await message) as T;
  } finally {
    await client.endAsync();
  }
}
const riceOnKiosks = async () => (await retainedJson<{ items: { id: string; price: number; availability: string }[] }>('vs/v1/sites/SITE-01/rewards')).items.find((i) => i.id === 'rice');

const w = useConsoleOnCentral({ content: FIRST, onlineStations: ['ST-0001'] });

it('changes a price and corrects a stock from the console: the retained RewardsView changes and the correction is listed with who', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  const rewards = page.locator('vs-rewards-editor');
  const row = rewards.locator('[data-reward="rice"]');
  await row.waitFor({ timeout: 10_000 });
  expect(await row.locator('[data-stock]').innerText()).toBe('5');
  expect(await riceOnKiosks()).toMatchObject({ price: 30, availability: 'available' });

  await row.getByRole('button', { name: 'Edit' }).click();
  await rewards.getByLabel('Price (points)').fill('0');
  await rewards.getByRole('button', { name: 'Publish the catalogue' }).click();
  await expect.poll(() => rewards.locator('[data-field-problem="price"]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('price must be at least 1');
  expect(await seriousViolations(page)).toEqual([]);

  await rewards.getByLabel('Price (points)').fill('25');
  await rewards.getByLabel(/Correct the stock/).fill('0');
  await rewards.getByLabel('Reason for the correction (optional)').fill('mice got into the sacks');
  await rewards.getByRole('button', { name: 'Publish the catalogue' }).click();
  await expect.poll(() => rewards.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Published as version 2.');
  await expect.poll(() => row.locator('[data-price]').innerText()).toBe('25');
  expect(await row.locator('[data-stock]').innerText()).toBe('0');
  await expect.poll(riceOnKiosks, { timeout: 10_000 }).toMatchObject({ price: 25, availability: 'out' });
  const correction = rewards.locator('[data-correction="rice"]').first();
  await expect.poll(() => correction.innerText().catch(() => ''), { timeout: 10_000 }).toContain(`manager:${MANAGER.name}`);
  expect(await correction.innerText()).toContain('5 -> 0');
  expect(await correction.innerText()).toContain('mice got into the sacks');
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => rewards.locator('h3').innerText()).toBe('爱心超市商品');
  await row.getByRole('button', { name: '编辑' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('vs-content-view [data-locale-switch="en"]').click();
  await context.close();
});

it('adds a perk as a city manager, and it reaches R/perks', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  const perks = page.locator('vs-perks-editor');
  await perks.getByRole('button', { name: 'New perk' }).click();
  await perks.getByLabel('Partner (Chinese)').fill('公交公司');
  await perks.getByLabel('Partner (English)').fill('Bus company');
  await perks.getByLabel('Offer (Chinese)').fill('免费乘车一次');
  await perks.getByLabel('Offer (English)').fill('One free ride');
  await perks.getByLabel(/Lowest star/).fill('3');
  await perks.getByLabel('Kind').selectOption('transport');
  await perks.getByRole('button', { name: 'Publish the perks' }).click();
  await expect.poll(() => perks.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Published as version \d+\.$/);
  const onBroker = await retainedJson<{ items: { partner: { en: string }; minStar: number; kind: string }[] }>('vs/v1/perks');
  expect(onBroker.items).toEqual([expect.objectContaining({ partner: { zh: '公交公司', en: 'Bus company' }, minStar: 3, kind: 'transport' })]);
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('vs-content-view [data-locale-switch="zh-CN"]').click();
  await expect.poll(() => perks.locator('h3').innerText()).toBe('星级礼遇（全市，由市级管理员维护）');
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

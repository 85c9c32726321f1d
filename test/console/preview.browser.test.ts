/**
 * The Content view's kiosk preview in Chromium (issue 16): against a real central
 * (Mosquitto, SQLite) and the built console and kiosk, a manager types a new activity
 * without saving, opens the preview, and the real kiosk page in preview mode shows the
 * draft's title on its activities screen, in Chinese and in English, at a true kiosk
 * size in portrait and landscape. Nothing is published: central's latest version and
 * every retained message on the broker stay as they were.
 */
import mqtt from 'mqtt';
import type { Frame, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import type { ContentFile } from '../../shared/index.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { seriousViolations } from '../helpers/axe.ts';

const station = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  name: { zh: '人民路服务站', en: 'Renmin Rd station' },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
};
const FIRST = { v: 1, activities: { 'SITE-01': [] }, directory: [station] } as unknown as ContentFile;

/** Every retained message on the broker now, by topic, as a client connecting now gets them. */
async function retainedSnapshot(): Promise<Record<string, string>> {
  const client = await mqtt.connectAsync(w.broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const seen: Record<string, string> = {};
    // A marker published after subscribing arrives after every retained message (MQTT 3.1.1 §4.6 ordering on one topic filter).
    const marker = `preview-test/${Date.now()}`;
    const done = new Promise<void>((resolve) =>
      client.on('message', (topic, payload, packet) => {
        if (topic === marker) resolve();
        else if (packet.retain) seen[topic] = payload.toString();
      }),
    );
    await client.subscribeAsync('#', { qos: 1 });
    await client.publishAsync(marker, 'end', { qos: 1 });
    await done;
    return seen;
  } finally {
    await client.endAsync();
  }
}

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function typeDraftActivity(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New activity' }).click();
  await page.getByLabel('Title (Chinese)').fill('社区义诊预览');
  await page.getByLabel('Title (English)').fill('Health check preview');
  await page.getByLabel('Place (Chinese)').fill('社区中心');
  await page.getByLabel('Place (English)').fill('Community centre');
  await page.getByLabel('Organiser (Chinese)').fill('团委');
  await page.getByLabel('Organiser (English)').fill('Youth League');
  await page.getByLabel('Date').fill(tomorrow);
  await page.getByLabel('Starts').fill('10:00');
  await page.getByLabel('Ends').fill('12:00');
}

/** The preview's kiosk page, once it is up. */
async function previewFrame(page: Page): Promise<Frame> {
  await page.locator('vs-kiosk-preview iframe').waitFor();
  // The iframe is in the DOM before its document navigates to the kiosk page.
  const find = () => page.frames().find((fr) => fr.url().includes('/console/kiosk/') && fr.url().includes('preview=1'));
  await expect.poll(() => find() !== undefined, { timeout: 10_000, message: 'the preview frame loads the kiosk page' }).toBe(true);
  return find()!;
}

const shows = (frame: Frame, text: string) => frame.locator('activities-screen').getByText(text).first().isVisible().catch(() => false);

const w = useConsoleOnCentral({ content: FIRST, onlineStations: ['ST-0001'] });

it('previews an unsaved activity on the real kiosk page in both languages and orientations, and publishes nothing', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  await expect.poll(() => page.locator('[data-content-version]').innerText(), { timeout: 10_000 }).toBe('Version 1');
  const retainedBefore = await retainedSnapshot();

  await typeDraftActivity(page);
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const frame = await previewFrame(page);
  // The kiosk's default language first, on the activities screen, under the ribbon.
  await expect.poll(() => shows(frame, '社区义诊预览'), { timeout: 10_000 }).toBe(true);
  expect(await frame.locator('[data-preview-ribbon]').innerText()).toBe('预览 · Preview');

  const controls = page.locator('vs-kiosk-preview');
  await controls.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => shows(frame, 'Health check preview')).toBe(true);
  expect(await controls.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

  // A change in the form reaches the preview without saving.
  await page.getByLabel('Title (English)').fill('Health check, second draft');
  await expect.poll(() => shows(frame, 'Health check, second draft')).toBe(true);

  // The kiosk page itself is at a kiosk's size, whatever the scale it is drawn at.
  const viewport = () => frame.evaluate(() => [window.innerWidth, window.innerHeight]);
  expect(await viewport()).toEqual([1080, 1920]);
  await controls.getByRole('button', { name: 'Landscape' }).click();
  await expect.poll(viewport).toEqual([1920, 1080]);
  const stage = await controls.locator('.stage').boundingBox();
  expect(stage!.width).toBeGreaterThan(stage!.height);

  await controls.getByRole('button', { name: 'Stations' }).click();
  await expect.poll(() => frame.locator('stations-screen').getByText('Renmin Rd station').first().isVisible().catch(() => false)).toBe(true);

  expect(await seriousViolations(page)).toEqual([]);

  // Previewing is not publishing.
  expect((await w.f.central.store.contentVersions.latest())?.version).toBe(1);
  expect(await page.locator('[data-content-version]').innerText()).toBe('Version 1');
  expect(await retainedSnapshot()).toEqual(retainedBefore);
  await context.close();
});

it('shows the problems of a draft the kiosk would refuse, in the preview', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Content' }).click();
  await expect.poll(() => page.locator('[data-content-version]').innerText(), { timeout: 10_000 }).toBe('Version 1');
  await typeDraftActivity(page);
  await page.getByLabel('Ends').fill('09:00');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const frame = await previewFrame(page);
  const problems = frame.locator('[data-preview-problems]');
  await expect.poll(() => problems.innerText().catch(() => ''), { timeout: 10_000 }).toContain('endsAt: endsAt must be after startsAt');
  expect(await frame.locator('activities-screen').count()).toBe(0);
  await context.close();
});

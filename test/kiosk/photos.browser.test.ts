/**
 * Protocol v2 photos on a real kiosk: an activity's photo arrives retained on R/media/{id},
 * is shown from a blob: URL, survives a reload with the server and broker down, a payload
 * that is not the photo its id names is dropped, and the page loads no image from elsewhere.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistentChromium } from '../helpers/chromium.ts';
import { loadKiosk, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { sampleActivities } from '../helpers/kiosk-sample-content.ts';

const webp = (background: string) => sharp({ create: { width: 960, height: 540, channels: 3, background } }).webp().toBuffer();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('kiosk activity photos', () => {
  let rig: KioskRig;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let photoId: string;

  beforeAll(async () => {
    rig = await startKioskRig();
    const photo = await webp('#c83c1e');
    photoId = sha256(photo);
    // The second activity's topic carries other bytes than its id names.
    const forged = await webp('#1e3cc8');
    const forgedId = sha256(await webp('#00ff00'));
    const activities = sampleActivities();
    activities.items[0] = { ...activities.items[0]!, photo: photoId };
    if (activities.items[1]) activities.items[1] = { ...activities.items[1], photo: forgedId };
    await rig.publish(rig.topics.media(photoId), photo, { retain: true });
    await rig.publish(rig.topics.media(forgedId), forged, { retain: true });
    await rig.publish(rig.topics.siteActivities('SITE-01'), activities, { retain: true });
    profile = `/tmp/kiosk-photos-${process.pid}-${Date.now()}`;
    context = await launchPersistentChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
    await loadKiosk(rig, page);
  });

  afterAll(async () => {
    await context?.close();
    await rig?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const thumbnails = () => page.locator('activities-screen img.thumb');
  const openActivities = async () => {
    await page.getByRole('button', { name: /^Activities/ }).first().click();
    await page.locator('activities-screen').getByText('Guiding visitors at West Lake').waitFor();
  };

  it('shows the photo from the retained message, by a blob: URL, and not the forged one', async () => {
    await openActivities();
    await expect.poll(() => thumbnails().count(), { timeout: 10_000 }).toBe(1);
    const src = await thumbnails().first().getAttribute('src');
    expect(src).toMatch(/^blob:/);
    expect(await thumbnails().first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(960);
    await page.locator('activities-screen').getByText('Guiding visitors at West Lake').click();
    await expect.poll(() => page.locator('activities-screen img.photo').getAttribute('src')).toMatch(/^blob:/);
  });

  it('loads no image from another host: the page says img-src only self and blob:', async () => {
    const violated = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
          const img = new Image();
          img.src = 'http://photos.example.invalid/x.png';
          document.body.append(img);
        }),
    );
    expect(violated).toBe('img-src');
  });

  it('still shows the photo after a reload with the server and the broker down', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state));
    await rig.server.stop();
    await rig.broker.stop();
    await page.reload();
    await page.getByText('Scan to check in').waitFor({ timeout: 20_000 });
    await openActivities();
    await expect.poll(() => thumbnails().count(), { timeout: 10_000 }).toBe(1);
    expect(await thumbnails().first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(960);
  });
});

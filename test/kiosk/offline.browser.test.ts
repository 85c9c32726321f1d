/**
 * Offline-first: after one online load, a reload with the web server and the broker
 * down shows the full home screen with a valid rotating QR and the cached activities.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { importCheckinKey, verifyCheckinToken } from '../../shared/index.ts';
import { launchPersistentChromium } from '../helpers/chromium.ts';
import { decodeVisibleQr, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { sampleActivities } from '../helpers/kiosk-sample-content.ts';
import { eventually } from '../helpers/eventually.ts';

describe('kiosk offline reload', () => {
  let rig: KioskRig;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    rig = await startKioskRig();
    await rig.publish(rig.topics.siteActivities('SITE-01'), sampleActivities(), { retain: true });
    profile = `/tmp/kiosk-offline-${process.pid}-${Date.now()}`;
    context = await launchPersistentChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await context?.close();
    await rig?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('boots from the service worker and IndexedDB with server and broker down', async () => {
    await page.goto(rig.url);
    await page.getByText('Guiding visitors at West Lake').waitFor({ timeout: 20_000 });
    // The service worker has finished precaching once it is active.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state;
    });

    await rig.server.stop();
    await rig.broker.stop();

    await page.reload();
    await page.getByText('Scan to check in').waitFor({ timeout: 20_000 });
    await page.getByText('Guiding visitors at West Lake').waitFor();

    const key = await importCheckinKey(rig.config.checkin.secret!);
    const shown = await eventually(() => decodeVisibleQr(page), 10_000, 'a decodable QR offline');
    const verdict = await verifyCheckinToken(shown.text.slice(shown.text.lastIndexOf('/') + 1), {
      nowMillis: shown.shownAt,
      periodSeconds: 5,
      keyFor: () => key,
    });
    expect(verdict.ok).toBe(true);
    await page.getByText(/Offline|Connecting/).first().waitFor();
  });

  it('never put kiosk-config.json into Cache Storage', async () => {
    const cachedUrls = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        urls.push(...(await cache.keys()).map((r) => r.url));
      }
      return urls;
    });
    expect(cachedUrls.some((u) => u.includes('index.html'))).toBe(true);
    // Both locales live in the main chunk; the broker worker (mqtt.js) is precached too, so an offline boot can connect later.
    expect(cachedUrls.some((u) => /assets\/index-.*\.js/.test(u))).toBe(true);
    expect(cachedUrls.some((u) => /assets\/broker-worker-.*\.js/.test(u))).toBe(true);
    expect(cachedUrls.some((u) => u.includes('kiosk-config'))).toBe(false);
  });
});

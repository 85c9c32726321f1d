/**
 * A simulated kiosk day under Playwright's fake clock: QR rotations (every code
 * period), tap overlays (Results from the Node side) and content updates (retained
 * activities and station directory, as central publishes them), in the built kiosk
 * in real Chromium. Samples the JS heap (after a forced GC) and the DOM node count
 * from the Chrome DevTools Protocol's Performance metrics once per simulated hour.
 * Used by `npm run bench:soak` (24 h) and by test/kiosk/soak.browser.test.ts (2 h).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { eventually } from './eventually.ts';
import type { KioskRig } from './kiosk-rig.ts';
import { sampleActivities, sampleDirectory } from './kiosk-sample-content.ts';

export interface SoakSample {
  /** Simulated hours since the start. */
  hour: number;
  /** The kiosk's whole JS heap: the page and its workers (mqtt.js and qrcode run in workers). */
  heap: number;
  /** The part of `heap` in the workers. */
  workerHeap: number;
  nodes: number;
}

export interface SoakResult {
  rotations: number;
  taps: number;
  contentUpdates: number;
  /** The first sample is taken after a warm-up; the last after the final simulated hour. */
  samples: SoakSample[];
}

export interface SoakOptions {
  hours: number;
  /** Tap Results per simulated 10 minutes. */
  tapsPerTenMinutes?: number;
  log?: (line: string) => void;
}

const TEN_MINUTES_MS = 10 * 60_000;

/**
 * The used JS heap of every dedicated worker in the browser, each after a forced GC. The
 * soak's browser shows one page, so these are the kiosk's. Playwright opens no CDP
 * session on a worker, so this attaches through the browser's own session.
 */
async function workerHeapBytes(page: Page): Promise<number> {
  const session = await page.context().browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    let total = 0;
    for (const worker of targetInfos.filter((t) => t.type === 'worker')) {
      const { sessionId } = await session.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
      let nextId = 1;
      const call = (method: string) =>
        new Promise<Record<string, number>>((resolve) => {
          const id = nextId++;
          const onMessage = (event: { sessionId?: string; message: string }) => {
            const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
            if (event.sessionId !== sessionId || reply.id !== id) return;
            session.off('Target.receivedMessageFromTarget', onMessage);
            resolve(reply.result ?? {});
          };
          session.on('Target.receivedMessageFromTarget', onMessage);
          void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
        });
      await call('HeapProfiler.collectGarbage');
      total += (await call('Runtime.getHeapUsage')).usedSize ?? 0;
      await session.send('Target.detachFromTarget', { sessionId });
    }
    return total;
  } finally {
    await session.detach();
  }
}

async function sample(page: Page, hour: number): Promise<SoakSample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const workerHeap = await workerHeapBytes(page);
  return { hour, heap: metric('JSHeapUsedSize') + workerHeap, workerHeap, nodes: metric('Nodes') };
}

const stepOf = (url: string) => Number(url.split('.').at(-2));
const qrValue = (page: Page) => page.locator('checkin-panel qr-code').evaluate((el) => (el as HTMLElement & { value: string }).value);

export async function soakKioskDay(rig: KioskRig, options: SoakOptions): Promise<SoakResult> {
  const tapsPerSlot = options.tapsPerTenMinutes ?? 10;
  const log = options.log ?? (() => undefined);
  const results = rig.topics.station(rig.config.stationId, 'results');
  const kioskStatus = rig.topics.kioskStatus(rig.config.kioskId);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.clock.install();
    await page.goto(rig.url);
    await page.locator('checkin-panel qr-code').waitFor();
    await page.locator('kiosk-toolbar .state[data-state="connected"]').waitFor({ timeout: 30_000 });

    let taps = 0;
    let contentUpdates = 0;
    const tapBurst = async () => {
      for (let i = 0; i < tapsPerSlot; i++) {
        // The last of a burst is accepted: that overlay names the volunteer, so it can be waited for.
        const status = i === tapsPerSlot - 1 ? 'accepted' : (['rejected', 'duplicate', 'accepted'] as const)[taps % 3];
        await rig.publish(results, { v: 1, id: randomUUID(), status, direction: 'in', at: new Date().toISOString(), volunteer: { displayName: `T${taps}`, minutesToday: taps % 600, points: taps } });
        taps++;
      }
      await page.locator('tap-overlay .panel', { hasText: `T${taps - 1}` }).waitFor({ timeout: 60_000 });
    };
    const contentUpdate = async () => {
      // Content "now" is the page's (fake) now, so activities stay current through the day.
      const now = new Date(await page.evaluate(() => Date.now()));
      const activities = sampleActivities(now);
      activities.updatedAt = now.toISOString();
      activities.items[0]!.title.en = `Guiding visitors at West Lake, update ${contentUpdates}`;
      const directory = sampleDirectory(now);
      directory.updatedAt = now.toISOString();
      await rig.publish(rig.topics.siteActivities(rig.config.siteId), activities, { retain: true });
      await rig.publish(rig.topics.directory(), directory, { retain: true });
      contentUpdates++;
      return activities.updatedAt;
    };

    // Warm-up: one of each, so lazy chunks and first-render caches are not counted as growth.
    await tapBurst();
    await contentUpdate();
    await page.clock.runFor(TEN_MINUTES_MS);
    const samples = [await sample(page, 0)];
    const firstStep = stepOf(await qrValue(page));

    for (let hour = 1; hour <= options.hours; hour++) {
      let lastUpdatedAt = '';
      for (let slot = 0; slot < 6; slot++) {
        await tapBurst();
        if (slot % 3 === 0) lastUpdatedAt = await contentUpdate();
        // The clock fires the code controller's timer once per period and lets the page
        // run its tasks in between, so the WebCrypto chain keeps up.
        await page.clock.runFor(TEN_MINUTES_MS);
      }
      // The kiosk reports the content it shows in its status heartbeat: the update landed.
      await eventually(() => rig.messages(kioskStatus).some((m) => m.text.includes(lastUpdatedAt)), 30_000, `content update of hour ${hour} in the kiosk status`);
      samples.push(await sample(page, hour));
      log(`soak: hour ${hour} of ${options.hours}: heap ${(samples.at(-1)!.heap / 1024).toFixed(0)} KB, ${samples.at(-1)!.nodes} DOM nodes`);
    }
    // Let the last code computation land, then count the steps the QR really moved.
    await page.clock.runFor(100);
    const rotations = stepOf(await qrValue(page)) - firstStep;
    return { rotations, taps, contentUpdates, samples };
  } finally {
    await browser.close();
  }
}

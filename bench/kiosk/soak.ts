/**
 * Soak under Playwright's fake clock: many QR rotations and tap overlays, with the
 * JS heap (after a forced GC) and the DOM node count before and after, from the
 * Chrome DevTools Protocol's Performance metrics.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/helpers/chromium.ts';
import type { KioskRig } from '../../test/helpers/kiosk-rig.ts';

export interface SoakSample {
  heap: number;
  nodes: number;
}

export interface SoakResult {
  rotations: number;
  taps: number;
  before: SoakSample;
  after: SoakSample;
}

async function sample(page: Page): Promise<SoakSample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heap: metric('JSHeapUsedSize'), nodes: metric('Nodes') };
}

const stepOf = (url: string) => Number(url.split('.').at(-2));
const qrValue = (page: Page) => page.locator('checkin-panel qr-code').evaluate((el) => (el as HTMLElement & { value: string }).value);

export async function soak(rig: KioskRig, options: { rotations: number; taps: number; newId: () => string }): Promise<SoakResult> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.clock.install();
  await page.goto(rig.url);
  await page.locator('checkin-panel qr-code').waitFor();
  await page.getByText('在线').waitFor({ timeout: 30_000 });
  // Warm up: one of each, so lazy chunks and first-render caches are not counted as growth.
  await rig.publish(rig.topics.station('ST-0001', 'results'), { v: 1, id: options.newId(), status: 'accepted', direction: 'in', at: new Date().toISOString() });
  await page.locator('tap-overlay .panel').waitFor();
  await page.clock.runFor(10_000);
  const before = await sample(page);

  const results = rig.topics.station('ST-0001', 'results');
  for (let i = 0; i < options.taps; i++) {
    const status = (['accepted', 'duplicate', 'rejected'] as const)[i % 3];
    await rig.publish(results, { v: 1, id: options.newId(), status, direction: 'in', at: new Date().toISOString(), volunteer: { displayName: `T${i}`, minutesToday: i, points: i } });
  }
  await page.locator('tap-overlay .panel', { hasText: `T${options.taps - 1}` }).waitFor({ timeout: 120_000 });

  // Rotations in chunks: the clock fires the code controller's timer once per period,
  // and between timers the page runs its tasks, so the WebCrypto chain keeps up.
  const periodMs = (rig.config.checkin.periodSeconds ?? 10) * 1000;
  const firstStep = stepOf(await qrValue(page));
  const chunk = 500;
  for (let done = 0; done < options.rotations; done += chunk) {
    await page.clock.runFor(Math.min(chunk, options.rotations - done) * periodMs);
    console.error(`soak: ${Math.min(done + chunk, options.rotations)} / ${options.rotations} periods`);
  }
  // Let the last code computation land, then count the steps the QR really moved.
  await page.clock.runFor(100);
  const rotations = stepOf(await qrValue(page)) - firstStep;
  await page.clock.runFor(10_000);
  const after = await sample(page);
  await browser.close();
  return { rotations, taps: options.taps, before, after };
}

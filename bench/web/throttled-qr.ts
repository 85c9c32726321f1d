/**
 * Time to a valid QR with Chromium's CPU slowed 4× through CDP
 * (`Emulation.setCPUThrottlingRate`), beside an anchor: the web server's own trivial
 * index page, painted under the same throttle in the same browser. Cold = a fresh
 * context each run (no HTTP cache, no service worker); warm = one profile whose
 * service worker is installed, reloaded.
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, launchPersistentChromium } from '../../test/helpers/chromium.ts';
import { decodeQrOnPage } from '../../test/helpers/qr.ts';
import { ANCHOR_WATCH_SCRIPT, median, QR_WATCH_SCRIPT, qrPaintedAt, timeToPaint } from '../kiosk/time-to-qr.ts';

export const CPU_SLOWDOWN = 4;

export interface QrTimings {
  anchorMs: number;
  coldMs: number;
  warmMs: number;
  /** The QR a cold run decoded: it must be a check-in address, or the timing is of the wrong thing. */
  decodedUrl: string;
}

async function throttle(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

export async function measureQrTimings(options: { kioskUrl: string; anchorUrl: string; checkinPrefix: string; runs: number }): Promise<QrTimings> {
  const browser = await launchChromium();
  const anchor: number[] = [];
  const cold: number[] = [];
  let decodedUrl = '';
  try {
    for (let i = 0; i < options.runs; i++) {
      for (const kind of ['anchor', 'cold'] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await throttle(context, page);
        await page.addInitScript(kind === 'anchor' ? ANCHOR_WATCH_SCRIPT : QR_WATCH_SCRIPT);
        (kind === 'anchor' ? anchor : cold).push(await timeToPaint(page, () => page.goto(kind === 'anchor' ? options.anchorUrl : options.kioskUrl)));
        if (kind === 'cold' && i === 0) decodedUrl = (await decodeQrOnPage(page, 'checkin-panel qr-code')) ?? '';
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  if (!decodedUrl.startsWith(options.checkinPrefix)) throw new Error(`the kiosk's QR decoded to ${JSON.stringify(decodedUrl)}, not a check-in address under ${options.checkinPrefix}`);

  const profile = `/tmp/bench-web-warm-${process.pid}`;
  const context = await launchPersistentChromium(profile);
  const warm: number[] = [];
  try {
    await context.addInitScript(QR_WATCH_SCRIPT);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(options.kioskUrl);
    await qrPaintedAt(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await throttle(context, page);
    for (let i = 0; i < options.runs; i++) {
      warm.push(await timeToPaint(page, () => page.reload()));
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return { anchorMs: median(anchor), coldMs: median(cold), warmMs: median(warm), decodedUrl };
}

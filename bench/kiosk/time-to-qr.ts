/**
 * Time from navigation start to a painted QR code, read in the page itself:
 * an init script polls every animation frame for the QR's SVG inside the shadow roots.
 */
import type { Page } from 'playwright-core';

export const QR_WATCH_SCRIPT = `(() => {
  const find = () => {
    const app = document.querySelector('kiosk-app');
    const home = app && app.shadowRoot && app.shadowRoot.querySelector('home-screen');
    const panel = home && home.shadowRoot && home.shadowRoot.querySelector('checkin-panel');
    const qr = panel && panel.shadowRoot && panel.shadowRoot.querySelector('qr-code');
    return qr && qr.shadowRoot && qr.shadowRoot.querySelector('svg path');
  };
  const poll = () => {
    if (find()) {
      // The frame after the one that found it: the QR has been painted.
      requestAnimationFrame(() => { window.__qrPaintedAt = performance.now(); });
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

export async function qrPaintedAt(page: Page, timeoutMs = 30_000): Promise<number> {
  await page.waitForFunction(() => typeof (window as unknown as { __qrPaintedAt?: number }).__qrPaintedAt === 'number', undefined, { timeout: timeoutMs });
  return page.evaluate(() => (window as unknown as { __qrPaintedAt: number }).__qrPaintedAt);
}

/** The JS files the page had requested by the time the QR was painted. */
export async function scriptsBeforeQr(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const painted = (window as unknown as { __qrPaintedAt: number }).__qrPaintedAt;
    return performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js') && e.startTime <= painted)
      .map((e) => new URL(e.name).pathname.split('/').pop() ?? '');
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

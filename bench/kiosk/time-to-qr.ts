/**
 * Time from navigation start to a painted QR code, read in the page itself:
 * an init script polls every animation frame for the QR's SVG inside the shadow roots.
 * The page reports the moment on its console, so the bench injects nothing into the
 * page while it boots: Playwright's `waitForFunction` would evaluate its own injected
 * script there (about 70 ms of main thread at 4× CPU) in the middle of the timing.
 */
import type { Page } from 'playwright-core';

/** The console line a watch script logs when its frame is painted: this prefix, then the time. */
const PAINTED = '__painted_at ';
const REPORT = `window.__qrPaintedAt = performance.now(); console.debug('${PAINTED}' + window.__qrPaintedAt);`;

/** The anchor's "painted": two frames after its DOM is parsed, as QR_WATCH_SCRIPT does for the QR. */
export const ANCHOR_WATCH_SCRIPT = `document.addEventListener('DOMContentLoaded', () =>
  requestAnimationFrame(() => requestAnimationFrame(() => { ${REPORT} })));`;

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
      requestAnimationFrame(() => { ${REPORT} });
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

/**
 * Runs `navigate` (a goto or a reload) and resolves with the time the page's watch
 * script reported, listening from before the navigation so no report is missed.
 */
export async function timeToPaint(page: Page, navigate: () => Promise<unknown>, timeoutMs = 30_000): Promise<number> {
  const reported = page.waitForEvent('console', { predicate: (m) => m.text().startsWith(PAINTED), timeout: timeoutMs });
  const [message] = await Promise.all([reported, navigate()]);
  return Number(message.text().slice(PAINTED.length));
}

/** After the fact (not for timing): waits until the page has reported its painted QR. */
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

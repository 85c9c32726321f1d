/** The home screen's rotating QR decodes to a token the shared verifier accepts, and rotates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { importCheckinKey, parseCheckinToken, verifyCheckinToken } from '../../shared/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { decodeVisibleQr, startKioskRig, type DecodedQr, type KioskRig } from '../helpers/kiosk-rig.ts';
import { eventually } from '../helpers/eventually.ts';

describe('kiosk home: rotating check-in QR', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    rig = await startKioskRig();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // When the check-in panel's QR is first drawn (qr-code's composed `qr-drawn` event).
    await page.addInitScript(() => {
      document.addEventListener('qr-drawn', (event) => {
        const w = window as unknown as { __checkinQrDrawnAt?: number };
        if (w.__checkinQrDrawnAt === undefined && event.composedPath().some((n) => (n as Element).localName === 'checkin-panel')) w.__checkinQrDrawnAt = performance.now();
      });
    });
    await page.goto(rig.url);
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  async function verify({ text: url, shownAt }: DecodedQr) {
    const secret = rig.config.checkin.secret;
    const key = await importCheckinKey(secret!);
    expect(url.startsWith(rig.config.checkin.baseUrl)).toBe(true);
    const token = url.slice(url.lastIndexOf('/') + 1);
    return verifyCheckinToken(token, { nowMillis: shownAt, periodSeconds: 5, expectedStationId: 'ST-0001', keyFor: () => key });
  }

  it('shows a QR whose token the verifier accepts', async () => {
    await page.getByText('Scan to check in').waitFor();
    const shown = await eventually(() => decodeVisibleQr(page), 10_000, 'a decodable QR');
    const verdict = await verify(shown);
    expect(verdict).toMatchObject({ ok: true, stationId: 'ST-0001' });
  });

  it('shows a different valid token after one period', async () => {
    const first = await eventually(() => decodeVisibleQr(page), 10_000, 'a decodable QR');
    const stepOf = (url: string) => parseCheckinToken(url.slice(url.lastIndexOf('/') + 1))!.step;
    const next = await eventually(
      async () => {
        const shown = await decodeVisibleQr(page);
        return shown && shown.text !== first.text ? shown : undefined;
      },
      15_000,
      'the next QR',
    );
    expect(stepOf(next.text)).toBeGreaterThan(stepOf(first.text));
    expect(await verify(next)).toMatchObject({ ok: true });
  });

  it('fetches the broker worker (mqtt.js) only after the check-in QR is drawn', async () => {
    await page.locator('kiosk-toolbar .state[data-state="connected"]').waitFor({ timeout: 30_000 });
    const { drawnAt, workerFetchedAt } = await page.evaluate(() => ({
      drawnAt: (window as unknown as { __checkinQrDrawnAt?: number }).__checkinQrDrawnAt,
      workerFetchedAt: performance.getEntriesByType('resource').find((e) => e.name.includes('/broker-worker-'))?.startTime,
    }));
    expect(drawnAt).toBeTypeOf('number');
    expect(workerFetchedAt).toBeTypeOf('number');
    expect(workerFetchedAt!).toBeGreaterThan(drawnAt!);
  });

  it('never puts the secret in the page', async () => {
    const text = await page.evaluate(() => {
      const collect = (root: Document | ShadowRoot): string =>
        Array.from(root.querySelectorAll('*'))
          .map((el) => el.outerHTML + (el.shadowRoot ? collect(el.shadowRoot) : ''))
          .join('');
      return collect(document) + JSON.stringify(localStorage);
    });
    expect(text).not.toContain(rig.config.checkin.secret);
  });
});

/**
 * A kiosk provisioned with its own key (protocol v2, `checkin.kioskKey`) shows codes
 * that name it, which central's verifier accepts from the station secret alone; after
 * an offline reboot from IndexedDB it still mints v2 codes. The kiosk key never
 * appears in the page.
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckinKeys } from '../../central/phone/checkin-keys.ts';
import { generateCheckinSecret, parseAnyCheckinToken } from '../../shared/index.ts';
import { launchPersistentChromium } from '../helpers/chromium.ts';
import { referenceKioskKey } from '../helpers/checkin-code-vectors.ts';
import { eventually } from '../helpers/eventually.ts';
import { decodeVisibleQr, startKioskRig, type DecodedQr, type KioskRig } from '../helpers/kiosk-rig.ts';

const stationSecret = generateCheckinSecret();
const kioskKey = referenceKioskKey(stationSecret, 'K-0001');
const central = new CheckinKeys({ 'ST-0001': { siteId: 'SITE-01', secret: stationSecret, name: { zh: '站', en: 'Station' } } });

describe('kiosk home with a v2 kiosk key', () => {
  let rig: KioskRig;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    rig = await startKioskRig({ checkin: { baseUrl: 'https://checkin.example.org/c/', kioskKey, periodSeconds: 5 } });
    profile = `/tmp/kiosk-v2-${process.pid}-${Date.now()}`;
    context = await launchPersistentChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await context?.close();
    await rig?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const verdictOf = ({ text, shownAt }: DecodedQr) => central.verifyAnyCheckinToken(text.slice(text.lastIndexOf('/') + 1), { nowMillis: shownAt, periodSeconds: 5 });

  it('shows a v2 code naming the kiosk, accepted by central', async () => {
    await page.goto(rig.url);
    await page.getByText('Scan to check in').waitFor();
    const shown = await eventually(() => decodeVisibleQr(page), 10_000, 'a decodable QR');
    expect(parseAnyCheckinToken(shown.text.slice(shown.text.lastIndexOf('/') + 1))).toMatchObject({ version: 2, stationId: 'ST-0001', kioskId: 'K-0001' });
    expect(await verdictOf(shown)).toMatchObject({ ok: true, version: 2, kioskId: 'K-0001' });
  });

  it('keeps minting v2 codes after an offline reboot', async () => {
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
    await rig.server.stop();
    await rig.broker.stop();
    await page.reload();
    await page.getByText('Scan to check in').waitFor({ timeout: 20_000 });
    const shown = await eventually(() => decodeVisibleQr(page), 10_000, 'a decodable QR offline');
    expect(await verdictOf(shown)).toMatchObject({ ok: true, version: 2, kioskId: 'K-0001' });
  });

  it('never puts the kiosk key in the page or its storage', async () => {
    const text = await page.evaluate(() => {
      const collect = (root: Document | ShadowRoot): string =>
        Array.from(root.querySelectorAll('*'))
          .map((el) => el.outerHTML + (el.shadowRoot ? collect(el.shadowRoot) : ''))
          .join('');
      return collect(document) + JSON.stringify(localStorage);
    });
    expect(text).not.toContain(kioskKey);
  });
});

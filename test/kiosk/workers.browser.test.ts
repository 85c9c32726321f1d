/**
 * The kiosk's two workers (mqtt.js in the broker worker, qrcode in the QR worker) are
 * files like any other and can fail to load, e.g. on an offline boot before they were
 * ever cached. The kiosk must still show a valid QR, say it is offline, and connect
 * once the broker worker can be fetched again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { importCheckinKey, KioskStatusSchema, validate, verifyCheckinToken } from '../../shared/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { decodeVisibleQr, DIST, MOUNT, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { eventually } from '../helpers/eventually.ts';

const asset = (prefix: string) => {
  const name = readdirSync(join(DIST, 'assets')).find((f) => f.startsWith(prefix) && f.endsWith('.js'));
  if (!name) throw new Error(`dist/kiosk/assets has no ${prefix}*.js: run \`npm run build\``);
  return `assets/${name}`;
};

describe('kiosk workers that cannot load', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;
  const warnings: string[] = [];
  const brokerWorker = asset('broker-worker-');
  const qrWorker = asset('qr-worker-');

  beforeAll(async () => {
    rig = await startKioskRig();
    rig.server.setFile(MOUNT, brokerWorker, undefined);
    rig.server.setFile(MOUNT, qrWorker, undefined);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(rig.url);
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('draws a valid check-in QR on the main thread when the QR worker is missing', async () => {
    const shown = await eventually(() => decodeVisibleQr(page), 10_000, 'a decodable QR');
    const key = await importCheckinKey(rig.config.checkin.secret!);
    const token = shown.text.slice(shown.text.lastIndexOf('/') + 1);
    expect(await verifyCheckinToken(token, { nowMillis: shown.shownAt, periodSeconds: 5, expectedStationId: 'ST-0001', keyFor: () => key })).toMatchObject({ ok: true });
    expect(warnings.some((w) => w.includes('QR worker stopped'))).toBe(true);
  });

  it('says it is offline while the broker worker cannot load, and nothing reached the broker', async () => {
    await expect.poll(() => page.locator('kiosk-toolbar .state').getAttribute('data-state'), { timeout: 20_000 }).toBe('offline');
    await expect.poll(() => page.getByText('Offline: check-in still works').count()).toBe(1);
    expect(warnings.some((w) => w.includes('broker worker stopped'))).toBe(true);
    expect(rig.messages(rig.topics.kioskStatus('K-0001'))).toEqual([]);
  });

  it('connects and publishes its online status once the broker worker can be fetched again', async () => {
    rig.server.setFile(MOUNT, brokerWorker, readFileSync(join(DIST, brokerWorker), 'utf8'));
    await expect.poll(() => page.locator('kiosk-toolbar .state').getAttribute('data-state'), { timeout: 40_000 }).toBe('connected');
    const statuses = rig.messages(rig.topics.kioskStatus('K-0001')).map((m) => validate(KioskStatusSchema, JSON.parse(m.text)));
    expect(statuses.some((s) => s.ok && s.value.state === 'online')).toBe(true);
  });
});

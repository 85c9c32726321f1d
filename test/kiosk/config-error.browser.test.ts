/** A missing or invalid kiosk-config.json gives a bilingual full-screen error with the reason, never a blank page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { MOUNT, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

describe('kiosk configuration errors', () => {
  let rig: KioskRig;
  let browser: Browser;

  beforeAll(async () => {
    rig = await startKioskRig();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  async function screenText() {
    const page = await browser.newPage();
    await page.goto(rig.url);
    const screen = page.locator('config-error-screen');
    await screen.waitFor();
    const text = (await screen.locator('main').textContent()) ?? '';
    await page.close();
    return text;
  }

  it('explains a missing file in Chinese and English', async () => {
    rig.server.setFile(MOUNT, 'kiosk-config.json', undefined);
    const text = await screenText();
    expect(text).toContain('找不到配置文件');
    expect(text).toContain('was not found');
    expect(text).toContain('HTTP 404');
  });

  it('lists every problem of an invalid file by its path, without echoing the secret', async () => {
    const secret = 'too-short-secret';
    rig.server.setFile(MOUNT, 'kiosk-config.json', JSON.stringify({ ...rig.config, stationId: 'ST/0001', checkin: { ...rig.config.checkin, secret }, extra: 1 }));
    const text = await screenText();
    expect(text).toContain('配置文件 kiosk-config.json 有错误');
    expect(text).toContain('has errors');
    expect(text).toMatch(/stationId: must be 1 to 64 characters/);
    expect(text).toMatch(/checkin\.secret: must be 32 bytes/);
    expect(text).toContain('extra');
    expect(text).not.toContain(secret);
  });

  it('explains a file that is not JSON', async () => {
    rig.server.setFile(MOUNT, 'kiosk-config.json', '{ "kioskId": ');
    const text = await screenText();
    expect(text).toContain('not valid JSON');
  });

  it('boots normally once the file is fixed', async () => {
    rig.server.setFile(MOUNT, 'kiosk-config.json', JSON.stringify(rig.config));
    const page = await browser.newPage();
    await page.goto(rig.url);
    await page.getByText('Scan to check in').waitFor();
    expect(await page.locator('config-error-screen').count()).toBe(0);
    await page.close();
  });
});

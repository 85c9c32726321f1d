/** Console commands on `R/stations/{id}/cmd`: announce, clear-announcement, identify, reload; expired and unknown ones are ignored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

describe('kiosk commands', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;
  let commandCount = 0;
  const banner = () => page.locator('announcement-banner [role=status]');
  const command = (cmd: string, extra: Record<string, unknown> = {}) =>
    rig.publish(rig.topics.station('ST-0001', 'cmd'), { v: 1, id: `c-${++commandCount}`, cmd, ...extra });

  beforeAll(async () => {
    rig = await startKioskRig();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(rig.url);
    await page.getByText('Online').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('shows an announcement in the current language until clear-announcement', async () => {
    await command('announce', { args: { text: { zh: '今天下午闭馆', en: 'Closed this afternoon' } } });
    await expect.poll(() => banner().textContent()).toContain('Closed this afternoon');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => banner().textContent()).toContain('今天下午闭馆');
    await page.getByRole('button', { name: 'EN' }).click();
    await command('clear-announcement');
    await expect.poll(() => banner().count()).toBe(0);
  });

  it('takes an announcement down by itself at `until`', async () => {
    await command('announce', { args: { text: { zh: '短通知', en: 'Short notice' }, until: new Date(Date.now() + 2_500).toISOString() } });
    await expect.poll(() => banner().textContent()).toContain('Short notice');
    await expect.poll(() => banner().count(), { timeout: 10_000 }).toBe(0);
  });

  it('ignores expired, unknown and simulate-tap commands', async () => {
    await command('announce', { args: { text: { zh: '过期', en: 'Expired one' } }, expiresAt: new Date(Date.now() - 1_000).toISOString() });
    await command('self-destruct');
    await command('simulate-tap', { args: { uid: '0011223344' } });
    await command('announce', { args: { text: { zh: '有效', en: 'Valid one' } } });
    await expect.poll(() => banner().textContent()).toContain('Valid one');
    expect(await page.getByText('Expired one').count()).toBe(0);
    await command('clear-announcement');
  });

  it('flashes the station id full screen on identify', async () => {
    await command('identify');
    const overlay = page.locator('identify-overlay [role=alert]');
    await expect.poll(() => overlay.textContent()).toContain('ST-0001');
    await expect.poll(() => overlay.count(), { timeout: 15_000 }).toBe(0);
  });

  it('reloads on reload', async () => {
    await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
    const navigated = page.waitForEvent('load');
    await command('reload');
    await navigated;
    await page.getByText('Scan to check in').waitFor();
    expect(await page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload)).toBeUndefined();
  });
});

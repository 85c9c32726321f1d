/** Console commands on `R/stations/{id}/cmd`: announce, clear-announcement, identify, reload; expired and unknown ones are ignored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
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
    const identifyOverlay = page.locator('identify-overlay [role=alert]');
    const tapOverlay = page.locator('tap-overlay [role=status]');
    const dropped: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === 'warning' && message.text().startsWith('kiosk: dropped a message')) dropped.push(message.text());
    };
    // One publisher, one topic: the kiosk handles commands in the order sent, so once a
    // later valid command shows, the ignored one before it has been handled.
    const announceAndWait = async (en: string) => {
      await command('announce', { args: { text: { zh: en, en } } });
      await expect.poll(() => banner().textContent()).toContain(en);
    };
    page.on('console', onConsole);
    try {
      const expiresAt = new Date(Date.now() - 1_000).toISOString();
      // Expired: an identify would flash the identify overlay for 10 s...
      await command('identify', { expiresAt });
      await announceAndWait('After the expired identify');
      expect(await identifyOverlay.count()).toBe(0);
      // ...an announce would replace the banner and a clear would take it down. The later
      // command is an identify here, since an announce would hide either mistake.
      await command('announce', { args: { text: { zh: '过期', en: 'Expired one' } }, expiresAt });
      await command('clear-announcement', { expiresAt });
      await command('identify');
      await expect.poll(() => identifyOverlay.textContent()).toContain('ST-0001');
      expect(await banner().allTextContents()).toEqual([expect.stringContaining('After the expired identify')]);
      expect(await page.getByText('Expired one').count()).toBe(0);

      // Unknown: refused by the Command schema with a warning (logged while the message is
      // handled, so it also says the kiosk is done with it), its announce-shaped args never shown.
      await command('self-destruct', { args: { text: { zh: '未知', en: 'Unknown one' } } });
      await expect.poll(() => dropped).toEqual([expect.stringMatching(/^kiosk: dropped a message on vs\/v1\/stations\/ST-0001\/cmd: cmd: .* but received "self-destruct"$/)]);
      expect(await page.getByText('Unknown one').count()).toBe(0);
      expect(await banner().allTextContents()).toEqual([expect.stringContaining('After the expired identify')]);
      await announceAndWait('After the unknown command');

      // simulate-tap is the agent's: taken as a tap here it would show "Reading your card…".
      await command('simulate-tap', { args: { uid: '0011223344' } });
      await announceAndWait('Valid one');
      expect(await tapOverlay.count()).toBe(0);
      expect(await page.getByText('Reading your card').count()).toBe(0);
    } finally {
      page.off('console', onConsole);
    }
    // The identify overlay would outlast this case: the next one starts from a fresh page.
    await page.reload();
    await page.getByText('Online').waitFor({ timeout: 20_000 });
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

/**
 * Console commands on `R/stations/{id}/cmd`: announce, clear-announcement, identify,
 * reload; expired and unknown ones are ignored, and (protocol v2) so are retained
 * ones, ones without `expiresAt` and a command id seen before, even across a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { loadKiosk, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

describe('kiosk commands', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;
  let commandCount = 0;
  const banner = () => page.locator('announcement-banner [role=status]');
  const inTenMinutes = () => new Date(Date.now() + 600_000).toISOString();
  const command = (cmd: string, extra: Record<string, unknown> = {}, options: { retain?: boolean } = {}) =>
    rig.publish(rig.topics.station('ST-0001', 'cmd'), { v: 1, id: `c-${++commandCount}`, cmd, expiresAt: inTenMinutes(), ...extra }, options);
  const identifyOverlay = () => page.locator('identify-overlay [role=alert]');
  beforeAll(async () => {
    rig = await startKioskRig();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loadKiosk(rig, page);
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
      expect(await identifyOverlay().count()).toBe(0);
      // ...an announce would replace the banner and a clear would take it down. The later
      // command is an identify here, since an announce would hide either mistake.
      await command('announce', { args: { text: { zh: '过期', en: 'Expired one' } }, expiresAt });
      await command('clear-announcement', { expiresAt });
      await command('identify');
      await expect.poll(() => identifyOverlay().textContent()).toContain('ST-0001');
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
    await loadKiosk(rig, page, 'reload');
  });

  it('ignores a command without expiresAt (protocol v2)', async () => {
    await command('announce', { args: { text: { zh: '无期限', en: 'No expiry' } }, expiresAt: undefined });
    await command('identify', { expiresAt: undefined });
    await command('announce', { args: { text: { zh: '有期限', en: 'With expiry' } } });
    await expect.poll(() => banner().textContent()).toContain('With expiry');
    expect(await page.getByText('No expiry').count()).toBe(0);
    expect(await identifyOverlay().count()).toBe(0);
    await command('clear-announcement');
    await expect.poll(() => banner().count()).toBe(0);
  });

  it('acts on a command id once, even after a reload', async () => {
    const id = `dup-${Date.now()}`;
    await command('announce', { id, args: { text: { zh: '第一次', en: 'First time' } } });
    await expect.poll(() => banner().textContent()).toContain('First time');
    await command('clear-announcement');
    await expect.poll(() => banner().count()).toBe(0);
    // The same id again, with other text: ignored. The identify after it shows it was handled.
    await command('announce', { id, args: { text: { zh: '又一次', en: 'Second time' } } });
    await command('identify');
    await expect.poll(() => identifyOverlay().count()).toBe(1);
    expect(await banner().count()).toBe(0);

    // The memory is kept in the page's storage: a reload does not make the id new.
    await loadKiosk(rig, page, 'reload');
    await command('announce', { id, args: { text: { zh: '重新加载后', en: 'After the reload' } } });
    await command('identify');
    await expect.poll(() => identifyOverlay().count()).toBe(1);
    expect(await banner().count()).toBe(0);
    expect(await page.getByText('After the reload').count()).toBe(0);
  });

  it('never shows a retained command or tap to a kiosk that connects after it was published', async () => {
    const cmdTopic = rig.topics.station('ST-0001', 'cmd');
    const tapsTopic = rig.topics.station('ST-0001', 'taps');
    const warnings: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === 'warning' && message.text().startsWith('kiosk: ignored a retained message')) warnings.push(message.text());
    };
    page.on('console', onConsole);
    try {
      // A retained announce (the broker keeps only the last retained message per topic,
      // so the identify gets a topic run of its own below) and a retained Tap.
      await command('announce', { args: { text: { zh: '保留的通知', en: 'Retained notice' } } }, { retain: true });
      await rig.publish(tapsTopic, { v: 1, id: crypto.randomUUID(), at: new Date().toISOString() }, { retain: true });
      await loadKiosk(rig, page, 'reload');
      await command('announce', { args: { text: { zh: '实时通知', en: 'Live notice' } } });
      await expect.poll(() => banner().textContent()).toContain('Live notice');
      expect(await page.getByText('Retained notice').count()).toBe(0);
      expect(await page.getByText('Reading your card').count()).toBe(0);
      expect(await page.locator('tap-overlay [role=status]').count()).toBe(0);
      expect(warnings.sort()).toEqual([
        `kiosk: ignored a retained message on ${cmdTopic}: taps, results and commands are never retained`,
        `kiosk: ignored a retained message on ${tapsTopic}: taps, results and commands are never retained`,
      ]);

      await command('identify', {}, { retain: true });
      await loadKiosk(rig, page, 'reload');
      await command('clear-announcement');
      await command('announce', { args: { text: { zh: '之后', en: 'After the retained identify' } } });
      await expect.poll(() => banner().textContent()).toContain('After the retained identify');
      expect(await identifyOverlay().count()).toBe(0);
    } finally {
      page.off('console', onConsole);
      // An empty retained payload deletes the retained message (MQTT 3.1.1 §3.3.1.3).
      await rig.publish(cmdTopic, '', { retain: true });
      await rig.publish(tapsTopic, '', { retain: true });
    }
    await loadKiosk(rig, page, 'reload');
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

/**
 * The manager panel's PIN in Chromium: salted PBKDF2 from kiosk-config.json, a delay
 * after each wrong PIN that doubles, is shown as a countdown in both languages and
 * survives a reload; a legacy `sha256:` hash closes only the panel, with a message.
 * Playwright's clock holds the page's time still, so each countdown reads exactly
 * what the delay is, and the test moves time on instead of waiting for it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashManagerPin } from '../../shared/manager-pin.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { MOUNT, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

const PIN = '4812';
const START = new Date('2026-11-29T09:00:00.000Z');

describe('kiosk manager PIN', () => {
  let rig: KioskRig;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let now = START.getTime();

  const countdown = () => page.locator('manager-panel [data-countdown]');
  const openButton = () => page.getByRole('button', { name: 'Open', exact: true });
  /** Moves the page's paused clock on, firing the timers due meanwhile. */
  const advance = async (ms: number) => {
    await page.clock.runFor(ms);
    now += ms;
  };
  const openPanel = async () => {
    await page.mouse.move(10, 790);
    await page.mouse.down();
    await advance(3_100);
    await page.mouse.up();
    await page.getByRole('dialog', { name: /Manager PIN|管理密码/ }).waitFor();
  };
  const typePin = async (pin: string) => {
    for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  };
  const storedAttempts = () =>
    page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as { failures: number; lockedUntil: number } | null, `kiosk:${MOUNT}:manager-pin-attempts`);

  beforeAll(async () => {
    rig = await startKioskRig({ managerPinHash: await hashManagerPin(PIN) });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.clock.install({ time: START });
    await page.goto(rig.url);
    await page.getByText('Scan to check in').waitFor({ timeout: 20_000 });
    now = (await page.evaluate(() => Date.now())) + 1_000;
    await page.clock.pauseAt(now);
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('refuses wrong PINs with a delay that doubles, shown as a countdown, then opens for the right one', async () => {
    await openPanel();
    await typePin('1111');
    await openButton().click();
    await expect.poll(() => countdown().textContent()).toContain('Wrong PIN. Try again in 1 s.');
    // Locked: neither the keypad nor "Open" takes input, so nothing is checked.
    expect(await openButton().isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '1', exact: true }).isDisabled()).toBe(true);
    expect(await storedAttempts()).toEqual({ failures: 1, lockedUntil: now + 1_000 });

    await advance(1_000);
    await expect.poll(() => countdown().count()).toBe(0);
    await typePin('2222');
    await openButton().click();
    await expect.poll(() => countdown().textContent()).toContain('Try again in 2 s.');
    await advance(1_000);
    await expect.poll(() => countdown().textContent()).toContain('Try again in 1 s.');
    await advance(1_000);
    await expect.poll(() => countdown().count()).toBe(0);
    await typePin('3333');
    await openButton().click();
    await expect.poll(() => countdown().textContent()).toContain('Try again in 4 s.');
    expect((await storedAttempts())?.failures).toBe(3);

    // A reload keeps the count and the delay (4 s, less the 3 s press that opens the panel), in either language.
    await page.reload();
    await page.locator('home-screen').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await openPanel();
    await expect.poll(() => countdown().textContent()).toContain('密码错误，请 1 秒后再试。');
    expect(await page.getByRole('button', { name: '打开' }).isDisabled()).toBe(true);
    await advance(1_000);
    await expect.poll(() => countdown().count()).toBe(0);
    await typePin(PIN);
    await page.getByRole('button', { name: '打开' }).click();
    await page.getByRole('dialog', { name: '管理面板' }).waitFor();
    expect(await storedAttempts()).toBeNull();

    // The right PIN cleared the count: the next wrong one waits 1 s again.
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByRole('button', { name: 'EN' }).click();
    await openPanel();
    await typePin('9999');
    await openButton().click();
    await expect.poll(() => countdown().textContent()).toContain('Try again in 1 s.');
    await advance(1_000);
    await expect.poll(() => countdown().count()).toBe(0);
  });

  it('refuses a legacy sha256: hash, even for its PIN, and the rest of the kiosk keeps working', async () => {
    const legacy = `sha256:${createHash('sha256').update(PIN).digest('hex')}`;
    rig.server.setFile(MOUNT, 'kiosk-config.json', JSON.stringify({ ...rig.config, managerPinHash: legacy }));
    await page.reload();
    // The kiosk boots: its home screen and QR, not the configuration-error screen.
    await page.getByText('Scan to check in').waitFor();
    expect(await page.locator('config-error-screen').count()).toBe(0);
    await openPanel();
    const problem = page.locator('manager-panel [data-pin-problem]');
    await expect.poll(() => problem.textContent()).toContain('old, unsafe format');
    expect(await problem.textContent()).toContain('npm run provision -- kiosk-pin');
    expect(await problem.textContent()).toContain('The kiosk itself keeps working');
    // No keypad to try the PIN on.
    expect(await page.getByRole('button', { name: '4', exact: true }).count()).toBe(0);
    expect(await openButton().count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('manager-panel').count()).toBe(0);
    await page.getByRole('button', { name: '中文' }).click();
    await openPanel();
    await expect.poll(() => problem.textContent()).toContain('保存格式已过时');
    expect(await page.getByRole('button', { name: '打开' }).count()).toBe(0);
  });
});

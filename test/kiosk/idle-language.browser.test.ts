/**
 * Language switch without reload, large text, and the idle reset after 60 s without
 * a touch (home, the configured zh-CN, normal text). Time is moved with Playwright's
 * clock, not waited for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { sampleActivities } from '../helpers/kiosk-sample-content.ts';

describe('kiosk language, large text and idle reset', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;
  const captionSize = () => page.locator('checkin-panel .caption').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

  beforeAll(async () => {
    rig = await startKioskRig({ locale: 'zh-CN' });
    await rig.publish(rig.topics.siteActivities('SITE-01'), sampleActivities(), { retain: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.clock.install();
    await page.goto(rig.url);
    await page.getByText('扫码签到').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('switches to English without a reload, and back', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('Scan to check in').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('扫码签到').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('scales the text in large-text mode', async () => {
    const normal = await captionSize();
    await page.getByRole('button', { name: '大字' }).click();
    await expect.poll(captionSize).toBeGreaterThan(normal * 1.2);
    await page.getByRole('button', { name: '大字' }).click();
    await expect.poll(captionSize).toBe(normal);
  });

  it('returns to home in zh-CN with normal text after 60 s without a touch', async () => {
    const normal = await captionSize();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('button', { name: 'Large text' }).click();
    await page.getByRole('button', { name: 'Activities' }).click();
    await page.getByRole('heading', { name: 'Activities' }).waitFor();
    await page.getByRole('button', { name: /Guiding visitors/ }).click();
    await page.getByText('Scan to sign up on your phone').waitFor();

    await page.clock.fastForward(45_000);
    expect(await page.getByText('Scan to sign up on your phone').count()).toBe(1);

    await page.clock.fastForward(16_000);
    await page.getByText('扫码签到').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large-text'))).toBe(false);
    await expect.poll(captionSize).toBe(normal);

    // The detail view and filters were reset too, not just hidden.
    await page.getByRole('button', { name: '志愿活动' }).first().click();
    await page.getByRole('heading', { name: '志愿活动' }).waitFor();
    expect(await page.getByText('用手机扫码报名').count()).toBe(0);
  });
});

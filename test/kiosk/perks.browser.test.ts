// The kiosk's Perks screen (protocol v2 R/perks): ★ symbols with words, both languages axe clean, expired perks hidden, shown again from the last copy with the broker gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

const perks = {
  v: 1,
  updatedAt: '2026-12-01T00:00:00.000Z',
  items: [
    { id: 'cinema', kind: 'cinema', partner: { zh: '淄博影城', en: 'Zibo City Cinema' }, offer: { zh: '每周二观影 9.9 元', en: 'Films for 9.9 yuan every Tuesday' }, minStar: 3 },
    { id: 'bus', kind: 'transport', partner: { zh: '淄博公交集团', en: 'Zibo Public Transport' }, offer: { zh: '每月 20 次免费乘车', en: '20 free rides a month' }, minStar: 1, howToClaim: { zh: '上车刷卡', en: 'Tap your card' } },
    { id: 'old', partner: { zh: '旧合作方', en: 'Old partner' }, offer: { zh: '已结束', en: 'Ended' }, minStar: 2, validUntil: '2020-01-01' },
  ],
};

describe('kiosk Perks screen', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    rig = await startKioskRig({ locale: 'zh-CN' });
    await rig.publish(rig.topics.perks(), perks, { retain: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(rig.url);
    await page.locator('home-screen').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  const cards = () => page.locator('perks-screen li.perk');

  it('lists current perks lowest star first, the star as ★ and in words, axe clean in Chinese', async () => {
    await page.getByRole('button', { name: '星级志愿者优待' }).click();
    await expect.poll(() => cards().count(), { timeout: 10_000 }).toBe(2);
    expect(await cards().evaluateAll((els) => els.map((el) => el.getAttribute('data-perk')))).toEqual(['bus', 'cinema']);
    expect(await cards().nth(1).locator('.stars').innerText()).toBe('★★★ 3 星及以上');
    expect(await cards().nth(0).innerText()).toContain('上车刷卡');
    expect(await page.locator('perks-screen').innerText()).not.toContain('旧合作方');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('reads in English too, axe clean', async () => {
    await page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => cards().nth(1).locator('.stars').innerText()).toBe('★★★ 3-star and above');
    expect(await cards().nth(1).locator('.partner').innerText()).toBe('Zibo City Cinema');
    expect(await page.locator('perks-screen h1').innerText()).toBe('Star perks');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the last copy after a reload with the broker gone', async () => {
    await rig.broker.stop();
    await page.reload();
    await page.locator('home-screen').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /星级志愿者优待|Star perks/ }).click();
    await expect.poll(() => cards().count(), { timeout: 10_000 }).toBe(2);
  });
});

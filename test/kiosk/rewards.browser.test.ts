/**
 * The kiosk's Rewards screen (protocol v2 RewardsView): what points buy at this site,
 * availability as an icon plus words in both languages, axe clean, nothing personal;
 * after a reload with the broker gone it still shows the last view it received.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

const AXE_SCRIPT = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

const view = {
  v: 2,
  updatedAt: new Date().toISOString(),
  siteId: 'SITE-01',
  items: [
    { id: 'soap', name: { zh: '香皂', en: 'Soap' }, price: 4, availability: 'available' },
    { id: 'rice', name: { zh: '东北大米 5 公斤', en: 'Rice, 5 kg' }, price: 30, availability: 'few-left', monthlyLimit: 1 },
    { id: 'oil', name: { zh: '花生油', en: 'Peanut oil' }, price: 25, availability: 'out' },
  ],
};

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string }[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help}`);
}

describe('kiosk Rewards screen', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    rig = await startKioskRig({ locale: 'zh-CN' });
    await rig.publish(rig.topics.siteRewards('SITE-01'), view, { retain: true });
    // Another site's view never shows here.
    await rig.publish(rig.topics.siteRewards('SITE-02'), { ...view, siteId: 'SITE-02', items: [{ id: 'x', name: { zh: '别处的物品', en: 'Elsewhere item' }, price: 1, availability: 'available' }] }, { retain: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(rig.url);
    await page.locator('home-screen').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('shows prices and availability as icon plus words, in Chinese and in English, with no serious axe violations', async () => {
    await page.getByRole('button', { name: '积分兑换' }).click();
    const screen = page.locator('rewards-screen');
    await screen.getByText('东北大米 5 公斤').waitFor({ timeout: 10_000 });
    const zh = await screen.locator('ul.list').innerText();
    expect(zh).toContain('30 积分');
    expect(zh).toContain('仅剩少量');
    expect(zh).toContain('已兑完');
    expect(zh).toContain('有货');
    expect(zh).toContain('每月限兑 1 件');
    expect(zh).not.toContain('别处的物品');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'EN' }).click();
    await screen.getByText('Rice, 5 kg').waitFor();
    const en = await screen.locator('ul.list').innerText();
    for (const text of ['30 points', 'Few left', 'Out of stock', 'Available', 'At most 1 a month']) expect(en).toContain(text);
    expect(await screen.locator('.availability .icon').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('after a reload with the broker gone, shows the last view it received', async () => {
    await rig.broker.stop();
    await page.reload();
    await page.locator('home-screen').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /积分兑换|Rewards/ }).click();
    await page.locator('rewards-screen').getByText(/东北大米 5 公斤|Rice, 5 kg/).waitFor({ timeout: 10_000 });
  });
});

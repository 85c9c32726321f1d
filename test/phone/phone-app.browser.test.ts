/**
 * The phone app in Chromium against a real central, real Mosquitto and the built
 * dist/phone: linking with the device cookie alone (no authenticator, as in WeChat's
 * in-app browser), checking in, both languages, 200 % text, no JavaScript, axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { linkInBrowser, newPhoneContext, scan, screenText, startPhoneWorld, type PhoneWorld } from '../helpers/phone-browser.ts';
import { tokenAt } from '../helpers/phone-rig.ts';

describe('the phone app, device-cookie path', () => {
  let world: PhoneWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startPhoneWorld();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('an unlinked phone is asked to link, and a typed number alone records nothing', async () => {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await scan(page, world);
    await expect.poll(() => screenText(page)).toContain('This phone is not linked yet');
    expect(await screenText(page)).toContain('No smartphone? Just tap your card');
    expect(page.url()).not.toContain('ticket');
    // The API refuses a check-in from this phone, whatever number it names.
    const refused = await page.evaluate(async () => {
      const visit = JSON.parse(document.querySelector<HTMLMetaElement>('meta[name="vs-visit"]')!.content) as { ticket: string };
      const token = location.pathname.split('/').pop();
      const res = await fetch('/phone/api/checkins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ticket: visit.ticket, volunteer: 'V-0001' }) });
      return { status: res.status, body: await res.json() };
    });
    expect(refused).toMatchObject({ status: 403, body: { reason: 'phone-not-linked' } });
    expect(await world.f.central.store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01', volunteerId: 'V-0001' })).toEqual([]);
    await context.close();
  });

  it('links with the card tap and the kiosk, offers no passkey without an authenticator, then checks in', async () => {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await scan(page, world);
    await linkInBrowser(page, world, 'V-0003');
    const linked = await screenText(page);
    expect(linked).toContain('王* · V-0003');
    expect(linked).toContain('kept in this browser');
    expect(await page.locator('#add-passkey').count()).toBe(0);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'vs_device')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // The linking tap checked V-0003 in; a check-in from the phone now is a duplicate, said so.
    await scan(page, world);
    await page.locator('#check-in').click();
    await expect.poll(() => screenText(page)).toMatch(/You already checked in at \d\d:\d\d/);
    const sessions = await world.f.central.store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01', volunteerId: 'V-0003' });
    expect(sessions).toHaveLength(1);
    await context.close();
  });

  it('speaks Chinese and English, and stays usable at 200 % text size', async () => {
    // axe is injected as an inline script, which the page's CSP (rightly) refuses.
    const context = await newPhoneContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    await scan(page, world);
    await page.locator('link-form').waitFor();
    await page.locator('#lang').click();
    await expect.poll(() => screenText(page)).toContain('这部手机还没有绑定');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    const button = page.getByRole('button', { name: '绑定这部手机' });
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(box!.height).toBeGreaterThanOrEqual(48);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('without JavaScript says so honestly, in both languages', async () => {
    const context = await newPhoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${world.origin}/c/${tokenAt('ST-0001', Date.now())}`);
    const text = await page.locator('body').innerText();
    expect(text).toContain('This check-in page needs JavaScript');
    expect(text).toContain('请在站点读卡器上刷卡签到');
    await context.close();
  });
});

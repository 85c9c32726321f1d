// The service certificate in Chromium through the whole central: a linked phone makes one, prints it, and its QR's verify page says genuine; axe clean.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { eventually } from '../helpers/eventually.ts';
import { linkInBrowser, newPhoneContext, scan, startPhoneWorld, type PhoneWorld } from '../helpers/phone-browser.ts';
import { CARDS, tapCard } from '../helpers/phone-rig.ts';

describe('the phone app, service certificate', () => {
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

  it('makes a certificate of the linked volunteer, printable, whose QR link verifies as genuine', async () => {
    // 48 minutes of service earlier today, then the tap that links the phone opens a new session.
    // Late in the evening in Shanghai, the 48 minutes move to 22:00 that day, clear of the 23:30 auto-close and midnight.
    const SHANGHAI = 8 * 3_600_000;
    const DAY = 86_400_000;
    let startMs = Date.now() - 60 * 60_000;
    const localDayStart = Math.floor((startMs + SHANGHAI) / DAY) * DAY - SHANGHAI;
    if (startMs + 48 * 60_000 > localDayStart + 23 * 3_600_000) startMs = localDayStart + 22 * 3_600_000;
    const inId = await tapCard(world.f, 'ST-0001', CARDS['V-0001'], startMs);
    const outId = await tapCard(world.f, 'ST-0001', CARDS['V-0001'], startMs + 48 * 60_000);
    await eventually(() => [inId, outId].every((id) => world.f.results.some((r) => r.result.id === id)), 10_000, 'both Results');
    // axe is injected as a script, which the phone page's CSP rightly refuses; the verify page is checked under its CSP below.
    const context = await newPhoneContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    await scan(page, world);
    await linkInBrowser(page, world, 'V-0001');

    // Star perks reach the phone through central's copy of R/perks.
    const perks = { v: 1, updatedAt: new Date().toISOString(), items: [{ id: 'bus', partner: { zh: '公交', en: 'City buses' }, offer: { zh: '免费乘车', en: 'Free rides' }, minStar: 2 }] };
    await world.f.publishRaw('vs/v1/perks', JSON.stringify(perks));
    await expect.poll(async () => (await page.request.get(`${world.origin}/phone/api/perks`)).json(), { timeout: 10_000 }).toEqual({ ok: true, perks });
    await page.reload();
    await expect.poll(() => page.locator('perks-list li').innerText(), { timeout: 10_000 }).toContain('★★ 2-star and above');
    expect(await page.locator('perks-list li').innerText()).toContain('City buses');

    await page.locator('#certificate-link').click();
    await page.locator('service-certificate').waitFor();
    // The service's zone decides a session's date; a range two days either side of now holds it whatever the test machine's zone.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.locator('service-certificate #from').fill(day(-2));
    await page.locator('service-certificate #to').fill(day(2));
    await page.locator('#make').click();
    const sheet = page.locator('service-certificate .sheet');
    await sheet.waitFor({ timeout: 10_000 });
    expect(await sheet.innerText()).toContain('张三丰');
    expect(await sheet.locator('#total-hours').innerText()).toBe('0.8');
    expect(await sheet.innerText()).toContain('文明旅游');
    expect(await sheet.locator('verify-qr svg').getAttribute('role')).toBe('img');
    expect(await seriousViolations(page)).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('service-certificate .controls').first().isVisible()).toBe(false);
    expect(await page.locator('phone-app header').isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const id = await sheet.locator('#certificate-id').innerText();
    const verifyUrl = await sheet.locator('.url').innerText();
    expect(verifyUrl).toBe(`${world.origin}/verify/${id}`);
    const strict = await newPhoneContext(browser);
    const verifier = await strict.newPage();
    await verifier.goto(verifyUrl);
    expect(await verifier.locator('[data-verdict]').getAttribute('data-verdict')).toBe('genuine');
    expect(await verifier.locator('main').innerText()).toContain('张三丰');
    expect(await verifier.locator('main').innerText()).not.toContain(CARDS['V-0001']);
    // The page's own style applies under its CSP (the verdict box has its border).
    expect(await verifier.locator('.verdict').evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('3px');
    await strict.close();
    const checked = await context.newPage();
    await checked.goto(verifyUrl);
    expect(await seriousViolations(checked)).toEqual([]);
    await context.close();
  });
});

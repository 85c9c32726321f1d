/**
 * "My record" (爱心存折) in Chromium at a mobile viewport, against a real central, real
 * Mosquitto and the built dist/phone: the figures, the ledger's older pages, applying
 * for a star, both languages, 200 % text, axe; an unlinked phone gets no record.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeBankRules } from '../../central/timebank/rules.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { linkInBrowser, newPhoneContext, scan, screenText, startPhoneWorld, type PhoneWorld } from '../helpers/phone-browser.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 6 };

describe('the phone passbook', () => {
  let world: PhoneWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startPhoneWorld();
    browser = await launchChromium();
    const store = world.f.central.store;
    // Eight past days of 14 hours (08:00-22:00 Shanghai) for V-0001: 112 hours, 224 points.
    for (let day = 1; day <= 8; day++) {
      const start = `2026-09-0${day}T00:00:00.000Z`;
      const end = `2026-09-0${day}T14:00:00.000Z`;
      await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0002', method: 'card', cardUid: '04A1B2C3', seq: day * 2, at: start }], rules, start);
      await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0002', method: 'card', cardUid: '04A1B2C3', seq: day * 2 + 1, at: end }], rules, end);
    }
    for (let i = 0; i < 60; i++) await store.ledger.append({ requestId: `gift-${i}`, volunteerId: 'V-0001', kind: 'adjusted', points: 1, at: '2026-10-01T00:00:00.000Z', actor: 'manager:alice', reason: `thanks ${i}` });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('an unlinked phone has no navigation and no record', async () => {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${world.origin}/phone/`);
    await expect.poll(() => screenText(page)).toContain('Scan the code on the station screen');
    expect(await page.locator('passbook-view').count()).toBe(0);
    expect(await page.locator('phone-app nav').count()).toBe(0);
    await context.close();
  });

  it('shows hours, points, the ledger and the star; applies for the star; both languages at 200 % text, axe clean', async () => {
    // axe is injected as an inline script, which the page's CSP (rightly) refuses.
    const context = await newPhoneContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    await scan(page, world);
    await linkInBrowser(page, world, 'V-0001');
    await page.locator('#nav-record').click();
    await page.locator('passbook-view #total-hours').waitFor();
    expect(await page.locator('#nav-record').getAttribute('aria-current')).toBe('page');
    const text = await screenText(page);
    expect(text).toContain('My record · 张*丰');
    expect(await page.locator('passbook-view #total-hours').innerText()).toContain('112.0 h');
    expect(await page.locator('passbook-view #balance').innerText()).toContain('284');
    expect(await page.locator('passbook-view #by-category').innerText()).toContain('Civilised tourism');
    expect(await page.locator('passbook-view #by-month').innerText()).toContain('2026-09');
    expect(await page.locator('passbook-view #recent').innerText()).toContain('Station 2');
    expect(await page.locator('passbook-view #star').innerText()).toBe('No star yet');
    expect(await page.locator('passbook-view #star-progress').innerText()).toContain('★★ 2-star volunteer: 188 h');
    expect(await page.locator('passbook-view #apply-star').innerText()).toBe('Apply for ★ 1-star volunteer');
    expect(await page.locator('passbook-view #ledger li').count()).toBe(50);
    await page.locator('passbook-view #older').click();
    await expect.poll(() => page.locator('passbook-view #ledger li').count()).toBe(68);
    expect(await page.locator('passbook-view #older').count()).toBe(0);

    await page.locator('passbook-view #apply-star').click();
    await expect.poll(() => screenText(page)).toContain('Your application for 1 stars was sent');
    expect(await page.locator('passbook-view #star-pending').innerText()).toContain('★ 1-star volunteer');
    expect(await page.locator('passbook-view #apply-star').count()).toBe(0);
    expect((await world.f.central.store.bank.listStarApplications({ volunteerId: 'V-0001' })).map((a) => [a.star, a.status])).toEqual([[1, 'pending']]);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('#lang').click();
    await expect.poll(() => screenText(page)).toContain('爱心存折');
    expect(await page.locator('passbook-view #star-pending').innerText()).toContain('★ 一星志愿者');
    expect(await page.locator('passbook-view #by-category').innerText()).toContain('文明旅游');
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    const nav = await page.locator('#nav-checkin').boundingBox();
    expect(nav!.height).toBeGreaterThanOrEqual(48);
    expect(nav!.x + nav!.width).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});

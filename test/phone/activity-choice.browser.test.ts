/**
 * Checking in for an activity in Chromium (protocol v2): a linked phone at a station with
 * activities today offers them beside general service (the default, in the station's
 * category), the chosen one goes with the check-in, and "My record" shows its category.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../shared/index.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { eventually } from '../helpers/eventually.ts';
import { linkInBrowser, newPhoneContext, scan, screenText, startPhoneWorld, type PhoneWorld } from '../helpers/phone-browser.ts';
import { CARDS, tapCard } from '../helpers/phone-rig.ts';

const MINUTE = 60_000;

/** Happening now at `stationId`, so "today" in any time zone the run lands in. */
function activityNow(id: string, stationId: string, title: { zh: string; en: string }, category: Activities['items'][number]['category']) {
  const now = Date.now();
  return {
    id,
    title,
    category,
    startsAt: new Date(now - 30 * MINUTE).toISOString(),
    endsAt: new Date(now + 60 * MINUTE).toISOString(),
    place: { zh: '活动室', en: 'Activity room' },
    organiser: { zh: '社区', en: 'Community' },
    stationId,
  };
}

describe('the phone check-in page offers today\'s activities', () => {
  let world: PhoneWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startPhoneWorld();
    browser = await launchChromium();
    const activities: Activities = {
      v: 1,
      updatedAt: new Date().toISOString(),
      siteId: 'SITE-01',
      items: [
        activityNow('homework-club', 'ST-0001', { zh: '四点半课堂', en: 'After-school homework club' }, 'education-support'),
        activityNow('river-clean-up', 'ST-0002', { zh: '河道清洁', en: 'River clean-up' }, 'environment'),
      ],
    };
    await world.f.publishRaw('vs/v1/sites/SITE-01/activities', JSON.stringify(activities));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('chooses general service by default, checks in for the chosen activity, and My record shows its category', async () => {
    // A session opened ten minutes ago: the linking tap closes it, so the phone opens the next one.
    const opened = await tapCard(world.f, 'ST-0001', CARDS['V-0002'], Date.now() - 10 * MINUTE);
    await eventually(() => world.f.results.find((r) => r.result.id === opened), 10_000, 'the earlier check-in');
    // axe is injected as an inline script, which the page's CSP (rightly) refuses.
    const context = await newPhoneContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    await scan(page, world);
    await linkInBrowser(page, world, 'V-0002');
    await eventually(async () => {
      await scan(page, world);
      return (await page.locator('activity-choice').count()) > 0;
    }, 10_000, 'the activity choice on the page');

    const text = await screenText(page);
    expect(text).toContain('What you are here for');
    expect(text).toContain('General service at this station Civilised tourism');
    expect(text).toMatch(/After-school homework club \d\d:\d\d–\d\d:\d\d · Tutoring and teaching/);
    expect(text).not.toContain('River clean-up');
    expect(await page.getByRole('radio', { name: /General service/ }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    // At 200 % text the choices wrap instead of overflowing, and each stays a full-size target.
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    const option = await page.getByText('After-school homework club').boundingBox();
    expect(option!.x + option!.width).toBeLessThanOrEqual(390);
    await page.evaluate(() => (document.documentElement.style.fontSize = ''));

    await page.getByRole('radio', { name: /After-school homework club/ }).check();
    await page.locator('#check-in').click();
    await expect.poll(() => screenText(page)).toContain('Checked in. Thank you for volunteering!');
    await page.locator('#nav-record').click();
    await expect.poll(() => page.locator('#recent li').first().innerText().catch(() => '')).toContain('Tutoring and teaching');

    await page.locator('#nav-checkin').click();
    await page.locator('#lang').click();
    await expect.poll(() => screenText(page)).toContain('本站日常服务 文明旅游');
    expect(await screenText(page)).toContain('四点半课堂');
    await context.close();
  });
});

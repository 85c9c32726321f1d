/**
 * Protocol v2 Results about untrusted times, as central publishes them: a tap refused
 * `clock-ahead`, and a check-out recorded but held for review. Both languages, since
 * the volunteer must understand why nothing was credited.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Result } from '../../shared/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';

describe('kiosk feedback for untrusted tap times', () => {
  let rig: KioskRig;
  let browser: Browser;
  let page: Page;
  const overlay = () => page.locator('tap-overlay .panel');

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

  const result = (fields: Partial<Result> & Pick<Result, 'status'>) =>
    rig.publish(rig.topics.station('ST-0001', 'results'), { v: 1, id: randomUUID(), at: new Date().toISOString(), ...fields });

  async function dismiss() {
    await overlay().click();
    await expect.poll(() => overlay().count()).toBe(0);
  }

  it('says a clock-ahead tap was not counted and whom to tell, in English and Chinese', async () => {
    await result({ status: 'rejected', reason: 'clock-ahead' });
    await expect.poll(() => overlay().textContent()).toContain("This station's clock is wrong, so the tap was not counted. Please tell the station staff.");
    expect(await overlay().getAttribute('data-tone')).toBe('bad');
    await dismiss();
    await page.getByRole('button', { name: '中文' }).click();
    await result({ status: 'rejected', reason: 'clock-ahead' });
    await expect.poll(() => overlay().textContent()).toContain('本站时钟有误，此次刷卡未计入');
    await dismiss();
    await page.getByRole('button', { name: 'EN' }).click();
  });

  it('says a check-out held for review was recorded and will be checked, not that it earned nothing for good', async () => {
    await result({ status: 'accepted', direction: 'out', sessionMinutes: 0, pointsEarned: 0, reviewReason: 'clock-behind', volunteer: { displayName: '张*丰', minutesToday: 0, points: 0 } });
    await expect.poll(() => overlay().textContent()).toContain('Checked out');
    expect(await overlay().textContent()).toContain('Recorded. Staff will check the time before it counts.');
    await dismiss();
    await result({ status: 'accepted', direction: 'in', volunteer: { displayName: '张*丰', minutesToday: 0, points: 0 } });
    await expect.poll(() => overlay().textContent()).toContain('Checked in');
    expect(await overlay().textContent()).not.toContain('Staff will check');
    await dismiss();
  });
});

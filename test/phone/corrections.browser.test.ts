/**
 * A volunteer asks for a correction from a linked phone in Chromium (built dist/phone,
 * real central, Mosquitto and SQLite), sees it waiting, and after a manager credits it
 * sees the outcome with the reason, the minutes and the points. Axe finds nothing serious.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rulesFromConfig } from '../../central/timebank/rules.ts';
import { loadCentralConfig } from '../../central/config.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { linkInBrowser, newPhoneContext, scan, screenText, startPhoneWorld, type PhoneWorld } from '../helpers/phone-browser.ts';

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

/** `datetime-local` value for yesterday at `hh:00` in this machine's zone (the browser's too). */
function yesterdayAt(hour: number): string {
  const d = new Date(Date.now() - 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

it('asks for a missed session from the phone, and sees the manager’s decision', async () => {
  const context = await newPhoneContext(browser, { bypassCSP: true });
  const page = await context.newPage();
  await scan(page, world);
  await linkInBrowser(page, world, 'V-0002');
  // The requests live in "My record", beside the pending reservations, and only there.
  expect(await page.locator('correction-panel').count()).toBe(0);
  await page.locator('#nav-record').click();
  const panel = page.locator('passbook-view correction-panel');
  await expect.poll(() => page.locator('passbook-view pending-reservations h2').innerText()).toBe('Reservations to collect');
  await expect.poll(() => screenText(page)).toContain('No correction requests yet.');

  await panel.getByLabel('A session was not recorded').check();
  await panel.getByRole('button', { name: 'Send request' }).click();
  await expect.poll(() => panel.getByRole('alert').innerText()).toBe('Enter the times.');
  await panel.getByLabel('Station').selectOption('ST-0002');
  await panel.getByLabel('Start time').fill(yesterdayAt(9));
  await panel.getByLabel('Real end time').fill(yesterdayAt(11));
  await panel.getByLabel('Note (optional)').fill('forgot my card');
  await panel.getByRole('button', { name: 'Send request' }).click();
  await expect.poll(() => panel.getByRole('status').innerText().catch(() => '')).toContain('the site staff will review it');
  await expect.poll(() => screenText(page)).toContain('Waiting for review');
  expect(await seriousViolations(page)).toEqual([]);

  const [asked] = await world.f.central.store.reviews.correctionsOf('V-0002');
  expect(asked).toMatchObject({ kind: 'missing-session', stationId: 'ST-0002', note: 'forgot my card', state: 'pending', requestedBy: 'phone' });
  const rules = rulesFromConfig(loadCentralConfig(world.f.configFile, {}).config);
  const decided = await world.f.central.store.reviews.decide(
    { requestId: crypto.randomUUID(), itemId: `correction:${asked!.id}`, outcome: 'credit', reason: 'on the sign-in sheet', actor: 'manager:alice', at: new Date().toISOString() },
    rules,
  );
  expect(decided.ok).toBe(true);

  await page.goto(`${world.origin}/phone/`);
  await page.locator('#nav-record').click();
  await expect.poll(() => screenText(page)).toContain('✓ Credited — 120 min, 4 points');
  expect(await screenText(page)).toContain('Reason: on the sign-in sheet');
  await page.locator('#lang').click();
  await expect.poll(() => screenText(page)).toContain('✓ 已计入 — 120 分钟，4 积分');
  await context.close();
});

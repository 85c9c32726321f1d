/**
 * The console's Volunteers view in Chromium against a real central (Mosquitto, SQLite),
 * served with the manager API on its own origin (the demo web server's /api/ proxy): a
 * manager looks a volunteer up (masked name, balance, star, hours), adjusts +5 with a
 * reason, and sees the balance and the ledger entry; a double click and a retry after a
 * lost reply count once; a reversal undoes an entry; a star application is approved.
 * Axe is clean in both languages. A site-staff account sees the server's 403 on adjust.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import { hashManagerPassword } from '../../central/managers/manager-password.ts';
import { MANAGER } from '../helpers/central-fixture.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { eventually } from '../helpers/eventually.ts';

const CLOCK = Date.parse('2026-11-29T06:00:00.000Z');
const STAFF = { name: 'staff-1', password: 'staff password' };

const w = useConsoleOnCentral({
  central: {
    deps: { now: () => new Date(CLOCK) },
    configOverrides: {
      managers: { [MANAGER.name]: hashManagerPassword(MANAGER.password), [STAFF.name]: hashManagerPassword(STAFF.password) },
      managerRoles: { [STAFF.name]: { role: 'site-staff', sites: ['SITE-01'] } },
      stars: { thresholdsHours: [1, 2, 3, 4, 5] },
    },
  },
  seed: async ({ f }) => {
    // V-0001 serves 95 minutes: 3 points, enough hours for ★ on this test's ladder.
    for (const [seq, at] of [[1, '2026-11-29T02:00:00.000Z'], [2, '2026-11-29T03:35:00.000Z']] as const) {
      const sent = await f.publishCheckIn({ seq, at });
      await eventually(() => f.results.find((r) => r.result.id === sent.id), 10_000, 'Result');
    }
    expect((await f.central.store.bank.applyForStar({ id: 'app-0001', volunteerId: 'V-0001', star: 1, at: new Date(CLOCK).toISOString() })).ok).toBe(true);
  },
});

async function openVolunteers(page: Page, account?: { name: string; password: string }): Promise<void> {
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  await page.goto(w.web.url);
  if (account) {
    await page.getByLabel('Manager username').fill(account.name);
    await page.getByLabel('Password').fill(account.password);
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Volunteers' }).click();
  await page.locator('vs-volunteers-view').waitFor();
}

async function lookUp(page: Page, id: string): Promise<void> {
  await page.getByLabel('Volunteer number').fill(id);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.locator(`[data-volunteer="${id}"]`).waitFor({ timeout: 10_000 });
}

const entryCount = async () => (await w.f.central.store.ledger.entries('V-0001', { limit: 100 })).entries.length;

it('a manager looks a volunteer up, adjusts with a reason once, reverses, and approves a star', async () => {
  const context = await w.browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  await openVolunteers(page);
  const view = page.locator('vs-volunteers-view');
  await lookUp(page, 'V-0001');
  expect(await page.locator('#record-title').innerText()).toBe('张*丰 (V-0001)');
  expect(await page.locator('#balance').innerText()).toBe('3 points');
  expect(await page.locator('#star').innerText()).toBe('No star yet');
  expect(await page.locator('#hours').innerText()).toBe('1.6 h');
  expect(await view.innerText()).not.toContain('张三丰');
  expect(await page.locator('[data-entry]').count()).toBe(1);

  // No reason, no adjustment.
  await page.getByLabel('Points (+ or −)').fill('5');
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect.poll(() => page.locator('[data-adjust-error]').innerText()).toContain('Give a reason');
  expect(await entryCount()).toBe(1);

  // A double click is one adjustment.
  await page.getByLabel('Reason (required)').fill('Helped at the flood drill');
  await page.getByRole('button', { name: 'Save adjustment' }).dblclick();
  await expect.poll(() => page.locator('[data-notice]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Saved. The balance is now 8 points.');
  await expect.poll(() => page.locator('#balance').innerText()).toBe('8 points');
  expect(await w.f.central.store.ledger.balance('V-0001')).toBe(8);
  expect(await entryCount()).toBe(2);
  const top = page.locator('[data-entry]').first();
  expect(await top.innerText()).toContain('Adjusted');
  expect(await top.innerText()).toContain('+5');
  expect(await top.innerText()).toContain(`manager:${MANAGER.name} — Helped at the flood drill`);

  // The reply to the next adjustment is lost after central wrote it; sending again is the same write.
  let dropped = false;
  await page.route('**/api/bank/volunteers/V-0001/adjustments', async (route) => {
    if (dropped) return route.fallback();
    dropped = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByLabel('Points (+ or −)').fill('-2');
  await page.getByLabel('Reason (required)').fill('Counted the drill twice');
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect.poll(() => page.locator('[data-adjust-error]').innerText().catch(() => '')).toContain('cannot be reached');
  expect(await w.f.central.store.ledger.balance('V-0001')).toBe(6);
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect.poll(() => page.locator('[data-notice]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Saved. The balance is now 6 points.');
  expect(await w.f.central.store.ledger.balance('V-0001')).toBe(6);
  expect(await entryCount()).toBe(3);

  // Reverse the -2 with a reason.
  const adjustment = (await w.f.central.store.ledger.entries('V-0001', { limit: 1 })).entries[0]!;
  await page.getByRole('button', { name: `Reverse entry ${adjustment.id}` }).click();
  await page.getByRole('button', { name: 'Confirm reversal' }).click();
  await expect.poll(() => page.locator('[data-reverse-error]').innerText()).toContain('Give a reason');
  await page.getByLabel('Reason for the reversal (required)').fill('It was not counted twice');
  await page.getByRole('button', { name: 'Confirm reversal' }).click();
  await expect.poll(() => page.locator('[data-notice]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Reversed. The balance is now 8 points.');
  expect(await page.locator('[data-entry]').first().innerText()).toContain(`Reversal of entry ${adjustment.id}`);
  expect(await page.getByRole('button', { name: `Reverse entry ${adjustment.id}` }).count()).toBe(0);

  // The pending star application: approve it with a reason.
  const application = page.locator('[data-application="app-0001"]');
  await application.waitFor();
  expect(await application.innerText()).toContain('张*丰');
  expect(await application.innerText()).toContain('★ 1-star volunteer');
  expect(await seriousViolations(page)).toEqual([]);
  await application.getByLabel('Reason for 张*丰').fill('Hours checked against the sign-in sheets');
  await application.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => page.locator('[data-decision-notice]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Approved: 张*丰 is now ★ 1-star volunteer.');
  await expect.poll(() => page.locator('[data-application]').count()).toBe(0);
  await expect.poll(() => page.locator('#star').innerText()).toBe('★ 1-star volunteer');
  expect((await w.f.central.store.bank.awardedStar('V-0001'))?.star).toBe(1);

  // The same view in Chinese, axe clean there too.
  await page.locator('[data-locale-switch="zh-CN"]').click();
  await expect.poll(() => page.locator('vs-volunteers-view h2').innerText()).toBe('志愿者');
  expect(await page.locator('#balance').innerText()).toBe('8 积分');
  expect(await page.locator('#star').innerText()).toBe('★ 1星志愿者');
  expect(await page.locator('[data-entry]').nth(2).innerText()).toContain('人工调整');
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

it("a site-staff account reads the record but sees the server's refusal when it adjusts", async () => {
  const context = await w.browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  await openVolunteers(page, STAFF);
  await lookUp(page, 'V-0002');
  const before = await w.f.central.store.ledger.balance('V-0002');
  await page.getByLabel('Points (+ or −)').fill('5');
  await page.getByLabel('Reason (required)').fill('Helped at the desk');
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect.poll(() => page.locator('[data-adjust-error]').innerText().catch(() => ''), { timeout: 10_000 }).toBe('The account "staff-1" is site staff; this needs a city manager.');
  expect(await w.f.central.store.ledger.balance('V-0002')).toBe(before);
  await context.close();
});

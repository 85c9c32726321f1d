/**
 * The console's Reviews view in Chromium, end to end: a real central (Mosquitto, SQLite)
 * holds a session auto-closed at the cutoff; the console, served with the manager API on
 * its own origin (the demo web server's /api/ proxy), shows it with the masked name; the
 * manager credits it with the real end time and a reason; the volunteer's balance changes
 * and the audit trail shows old -> new.
 */
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import { MANAGER } from '../helpers/central-fixture.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { eventually } from '../helpers/eventually.ts';
import { rulesFromConfig } from '../../central/timebank/rules.ts';
import { loadCentralConfig } from '../../central/config.ts';

/** 09:00:05 in Shanghai; nobody checks out, and the 23:30 cutoff closes the session. */
const TAP_MS = Date.parse('2026-11-29T01:00:05.000Z');
let clockMs = TAP_MS;
let sessionId: string;

const w = useConsoleOnCentral({
  central: { deps: { now: () => new Date(clockMs) } },
  seed: async ({ f }) => {
    const tap = await f.publishCheckIn({ seq: 1, at: new Date(TAP_MS).toISOString() });
    await eventually(() => f.results.find((r) => r.result.id === tap.id), 10_000, 'the Result of the tap');
    clockMs = Date.parse('2026-11-30T01:00:00.000Z');
    expect(await f.central.store.autoCloseDueSessions(rulesFromConfig(loadCentralConfig(f.configFile, {}).config), clockMs)).toBe(1);
    sessionId = (await f.central.store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' }))[0]!.id;
  },
});

it('a manager credits a pending review with a reason; the balance changes and the audit shows old -> new', async () => {
  const { context, page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Reviews' }).click();

  const row = page.locator(`[data-review-item="session:${sessionId}"]`);
  await row.waitFor({ timeout: 10_000 });
  expect(await row.innerText()).toContain('张*丰');
  expect(await row.innerText()).toContain('Still open at the daily cutoff');
  expect(await page.locator('vs-reviews-view').innerText()).not.toContain('张三丰');
  await row.getByRole('button', { name: 'Review' }).click();

  const detail = page.locator('[data-review-detail]');
  await detail.waitFor();
  await page.getByLabel('Real end time').fill('2026-11-29T03:00');
  await page.getByRole('button', { name: 'Save decision' }).click();
  // No reason, no decision: the form says so and nothing is credited.
  await expect.poll(() => detail.getByRole('alert').innerText()).toContain('Give a reason');
  expect(await w.f.central.store.ledger.balance('V-0001')).toBe(0);

  await page.getByLabel('Reason (required)').fill('Sign-in sheet: left at 11:00');
  await page.getByRole('button', { name: 'Save decision' }).click();
  await expect.poll(() => detail.getByRole('status').innerText().catch(() => ''), { timeout: 10_000 }).toBe('Credited. 张*丰 now has 3 points.');
  expect(await w.f.central.store.ledger.balance('V-0001')).toBe(3);

  const trail = page.locator('[data-review-trail] li');
  await expect.poll(() => trail.count()).toBe(2);
  expect(await trail.nth(0).innerText()).toContain('held for review (auto-cutoff)');
  expect(await trail.nth(1).innerText()).toBe(
    `2026-11-30 01:00 manager:${MANAGER.name} credited: ends 2026-11-29 15:30, 869 min, 0 points → ends 2026-11-29 03:00, 119 min, 3 points. Reason: Sign-in sheet: left at 11:00`,
  );
  // The queue no longer shows it as pending.
  await expect.poll(() => page.locator(`[data-review-item="session:${sessionId}"]`).count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
  // The view speaks Chinese too, and keeps the decision in the trail.
  await page.locator('[data-locale-switch="zh-CN"]').click();
  await expect.poll(() => page.locator('vs-reviews-view h2').innerText()).toBe('审核');
  await page.getByRole('combobox', { name: '状态' }).selectOption('credited');
  await expect.poll(() => page.locator(`[data-review-item="session:${sessionId}"]`).innerText().catch(() => '')).toContain('已计入');
  expect(await trail.nth(1).innerText()).toContain('计入：结束 2026-11-29 15:30，869 分钟，0 积分 → 结束 2026-11-29 03:00，119 分钟，3 积分。理由：Sign-in sheet: left at 11:00');
  await context.close();
});

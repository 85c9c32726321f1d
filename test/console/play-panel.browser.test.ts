/**
 * The console's proof-of-play panel in Chromium against a real central (Mosquitto, SQLite):
 * opened from a kiosk's row in the Uptime view, the last 24 h by hour with each screen,
 * its content versions and minutes, in English and in Chinese. Axe clean.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { signInToConsole } from '../helpers/console-harness.ts';

const NOW = Date.parse('2026-12-02T04:30:00.000Z');
const H = 3_600_000;
const M = 60_000;

const w = useConsoleOnCentral({
  central: { deps: { now: () => new Date(NOW) } },
  seed: async ({ f }) => {
    const base = { kioskId: 'K-0001', stationId: 'ST-0001', siteId: 'SITE-01', receivedAtMs: NOW };
    await f.central.store.play.recordHour({
      ...base,
      hourMs: Date.parse('2026-12-02T03:00:00.000Z'),
      entries: [
        { screen: 'home', appVersion: '1.4.0', activitiesUpdatedAt: '2026-12-01T08:00:00.000Z', durationMs: 45 * M },
        { screen: 'tap', appVersion: '1.4.0', activitiesUpdatedAt: '2026-12-01T08:00:00.000Z', durationMs: 15 * M },
      ],
    });
    await f.central.store.play.recordHour({ ...base, hourMs: Date.parse('2026-12-02T02:00:00.000Z'), entries: [{ screen: 'sleeping', appVersion: '1.4.0', durationMs: H }] });
  },
});

async function openUptime(): Promise<Page> {
  const { page } = await signInToConsole(w.browser, w.web.url);
  await page.getByRole('button', { name: 'Uptime' }).click();
  return page;
}

it('opens a kiosk\'s last 24 h by hour, newest first, with screens, versions and minutes, in both languages', async () => {
  const page = await openUptime();
  await page.locator('tr[data-device="K-0001"]').getByRole('button', { name: 'Proof of play' }).click();
  const panel = page.locator('tr[data-play="K-0001"] vs-play-panel');
  await panel.locator('tr[data-hour]').first().waitFor({ timeout: 10_000 });
  expect(await panel.locator('tbody th').allInnerTexts()).toEqual([expect.stringContaining('03:00–04:00'), expect.stringContaining('02:00–03:00')]);
  const newest = panel.locator('tr[data-hour="2026-12-02T03:00:00.000Z"] li');
  expect(await newest.allInnerTexts()).toEqual(['Home (check-in QR) 45.0 min (app 1.4.0, activities of 2026-12-01 08:00)', 'Tap result 15.0 min (app 1.4.0, activities of 2026-12-01 08:00)']);
  expect(await panel.locator('tr[data-hour="2026-12-02T02:00:00.000Z"] li').allInnerTexts()).toEqual(['Sleeping 60.0 min (app 1.4.0)']);
  // A kiosk with no reports says so, and when they come.
  await page.locator('tr[data-device="K-0002"]').getByRole('button', { name: 'Proof of play' }).click();
  await page.locator('tr[data-play="K-0002"]').getByText('No reports from this kiosk in the last 24 hours').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Fleet' }).click();
  await page.locator('[data-locale-switch="zh-CN"]').click();
  await page.getByRole('button', { name: '在线率' }).click();
  await page.locator('tr[data-device="K-0001"]').getByRole('button', { name: '播放记录' }).click();
  await panel.locator('tr[data-hour]').first().waitFor({ timeout: 10_000 });
  expect(await panel.locator('tr[data-hour="2026-12-02T03:00:00.000Z"] li').first().innerText()).toBe('首页（签到二维码） 45.0 分钟 (程序 1.4.0, 活动版本 2026-12-01 08:00)');
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

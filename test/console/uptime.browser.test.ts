/**
 * The console's Uptime view in Chromium against a real central (Mosquitto, SQLite) with a
 * scripted uptime history: per-site and per-device availability for 7 and 30 days, a 24 h
 * bar whose states are also written out (sleeping apart from offline), and the CSV
 * download, in English and in Chinese. Axe clean.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import type { UptimeTransition } from '../../central/store/uptime-store.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { signInToConsole } from '../helpers/console-harness.ts';

const NOW = Date.parse('2026-12-02T04:00:00.000Z');
const H = 3_600_000;
const row = (deviceId: string, state: UptimeTransition['state'], hoursAgo: number): UptimeTransition => ({ deviceKind: 'station', deviceId, siteId: 'SITE-01', state, atMs: NOW - hoursAgo * H });

const w = useConsoleOnCentral({
  central: { deps: { now: () => new Date(NOW) } },
  // ST-0001: 3 h offline two days ago. ST-0002: first seen a day ago, slept 10 h, 1 h offline.
  seed: async ({ f }) => {
    for (const t of [row('ST-0001', 'online', 240), row('ST-0001', 'offline', 50), row('ST-0001', 'online', 47), row('ST-0002', 'online', 24), row('ST-0002', 'sleeping', 20), row('ST-0002', 'online', 10), row('ST-0002', 'offline', 3), row('ST-0002', 'online', 2)]) {
      await f.central.store.uptime.recordTransition(t);
    }
  },
});

async function openUptime(): Promise<Page> {
  const { page } = await signInToConsole(w.browser, w.web.url);
  return page;
}

it('shows each site and device for 7 and 30 days, the last 24 h in words, and the CSV', async () => {
  const page = await openUptime();
  await page.getByRole('button', { name: 'Uptime' }).click();
  const st1 = page.locator('tr[data-device="ST-0001"]');
  await st1.waitFor({ timeout: 10_000 });
  const cells = async (locator: ReturnType<Page['locator']>) => (await locator.locator('th, td').allInnerTexts()).slice(0, 3);
  expect(await cells(st1)).toEqual(['Station ST-0001', '98.21 %', '98.75 %']);
  // 13 h up of 14 judged: the 10 h asleep are left out, the 1 h offline is not.
  expect(await cells(page.locator('tr[data-device="ST-0002"]'))).toEqual(['Station ST-0002', '92.86 %', '92.86 %']);
  // 165 + 13 h up, 3 + 1 h down.
  expect(await cells(page.locator('[data-site="SITE-01"] tr.total'))).toEqual(['Site total', '97.80 %', '98.43 %']);
  // A kiosk never heard from has no figure.
  expect(await cells(page.locator('tr[data-device="K-0001"]'))).toEqual(['Kiosk K-0001', 'No data', 'No data']);
  const timeline = page.locator('tr[data-device="ST-0002"] vs-uptime-timeline');
  expect(await timeline.locator('li').allInnerTexts()).toEqual(['Sleeping (schedule) 08:00–18:00', 'Offline 01:00–02:00']);
  expect(await page.locator('tr[data-device="ST-0001"] vs-uptime-timeline p').innerText()).toBe('Online 24 h');
  expect(await timeline.locator('.bar span').evaluateAll((spans) => spans.map((s) => s.className))).toEqual(['online', 'sleeping', 'online', 'offline', 'online']);

  const csv = page.getByRole('link', { name: 'Download CSV' });
  expect(await csv.getAttribute('download')).toBe('uptime-2026-12-02.csv');
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  const stream = await download.createReadStream();
  let text = '';
  for await (const chunk of stream) text += (chunk as Buffer).toString('utf8');
  expect(text).toContain('SITE-01,station,ST-0001,ST-0001,7d,98.214,594000,10800,0,0');
  expect(await seriousViolations(page)).toEqual([]);

  // The same in Chinese, the states still in words.
  await page.getByRole('button', { name: 'Fleet' }).click();
  await page.locator('[data-locale-switch="zh-CN"]').click();
  await page.getByRole('button', { name: '在线率' }).click();
  await page.locator('tr[data-device="ST-0002"]').waitFor();
  expect(await cells(page.locator('tr[data-device="ST-0001"]'))).toEqual(['站点机 ST-0001', '98.21 %', '98.75 %']);
  expect(await cells(page.locator('[data-site="SITE-01"] tr.total'))).toEqual(['站点合计', '97.80 %', '98.43 %']);
  expect(await cells(page.locator('tr[data-device="K-0001"]'))).toEqual(['终端 K-0001', '无数据', '无数据']);
  expect(await page.locator('tr[data-device="ST-0002"] vs-uptime-timeline li').allInnerTexts()).toEqual(['按时休眠 08:00–18:00', '离线 01:00–02:00']);
  await page.getByRole('link', { name: '下载 CSV' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

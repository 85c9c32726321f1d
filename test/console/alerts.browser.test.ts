/**
 * The console's Alerts view in Chromium against a real central (Mosquitto, SQLite) whose
 * clock is injected: a station goes offline, central opens the episode after the
 * threshold, it appears under open alerts with its duration, a manager acknowledges it
 * from the page with a note, and the history keeps who and when after it closes; in
 * English and in Chinese. Axe clean.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import { topicsFor } from '../../shared/index.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { signInToConsole } from '../helpers/console-harness.ts';
import { eventually } from '../helpers/eventually.ts';

const T0 = Date.parse('2026-12-02T09:00:00.000Z');
const statusTopic = topicsFor('vs/v1').station('ST-0001', 'status');
let clockMs = T0;

const status = (state: 'online' | 'offline') =>
  JSON.stringify(state === 'online' ? { v: 1, state, at: new Date(clockMs).toISOString(), siteId: 'SITE-01', reader: { driver: 'simulated', state: 'connected' } } : { v: 1, state, reason: 'lost' });

const w = useConsoleOnCentral({
  central: {
    configOverrides: { alerts: { offlineAfterSeconds: 120, webhooks: [] } },
    deps: { now: () => new Date(clockMs), alerts: { evaluateEveryMs: 50 } },
  },
});

async function signIn(): Promise<Page> {
  const { page } = await signInToConsole(w.browser, w.web.url);
  return page;
}

it('shows an episode central opened, acknowledges it from the page, and the history keeps who and when', async () => {
  await w.f.publishRaw(statusTopic, status('online'));
  await w.f.publishRaw(statusTopic, status('offline'));
  // Held until the threshold: then the clock moves past it.
  await eventually(() => w.f.logLines().some((line) => line.msg === 'alert conditions evaluated' && line.pending === 1), 10_000, 'central to see the station offline');
  clockMs = T0 + 121_000;
  const [opened] = await eventually(async () => {
    const open = await w.f.central.store.alerts.listOpenEpisodes();
    return open.length > 0 && open;
  }, 10_000, 'central to open the episode');
  expect(opened).toMatchObject({ alert: 'station-offline', deviceId: 'ST-0001', siteId: 'SITE-01' });
  clockMs = T0 + 10 * 60_000;

  const page = await signIn();
  await page.getByRole('button', { name: 'Alerts' }).click();
  const openRow = page.locator('section[aria-labelledby="alerts-open"] tr[data-device="ST-0001"]');
  await openRow.waitFor({ timeout: 10_000 });
  const cells = async (row: ReturnType<Page['locator']>) => (await row.locator('th, td').allInnerTexts()).slice(0, 5);
  expect(await cells(openRow)).toEqual(['Station offline', 'Station ST-0001', 'SITE-01', '09:00:00', '10 min']);
  const historyRow = page.locator('section[aria-labelledby="alerts-history"] tr[data-device="ST-0001"]');
  expect(await historyRow.locator('td').last().innerText()).toBe('Not acknowledged');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('textbox', { name: 'Note for Station offline, ST-0001 (optional)' }).fill('Power cut at the library');
  clockMs = T0 + 11 * 60_000;
  await page.getByRole('button', { name: 'Acknowledge Station offline, ST-0001' }).click();
  await openRow.locator('.acked').waitFor();
  expect(await openRow.locator('td').last().innerText()).toBe('Acknowledged by alice at 09:11:00\nPower cut at the library');
  expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
  const [stored] = await w.f.central.store.alerts.listEpisodes({ state: 'open', limit: 10 });
  expect(stored?.ack).toEqual({ by: 'alice', at: new Date(T0 + 11 * 60_000).toISOString(), note: 'Power cut at the library' });

  // Back online: central closes it; the history keeps the ack.
  clockMs = T0 + 20 * 60_000;
  await w.f.publishRaw(statusTopic, status('online'));
  await eventually(async () => (await w.f.central.store.alerts.listOpenEpisodes()).length === 0, 10_000, 'central to close the episode');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByText('No open alerts.').waitFor();
  expect(await historyRow.locator('th, td').allInnerTexts()).toEqual(['Station offline', 'Station ST-0001', 'SITE-01', '09:00:00', '09:20:00', 'Acknowledged by alice at 09:11:00\nPower cut at the library']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download history (CSV)' }).click()]);
  let csv = '';
  for await (const chunk of await download.createReadStream()) csv += (chunk as Buffer).toString('utf8');
  expect(csv).toContain(',station-offline,station,ST-0001,ST-0001,SITE-01,2026-12-02T09:00:00.000Z,');
  expect(csv).toContain(',alice,2026-12-02T09:11:00.000Z,Power cut at the library');

  // The same in Chinese.
  await page.getByRole('button', { name: 'Fleet' }).click();
  await page.locator('[data-locale-switch="zh-CN"]').click();
  await page.getByRole('button', { name: '告警', exact: true }).click();
  await page.getByText('当前没有告警。').waitFor();
  expect(await historyRow.locator('th, td').allInnerTexts()).toEqual(['站点机离线', '站点机 ST-0001', 'SITE-01', '09:00:00', '09:20:00', 'alice 已于 09:11:00 确认\nPower cut at the library']);
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

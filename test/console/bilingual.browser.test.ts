/**
 * The console opens in zh-CN by default (site managers in Zibo read Chinese first),
 * switches to English without a reload, remembers the choice, and stays accessible in zh.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { topicsFor } from '../../shared/index.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { connectClient, onlineKioskStatus, onlineStationStatus, openConsole, publishRetained, startConsoleWorld, uniqueTopicRoot, type ConsoleWorld } from '../helpers/console-harness.ts';

let world: ConsoleWorld;
let publisher: MqttClient;

beforeAll(async () => {
  world = await startConsoleWorld();
  publisher = await connectClient(world.broker.url);
});

afterAll(async () => {
  await publisher?.endAsync();
  await world?.close();
});

it('shows Chinese by default, switches to English without reload and remembers it', async () => {
  const root = uniqueTopicRoot();
  const topics = topicsFor(root);
  await publishRetained(publisher, topics.station('ST-0001', 'status'), onlineStationStatus());
  await publishRetained(publisher, topics.kioskStatus('K-0001'), onlineKioskStatus('ST-0001'));
  await publishRetained(publisher, topics.station('ST-0002', 'status'), { v: 1, state: 'offline', reason: 'lost' });
  const config = { brokerUrl: world.broker.wsUrl, topicRoot: root, demoLogin: { username: 'manager', password: 'x' } };
  const page = await openConsole(world, config, { signIn: false, keepDefaultLocale: true });

  // Login form in zh-CN, with the language switch.
  await page.getByRole('button', { name: '登录' }).waitFor();
  expect(await page.locator('h1').innerText()).toBe('设备管理控制台');
  expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['zh-CN', '设备管理控制台 · 志愿服务站点']);
  expect(await page.locator('[data-locale-switch="zh-CN"]').getAttribute('aria-pressed')).toBe('true');
  expect(await page.getByLabel('管理员用户名').inputValue()).toBe('manager');
  expect(await seriousViolations(page)).toEqual([]);

  // Fleet list in zh-CN: toolbar, badges, the offline alert.
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
  const offlineAlert = page.locator('[data-station-row="ST-0002"] [data-alert="station-offline"]');
  await expect.poll(() => offlineAlert.innerText().catch(() => ''), { timeout: 15_000 }).toBe('站点离线（本控制台连接前已离线）');
  expect(await page.locator('[data-connection]').innerText()).toBe('● 实时');
  expect(await page.locator('[data-station-count]').innerText()).toBe('2 个站点');
  expect(await page.locator('[data-station-row="ST-0002"] [data-state]').first().innerText()).toBe('离线');
  await expect.poll(() => page.locator('[data-station-row="ST-0001"]').innerText().catch(() => '')).toMatch(/(刚刚|\d+ 秒前)在线/);
  expect(await page.locator('nav.views').innerText()).toMatch(/设备\s+在线率\s+告警\s+审核\s+统计报表\s+志愿者\s+兑换台/);
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator('[data-station-row="ST-0001"] [data-command="announce"]').click();
  await page.getByLabel('通知内容（英文）').waitFor();
  expect(await page.locator('vs-command-dialog dialog').innerText()).toContain('向站点 ST-0001 发送发布通知？');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: '取消' }).click();

  // Switch to English: the same document (no reload) re-renders everything, alerts included.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await page.locator('[data-locale-switch="en"]').click();
  await expect.poll(() => page.locator('h1').innerText()).toBe('Fleet console');
  expect(await offlineAlert.innerText()).toBe('Station offline since before this console connected');
  expect(await page.locator('[data-connection]').innerText()).toBe('● Live');
  expect(await page.locator('[data-station-count]').innerText()).toBe('2 stations');
  expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  expect(await page.locator('nav.views').innerText()).toMatch(/Fleet\s+Uptime\s+Alerts\s+Reviews\s+Reports\s+Volunteers\s+Redemption desk/);
  expect(await page.evaluate(() => [document.documentElement.lang, (window as unknown as { notReloaded?: boolean }).notReloaded])).toEqual(['en', true]);

  // The choice outlives a reload, over the config's zh-CN default.
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await page.locator('h1').innerText()).toBe('Fleet console');
  await page.context().close();
});

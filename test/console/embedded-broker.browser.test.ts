/**
 * The console on the embedded aedes broker of `npm start` (MQTT 3.1.1 over
 * WebSocket, with logins): protocol v1 must work there as on Mosquitto.
 */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker, type InProcessMessage } from '../../demo/broker/broker.ts';
import { CommandSchema, parseJson, topicsFor } from '../../shared/index.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { buildConsole } from '../helpers/build-console.ts';
import { connectClient, onlineStationStatus, openConsole, publishRetained } from '../helpers/console-harness.ts';

const topics = topicsFor('vs/v1');
let broker: EmbeddedBroker;
let server: StaticServer;
let browser: Browser;
let builtDir: string | undefined;

beforeAll(async () => {
  const built = await buildConsole();
  builtDir = built.dir;
  broker = await startEmbeddedBroker({ port: 0, wsPort: 0, users: { manager: 'manager-pw', 'ST-0001': 'agent-pw' } });
  server = await startStaticServer({ root: built.dir, mounts: { '/': {} } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await broker?.close();
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
});

it('signs in, shows a Last Will and sends a command through the embedded broker', async () => {
  const statusTopic = topics.station('ST-0001', 'status');
  const agent = await connectClient(broker.url, {
    username: 'ST-0001',
    password: 'agent-pw',
    will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', reason: 'lost' })), qos: 1, retain: true },
  });
  await publishRetained(agent, statusTopic, onlineStationStatus());
  const commands: InProcessMessage[] = [];
  await broker.subscribe(topics.allStations('cmd'), (message) => commands.push(message));

  const page = await openConsole({ server, browser }, { brokerUrl: broker.wsUrl, topicRoot: 'vs/v1', demoLogin: { username: 'manager', password: 'wrong' } }, { signIn: false });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('[data-login-error]').innerText().catch(() => ''), { timeout: 15_000 }).toBe('The broker refused this username or password.');
  await page.getByLabel('Password').fill('manager-pw');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const badge = page.locator('[data-station-row="ST-0001"] [data-state]').first();
  await expect.poll(() => badge.getAttribute('data-state').catch(() => null), { timeout: 15_000 }).toBe('online');
  await page.locator('[data-station-row="ST-0001"] [data-command="reload"]').click();
  await page.locator('[data-confirm]').click();
  await expect.poll(() => commands.length).toBe(1);
  const command = parseJson(CommandSchema, commands[0]!.payload);
  expect(command.ok && command.value.cmd).toBe('reload');

  agent.stream.destroy();
  await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
  agent.end(true);
  await page.context().close();
});

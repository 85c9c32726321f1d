/** axe-core finds no serious or critical violations on the console's login page, fleet list and command dialog. */
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

it('has no serious accessibility violations on login, list and dialog', async () => {
  const root = uniqueTopicRoot();
  const topics = topicsFor(root);
  await publishRetained(publisher, topics.station('ST-0001', 'status'), onlineStationStatus({ reader: { driver: 'simulated', state: 'disconnected' } }));
  await publishRetained(publisher, topics.kioskStatus('K-0001'), onlineKioskStatus('ST-0001'));
  await publishRetained(publisher, topics.station('ST-0002', 'status'), { v: 1, state: 'offline', reason: 'lost' });
  const config = { brokerUrl: world.broker.wsUrl, topicRoot: root, demoLogin: { username: 'manager', password: 'x' }, demoCards: [{ label: 'Demo', uid: '0A1B2C3D4E' }] };

  const page = await openConsole(world, config, { signIn: false });
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-station-row="ST-0002"]').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator('[data-station-row="ST-0001"] [data-command="announce"]').click();
  await page.getByLabel('Announcement (English)').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

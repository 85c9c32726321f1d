/**
 * The console against the project's own broker accounts and ACL (made by the real
 * provisioning CLI): a manager reads every status and sends commands. Managers may
 * not read results, so "last check-in" comes from the reader's `lastReadAt`.
 * (Mosquitto 2.0 grants a denied wildcard subscription and filters at delivery, so
 * a wrong account is not refused at sign-in; it just sees nothing.)
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommandSchema, parseJson, topicsFor } from '../../shared/index.ts';
import { connectAs, Inbox, managerCredentials, OBSERVER, provisionOk, stationCredentials, tempDir, withObserver, type Credentials } from '../helpers/broker-harness.ts';
import { iso, onlineKioskStatus, onlineStationStatus, openConsole, publishRetained, startConsoleWorld, type ConsoleWorld } from '../helpers/console-harness.ts';

const topics = topicsFor('vs/v1');
let world: ConsoleWorld;
let manager: Credentials;
const clients: MqttClient[] = [];

beforeAll(async () => {
  const out = tempDir('console-provision-');
  provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--kiosk', 'K-0001', '--reader', 'simulated', '--out', out);
  provisionOk('manager', 'alice', '--out', out);
  manager = managerCredentials(out, 'alice');
  const { station, kiosk } = stationCredentials(out, 'ST-0001');
  world = await startConsoleWorld(withObserver(out, tempDir('console-broker-')));
  const agent = await connectAs(world.broker.url, station);
  const kioskClient = await connectAs(world.broker.url, kiosk);
  clients.push(agent, kioskClient);
  await publishRetained(agent, topics.station('ST-0001', 'status'), onlineStationStatus({ reader: { driver: 'simulated', state: 'connected', lastReadAt: iso(Date.now() - 60_000) } }));
  await publishRetained(kioskClient, topics.kioskStatus('K-0001'), onlineKioskStatus('ST-0001'));
});

afterAll(async () => {
  for (const client of clients) await client.endAsync(true);
  await world?.close();
});

it('lets a provisioned manager watch the fleet and send commands, with last check-in from the reader', async () => {
  const observer = await connectAs(world.broker.url, OBSERVER);
  clients.push(observer);
  const inbox = new Inbox(observer);
  await observer.subscribeAsync(topics.allStations('cmd'), { qos: 1 });

  const page = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot: 'vs/v1', demoLogin: { username: manager.username, password: manager.password } });
  const row = page.locator('[data-station-row="ST-0001"]');
  await expect.poll(() => row.locator('[data-kiosk="K-0001"] [data-state]').getAttribute('data-state').catch(() => null)).toBe('online');
  expect(await row.innerText()).toMatch(/last check-in \d{2}:\d{2}:\d{2}/);

  await row.locator('[data-command="identify"]').click();
  await page.locator('[data-confirm]').click();
  await inbox.waitFor((m) => m.topic === topics.station('ST-0001', 'cmd'), 10_000, 'identify command');
  const command = parseJson(CommandSchema, inbox.messages[0]!.payload);
  expect(command.ok && command.value.cmd).toBe('identify');
  await page.context().close();
});

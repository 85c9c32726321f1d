/**
 * The clustered tier's access rules, on a real RabbitMQ node with its MQTT
 * plugin (MQTT 3.1.1 only in 3.10) and the provisioned definitions file. RabbitMQ
 * closes the connection of a client that publishes or subscribes where it may
 * not, so a denied case is judged by a short bounded wait on a privileged
 * observer rather than by a sentinel on the same connection.
 * It holds the central tier's accounts only: bridges, central, managers.
 * Skipped where rabbitmq-server is not installed (`apt-get install rabbitmq-server`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rabbitPasswordHash, type RabbitDefinitions } from '../../../broker-config/provision/rabbitmq.ts';
import {
  Inbox,
  OBSERVER,
  bridgePassword,
  centralCredentials,
  connectAs,
  connectWithConnack,
  managerCredentials,
  provisionOk,
  stationCredentials,
  tempDir,
  accessCaseBuilders,
  type AccessCase,
  type Credentials,
} from '../../helpers/broker-harness.ts';
import { rabbitmqInstalled, startRabbitNode, type RabbitNode } from '../../helpers/rabbitmq-node.ts';

const R = 'vs/v1';
const DENIED_WAIT_MS = 1500;

/** The central tier's accounts; stations and kiosks have none here. */
type User = 'bridge-SITE-01' | 'alice' | 'central-1';
/** Client ids as the deployables make them. */
const CLIENT_ID: Record<User, string> = { 'bridge-SITE-01': 'bridge-SITE-01', alice: 'console-0a1b2c3d', 'central-1': 'central-0a1b2c3d' };

type Case = AccessCase<User>;
const { pub, sub } = accessCaseBuilders<User>(R);

const CASES: Case[] = [
  pub('bridge-SITE-01', 'stations/ST-0001/checkins', true),
  pub('bridge-SITE-01', 'stations/ST-0002/checkins', false),
  pub('bridge-SITE-01', 'stations/ST-0001/results', false),
  pub('bridge-SITE-01', 'kiosks/K-0001/status', true),
  pub('alice', 'stations/ST-0001/cmd', true),
  pub('alice', 'stations/ST-0001/checkins', false),
  pub('central-1', 'stations/ST-0001/results', true),
  pub('central-1', 'sites/SITE-01/activities', true), // v2: the content editor's API
  pub('central-1', 'stations/ST-0001/cmd', false),
  sub('central-1', 'sites/+/activities', true, 'sites/SITE-01/activities'),
  sub('bridge-SITE-01', 'stations/ST-0001/results', true),
  sub('bridge-SITE-01', 'stations/+/checkins', false, 'stations/ST-0001/checkins'),
  sub('bridge-SITE-01', 'stations/ST-0002/results', false),
  sub('central-1', 'stations/+/checkins', true, 'stations/ST-0002/checkins'),
  sub('alice', 'stations/+/status', true, 'stations/ST-0001/status'),
  sub('alice', 'stations/+/checkins', false, 'stations/ST-0001/checkins'),
];

describe.skipIf(!rabbitmqInstalled)('RabbitMQ MQTT plugin with the provisioned definitions', () => {
  let node: RabbitNode;
  let observer: MqttClient;
  let observed: Inbox;
  let devices: { station: Credentials; kiosk: Credentials };
  const credentials = {} as Record<User, Credentials>;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    const out = tempDir('provision-rabbit-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-02', '--out', out);
    provisionOk('manager', 'alice', '--out', out);
    provisionOk('central', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    devices = stationCredentials(out, 'ST-0001');
    Object.assign(credentials, {
      'bridge-SITE-01': { username: 'bridge-SITE-01', password: bridgePassword(out, 'SITE-01') },
      alice: managerCredentials(out, 'alice'),
      'central-1': centralCredentials(out),
    });
    // A test-only observer that may read everything.
    const definitions = JSON.parse(readFileSync(join(out, 'broker/central/rabbitmq-definitions.json'), 'utf8')) as RabbitDefinitions;
    definitions.users.push({ name: OBSERVER.username, password_hash: rabbitPasswordHash(OBSERVER.password), hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [] });
    definitions.permissions.push({ user: OBSERVER.username, vhost: 'vs', configure: '.*', write: '.*', read: '.*' });
    const file = join(tempDir('rabbit-defs-'), 'definitions.json');
    writeFileSync(file, JSON.stringify(definitions));
    node = await startRabbitNode(tempDir('rabbit-node-'), file);
    observer = await connectAs(node.url, OBSERVER, { protocolVersion: 4 });
    observed = new Inbox(observer);
    await observer.subscribeAsync(`${R}/#`, { qos: 1 });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([observer, ...clients].map((c) => c?.endAsync(true).catch(() => undefined)));
    await node?.stop();
  }, 60_000);

  async function client(who: User): Promise<MqttClient> {
    const c = await connectAs(node.url, credentials[who], { protocolVersion: 4, clientId: CLIENT_ID[who] });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  }

  CASES.forEach((c, index) => {
    it(`#${index + 1} ${c.who} ${c.allowed ? 'may' : 'may not'} ${c.action} ${c.topic}`, async () => {
      const marker = `rabbit-case-${index + 1}-${Date.now()}`;
      const inbox = c.action === 'publish' ? observed : undefined;
      let target = inbox;
      const device = await client(c.who);
      if (c.action === 'publish') {
        // A denied publish closes the connection, and its PUBACK never comes.
        const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
        await Promise.race([device.publishAsync(c.topic, marker, { qos: 1 }).catch(() => undefined), closed]);
      } else {
        target = new Inbox(device);
        const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
        await Promise.race([device.subscribeAsync(c.topic, { qos: 1 }).catch(() => undefined), closed]);
        await observer.publishAsync(c.probe ?? c.topic, marker, { qos: 1 });
      }
      const seen = (m: { payload: string }) => m.payload === marker;
      if (c.allowed) await target!.waitFor(seen, 10_000, marker);
      else await new Promise((r) => setTimeout(r, DENIED_WAIT_MS));
      expect(target!.has(seen)).toBe(c.allowed);
      await device.endAsync(true);
    });
  });

  it('refuses anonymous clients, wrong passwords, and every station and kiosk credential', async () => {
    await expect(connectAs(node.url, {}, { protocolVersion: 4 })).rejects.toThrow();
    await expect(connectAs(node.url, { username: 'alice', password: 'wrong' }, { protocolVersion: 4 })).rejects.toThrow();
    // (Over Web MQTT a refused CONNECT is a closed socket that MQTT.js 5 keeps waiting on, so plain MQTT only.)
    await expect(connectAs(node.url, devices.station, { protocolVersion: 4, clientId: 'station-agent-ST-0001' })).rejects.toThrow();
    await expect(connectAs(node.url, devices.kiosk, { protocolVersion: 4, clientId: 'kiosk-K-0001-0a1b2c3d' })).rejects.toThrow();
  });

  it('keeps a manager out of a bridge\'s queued session even with its client id', async () => {
    const bridgeOptions = { protocolVersion: 4 as const, clientId: CLIENT_ID['bridge-SITE-01'], clean: false };
    const first = await connectWithConnack(node.url, credentials['bridge-SITE-01'], bridgeOptions);
    await first.client.subscribeAsync(`${R}/stations/ST-0001/results`, { qos: 1 });
    await first.client.endAsync();
    await observer.publishAsync(`${R}/stations/ST-0001/results`, 'queued-for-the-bridge', { qos: 1 });
    // RabbitMQ 3.10 cannot bind client ids to usernames; the queue permissions bind the session instead.
    const thief = await connectAs(node.url, credentials.alice, { protocolVersion: 4, clientId: CLIENT_ID['bridge-SITE-01'], clean: false }).catch(() => undefined);
    if (thief) {
      thief.on('error', () => undefined);
      clients.push(thief);
      const granted = await thief.subscribeAsync(`${R}/stations/ST-0001/status`, { qos: 1 }).catch(() => [{ qos: 128 }]);
      expect(granted[0]?.qos).toBe(128);
      await thief.endAsync(true).catch(() => undefined);
    }
    const back = await connectWithConnack(node.url, credentials['bridge-SITE-01'], bridgeOptions);
    clients.push(back.client);
    expect(back.sessionPresent).toBe(true);
    await back.inbox.waitFor((m) => m.payload === 'queued-for-the-bridge', 10_000, 'the queued Result after the bridge reconnects');
  });

  it('serves the fleet console over Web MQTT', async () => {
    const console = await connectAs(node.wsUrl, credentials.alice, { protocolVersion: 4, clientId: CLIENT_ID.alice });
    clients.push(console);
    const inbox = new Inbox(console);
    await console.subscribeAsync(`${R}/stations/+/status`, { qos: 1 });
    const status = JSON.stringify({ v: 1, state: 'online', at: new Date().toISOString() });
    await observer.publishAsync(`${R}/stations/ST-0001/status`, status, { qos: 1 });
    await inbox.waitFor((m) => m.payload === status, 10_000, 'a status over Web MQTT');
  });
});

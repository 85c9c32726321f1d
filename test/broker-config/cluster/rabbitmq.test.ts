/**
 * The clustered tier's access rules, on a real RabbitMQ node with its MQTT
 * plugin (MQTT 3.1.1 only in 3.10) and the provisioned definitions file. RabbitMQ
 * closes the connection of a client that publishes or subscribes where it may
 * not, so a denied case is judged by a short bounded wait on a privileged
 * observer rather than by a sentinel on the same connection.
 * Skipped where rabbitmq-server is not installed (`apt-get install rabbitmq-server`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rabbitPasswordHash, type RabbitDefinitions } from '../../../broker-config/provision/rabbitmq.ts';
import { Inbox, OBSERVER, centralCredentials, connectAs, managerCredentials, provisionOk, stationCredentials, tempDir, accessCaseBuilders, type AccessCase, type Credentials } from '../../helpers/broker-harness.ts';
import { rabbitmqInstalled, startRabbitNode, type RabbitNode } from '../../helpers/rabbitmq-node.ts';

const R = 'vs/v1';
const DENIED_WAIT_MS = 1500;

type User = 'ST-0001' | 'K-0001' | 'alice' | 'central';
/** Client ids as the deployables make them: the device's username is one part of it. */
const CLIENT_ID: Record<User, string> = { 'ST-0001': 'station-agent-ST-0001', 'K-0001': 'kiosk-K-0001-0a1b2c3d', alice: 'console-0a1b2c3d', central: 'central-0a1b2c3d' };

type Case = AccessCase<User>;
const { pub, sub } = accessCaseBuilders<User>(R);

const CASES: Case[] = [
  pub('ST-0001', 'stations/ST-0001/checkins', true),
  pub('ST-0001', 'stations/ST-0002/checkins', false),
  pub('ST-0001', 'stations/ST-0001/results', false),
  pub('K-0001', 'stations/ST-0001/checkins', false),
  pub('K-0001', 'kiosks/K-0001/status', true),
  pub('alice', 'stations/ST-0001/cmd', true),
  pub('alice', 'stations/ST-0001/checkins', false),
  pub('central', 'stations/ST-0001/results', true),
  sub('K-0001', 'stations/ST-0001/taps', true),
  sub('K-0001', 'stations/+/checkins', false, 'stations/ST-0001/checkins'),
  sub('K-0001', 'stations/ST-0002/results', false),
  sub('central', 'stations/+/checkins', true, 'stations/ST-0002/checkins'),
  sub('alice', 'stations/+/status', true, 'stations/ST-0001/status'),
  sub('alice', 'stations/+/checkins', false, 'stations/ST-0001/checkins'),
];

describe.skipIf(!rabbitmqInstalled)('RabbitMQ MQTT plugin with the provisioned definitions', () => {
  let node: RabbitNode;
  let observer: MqttClient;
  let observed: Inbox;
  const credentials = {} as Record<User, Credentials>;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    const out = tempDir('provision-rabbit-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-02', '--out', out);
    provisionOk('manager', 'alice', '--out', out);
    provisionOk('central', '--out', out);
    const one = stationCredentials(out, 'ST-0001');
    Object.assign(credentials, { 'ST-0001': one.station, 'K-0001': one.kiosk, alice: managerCredentials(out, 'alice'), central: centralCredentials(out) });
    // A test-only observer that may read everything.
    const definitions = JSON.parse(readFileSync(join(out, 'broker/rabbitmq-definitions.json'), 'utf8')) as RabbitDefinitions;
    definitions.users.push({ name: OBSERVER.username, password_hash: rabbitPasswordHash(OBSERVER.password), hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [] });
    definitions.permissions.push({ user: OBSERVER.username, vhost: 'vs', configure: '.*', write: '.*', read: '.*' });
    const file = join(tempDir('rabbit-defs-'), 'definitions.json');
    writeFileSync(file, JSON.stringify(definitions));
    node = await startRabbitNode(tempDir('rabbit-node-'), file);
    observer = await connectAs(node.url, OBSERVER, { protocolVersion: 4 });
    observed = new Inbox(observer);
    await observer.subscribeAsync(`${R}/#`, { qos: 1 });
  }, 150_000);

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

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connectAs(node.url, {}, { protocolVersion: 4 })).rejects.toThrow();
    await expect(connectAs(node.url, { username: 'ST-0001', password: 'wrong' }, { protocolVersion: 4 })).rejects.toThrow();
  });

  it('keeps a kiosk out of the station agent\'s session queue even with its client id', async () => {
    const thief = await connectAs(node.url, credentials['K-0001'], { protocolVersion: 4, clientId: CLIENT_ID['ST-0001'], clean: false }).catch(() => undefined);
    if (thief) {
      thief.on('error', () => undefined);
      clients.push(thief);
      const granted = await thief.subscribeAsync(`${R}/stations/ST-0001/results`, { qos: 1 }).catch(() => [{ qos: 128 }]);
      expect(granted[0]?.qos).toBe(128);
    }
  });

  it('serves a kiosk over Web MQTT', async () => {
    const kiosk = await connectAs(node.wsUrl, credentials['K-0001'], { protocolVersion: 4, clientId: CLIENT_ID['K-0001'] });
    clients.push(kiosk);
    const inbox = new Inbox(kiosk);
    await kiosk.subscribeAsync(`${R}/stations/ST-0001/taps`, { qos: 0 });
    const tap = JSON.stringify({ v: 1, id: crypto.randomUUID(), at: new Date().toISOString() });
    await observer.publishAsync(`${R}/stations/ST-0001/taps`, tap, { qos: 1 });
    await inbox.waitFor((m) => m.payload === tap, 10_000, 'tap over Web MQTT');
  });
});

/**
 * Who may connect, over which listener, and what a manager sees when a device
 * dies: against a real Mosquitto running the provisioned passwd and ACL.
 */
import { spawn } from 'node:child_process';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { Inbox, OBSERVER, connectAs, managerCredentials, provisionOk, stationCredentials, tempDir, withObserver, type Credentials } from '../helpers/broker-harness.ts';

const R = 'vs/v1';
const LAST_WILL = JSON.stringify({ v: 1, state: 'offline', reason: 'lost' });

describe('broker accounts: connecting, WebSocket, Last Will, revocation', () => {
  let out: string;
  let filesDir: string;
  let broker: MosquittoBroker;
  let station: Credentials;
  let kiosk: Credentials;
  let otherStation: Credentials;
  let manager: Credentials;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    out = tempDir('provision-connect-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--out', out);
    provisionOk('manager', 'alice', '--out', out);
    ({ station, kiosk } = stationCredentials(out, 'ST-0001'));
    otherStation = stationCredentials(out, 'ST-0002').station;
    manager = managerCredentials(out, 'alice');
    filesDir = tempDir('mosq-connect-files-');
    broker = await startMosquitto(withObserver(out, filesDir));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await broker?.stop();
  });

  async function connected(url: string, credentials: Partial<Credentials>, options = {}): Promise<MqttClient> {
    const client = await connectAs(url, credentials, options);
    clients.push(client);
    return client;
  }

  it('accepts every provisioned account with its password (Mosquitto verifies our $7$ hashes)', async () => {
    for (const credentials of [station, kiosk, otherStation, manager]) {
      const client = await connected(broker.url, credentials);
      expect(client.connected).toBe(true);
    }
  });

  it('refuses anonymous clients', async () => {
    await expect(connectAs(broker.url, {})).rejects.toThrow(/not authori[sz]ed|bad user ?name or password/i);
  });

  it('refuses a wrong password and one station using another station\'s password', async () => {
    await expect(connectAs(broker.url, { username: station.username, password: `${station.password}x` })).rejects.toThrow();
    await expect(connectAs(broker.url, { username: station.username, password: otherStation.password })).rejects.toThrow();
  });

  it('refuses an unknown user and MQTT 3.1.1 clients alike', async () => {
    await expect(connectAs(broker.url, { username: 'ST-9999', password: station.password })).rejects.toThrow();
    await expect(connectAs(broker.url, { username: 'ST-0001', password: 'nope' }, { protocolVersion: 4 })).rejects.toThrow();
  });

  it('serves a kiosk over the WebSocket listener: taps from its station arrive in the browser protocol', async () => {
    const kioskClient = await connected(broker.wsUrl, kiosk, { protocolVersion: 4 });
    const inbox = new Inbox(kioskClient);
    await kioskClient.subscribeAsync(`${R}/stations/ST-0001/taps`, { qos: 0 });
    const stationClient = await connected(broker.url, station);
    const tap = JSON.stringify({ v: 1, id: crypto.randomUUID(), at: new Date().toISOString() });
    // QoS 0 may be published before the subscription is routed; repeat until seen.
    const repeat = setInterval(() => void stationClient.publishAsync(`${R}/stations/ST-0001/taps`, tap), 200);
    try {
      await inbox.waitFor((m) => m.payload === tap, 10_000, 'tap over WebSocket');
    } finally {
      clearInterval(repeat);
    }
  });

  it('refuses a kiosk with a wrong password on the WebSocket listener too', async () => {
    await expect(connectAs(broker.wsUrl, { username: kiosk.username, password: 'wrong' })).rejects.toThrow();
  });

  it('delivers the Last Will of a killed station process to a manager, retained', async () => {
    const managerClient = await connected(broker.url, manager);
    const inbox = new Inbox(managerClient);
    await managerClient.subscribeAsync(`${R}/stations/+/status`, { qos: 1 });
    // A real process holding the station's connection, killed without a DISCONNECT.
    // `mosquitto_pub -l` publishes each stdin line, so its "online" line proves it is connected.
    const online = JSON.stringify({ v: 1, state: 'online', at: new Date().toISOString() });
    const victim = spawn(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-V', 'mqttv5', '-i', 'ST-0002-victim', '-u', otherStation.username, '-P', otherStation.password,
        '-t', `${R}/stations/ST-0002/status`, '-q', '1', '-l', '--will-topic', `${R}/stations/ST-0002/status`, '--will-payload', LAST_WILL, '--will-qos', '1', '--will-retain'],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    try {
      victim.stdin.write(`${online}\n`);
      await inbox.waitFor((m) => m.payload === online, 10_000, 'the victim to connect');
    } finally {
      victim.kill('SIGKILL');
    }
    await inbox.waitFor((m) => m.topic === `${R}/stations/ST-0002/status` && m.payload === LAST_WILL, 10_000, 'Last Will');

    const lateManager = await connected(broker.url, manager);
    const lateInbox = new Inbox(lateManager);
    await lateManager.subscribeAsync(`${R}/stations/ST-0002/status`, { qos: 1 });
    await lateInbox.waitFor((m) => m.payload === LAST_WILL, 10_000, 'retained Last Will');
  });

  it('gives a station that takes over another station\'s client id none of its queued messages', async () => {
    const owner = { clientId: 'station-agent-ST-0002-takeover', clean: false, protocolVersion: 4 as const };
    const first = await connectAs(broker.url, otherStation, owner);
    await first.subscribeAsync(`${R}/stations/ST-0002/results`, { qos: 1 });
    await first.endAsync();
    const observer = await connected(broker.url, OBSERVER);
    await observer.publishAsync(`${R}/stations/ST-0002/results`, 'queued-for-ST-0002', { qos: 1 });
    const thief = await connected(broker.url, station, owner);
    const stolen = new Inbox(thief);
    await thief.subscribeAsync(`${R}/stations/ST-0001/cmd`, { qos: 1 });
    // Sentinel: a message the thief may read, sent after the queued one was due.
    await observer.publishAsync(`${R}/stations/ST-0001/cmd`, 'sentinel-takeover', { qos: 1 });
    await stolen.waitFor((m) => m.payload === 'sentinel-takeover', 10_000, 'sentinel');
    expect(stolen.has((m) => m.payload === 'queued-for-ST-0002')).toBe(false);
  });

  it('refuses a revoked station after the broker reloads its files', async () => {
    expect((await connected(broker.url, otherStation)).connected).toBe(true);
    provisionOk('revoke', 'ST-0002', '--out', out);
    withObserver(out, filesDir);
    broker.kill('SIGHUP');
    await expect(retryUntilRefused(() => connectAs(broker.url, otherStation))).resolves.toBe(true);
    // The station that was not revoked still connects.
    expect((await connected(broker.url, station)).connected).toBe(true);
  });
});

/** The reload is asynchronous to the signal: connecting may succeed once or twice before it lands. */
async function retryUntilRefused(connect: () => Promise<MqttClient>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const client = await connect();
      await client.endAsync(true);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

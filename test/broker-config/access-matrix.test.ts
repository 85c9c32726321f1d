/**
 * The role matrix of broker-config/README.md, proved on two real Mosquittos running
 * the shipped configs with the provisioned files: a site's edge broker (`edge.conf`,
 * DIR/broker/edge/SITE-01/) for stations and kiosks, and the central broker
 * (`central.conf`, DIR/broker/central/) for central replicas, the content publisher,
 * managers and bridges. Every case is a real publish or subscribe whose outcome is
 * observed as delivered or not. A denied message is judged by a sentinel: the same
 * client sends (or is sent) an allowed message right after it, and Mosquitto keeps
 * one connection's order, so once the sentinel has arrived the denied message can no
 * longer arrive. Then the client-id cases: ids are bound to accounts on every listener.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { IClientOptions, MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import {
  Inbox,
  OBSERVER,
  bridgePassword,
  centralCredentials,
  connectAs,
  connectWithConnack,
  contentPublisherCredentials,
  managerCredentials,
  provisionOk,
  stationCredentials,
  tempDir,
  withObserver,
  type AccessCase,
  type Credentials,
  accessCaseBuilders,
} from '../helpers/broker-harness.ts';
import { makeTls, writeCentralConf, writeEdgeConf, type Tls } from '../helpers/deploy-configs.ts';
import { eventually } from '../helpers/eventually.ts';

const R = 'vs/v1';
type EdgeUser = 'ST-0001' | 'ST-0002' | 'K-0001' | 'K-0002';
type CentralUser = 'alice' | 'central-1' | 'central-content' | 'bridge-SITE-01';
type User = EdgeUser | CentralUser;
const EDGE_USERS: readonly User[] = ['ST-0001', 'ST-0002', 'K-0001', 'K-0002'];

/** A topic each user may write / read, for the sentinel. */
const SENTINEL_WRITE: Record<User, string> = {
  'ST-0001': `${R}/stations/ST-0001/status`,
  'ST-0002': `${R}/stations/ST-0002/status`,
  'K-0001': `${R}/kiosks/K-0001/status`,
  'K-0002': `${R}/kiosks/K-0002/status`,
  alice: `${R}/stations/ST-0001/cmd`,
  'central-1': `${R}/stations/ST-0001/results`,
  'central-content': `${R}/directory/stations`,
  'bridge-SITE-01': `${R}/stations/ST-0001/status`,
};
const SENTINEL_READ: Partial<Record<User, string>> = {
  'ST-0001': `${R}/stations/ST-0001/cmd`,
  'ST-0002': `${R}/stations/ST-0002/cmd`,
  'K-0001': `${R}/directory/stations`,
  'K-0002': `${R}/directory/stations`,
  alice: `${R}/directory/stations`,
  'central-1': `${R}/stations/ST-0001/status`,
  'bridge-SITE-01': `${R}/directory/stations`,
};

type Case = AccessCase<User>;
const { pub, sub } = accessCaseBuilders<User>(R);

const CASES: Case[] = [
  // station (edge): only its own checkins/taps/status out, its own results/cmd in
  pub('ST-0001', 'stations/ST-0001/checkins', true),
  pub('ST-0001', 'stations/ST-0002/checkins', false),
  pub('ST-0001', 'stations/ST-0001/taps', true),
  pub('ST-0001', 'stations/ST-0002/status', false),
  pub('ST-0001', 'stations/ST-0001/results', false),
  pub('ST-0001', 'stations/ST-0002/cmd', false),
  pub('ST-0001', 'kiosks/K-0001/status', false),
  pub('ST-0001', 'sites/SITE-01/activities', false),
  sub('ST-0001', 'stations/ST-0001/results', true),
  sub('ST-0001', 'stations/ST-0002/results', false),
  sub('ST-0001', 'stations/ST-0002/checkins', false),
  sub('ST-0001', 'stations/+/cmd', false, 'stations/ST-0002/cmd'),
  // kiosk (edge; credentials assumed stolen one day): no check-in, no card uid
  pub('K-0001', 'stations/ST-0001/checkins', false),
  pub('K-0001', 'stations/K-0001/checkins', false),
  pub('K-0001', 'stations/ST-0001/taps', false),
  pub('K-0001', 'stations/ST-0001/results', false),
  pub('K-0001', 'kiosks/K-0001/status', true),
  pub('K-0001', 'kiosks/K-0002/status', false),
  // protocol v2 proof of play: its own reports out, nobody else's; only central reads them
  pub('K-0001', 'kiosks/K-0001/play', true),
  pub('K-0001', 'kiosks/K-0002/play', false),
  pub('ST-0001', 'kiosks/K-0001/play', false),
  sub('K-0001', 'kiosks/+/play', false, 'kiosks/K-0002/play'),
  sub('central-1', 'kiosks/+/play', true, 'kiosks/K-0002/play'),
  // protocol v2 photos: central writes them, kiosks read them, nobody else writes
  sub('K-0001', `media/+`, true, `media/${'ab'.repeat(32)}`),
  pub('K-0001', `media/${'ab'.repeat(32)}`, false),
  pub('ST-0001', `media/${'ab'.repeat(32)}`, false),
  pub('central-1', `media/${'ab'.repeat(32)}`, true),
  sub('K-0001', 'stations/ST-0001/taps', true),
  sub('K-0001', 'stations/ST-0001/results', true),
  sub('K-0001', 'stations/ST-0001/cmd', true),
  sub('K-0001', 'sites/SITE-01/activities', true),
  sub('K-0001', 'directory/stations', true),
  sub('K-0001', 'stations/ST-0002/results', false),
  sub('K-0001', 'stations/ST-0001/checkins', false),
  sub('K-0001', 'stations/+/checkins', false, 'stations/ST-0001/checkins'),
  sub('K-0001', '#', false, 'stations/ST-0001/checkins'),
  sub('K-0001', 'sites/SITE-02/activities', false),
  sub('K-0002', 'stations/ST-0001/taps', false),
  // kiosk, protocol v2 phone linking: its own station's prompts and answers only
  sub('K-0001', 'stations/ST-0001/pairing', true),
  sub('K-0001', 'stations/ST-0002/pairing', false),
  pub('K-0001', 'stations/ST-0001/pairing-answers', true),
  pub('K-0001', 'stations/ST-0002/pairing-answers', false),
  pub('K-0001', 'stations/ST-0001/pairing', false),
  pub('ST-0001', 'stations/ST-0001/pairing-answers', false),
  // kiosk, protocol v2 rewards shop: its site's rewards view, its own station's desk prompts and answers
  sub('K-0001', 'sites/SITE-01/rewards', true),
  sub('K-0001', 'sites/SITE-02/rewards', false),
  pub('K-0001', 'sites/SITE-01/rewards', false),
  sub('K-0001', 'stations/ST-0001/desk', true),
  sub('K-0001', 'stations/ST-0002/desk', false),
  pub('K-0001', 'stations/ST-0001/desk-answers', true),
  pub('K-0001', 'stations/ST-0002/desk-answers', false),
  pub('K-0001', 'stations/ST-0001/desk', false),
  pub('ST-0001', 'stations/ST-0001/desk-answers', false),
  // manager (central; fleet console): statuses in, commands out, nothing else
  pub('alice', 'stations/ST-0001/cmd', true),
  pub('alice', 'stations/ST-0001/checkins', false),
  pub('alice', 'stations/ST-0001/results', false),
  sub('alice', 'stations/+/status', true, 'stations/ST-0002/status'),
  sub('alice', 'kiosks/+/status', true, 'kiosks/K-0002/status'),
  sub('alice', 'stations/+/checkins', false, 'stations/ST-0001/checkins'),
  // a central replica: every check-in and status in; results out; content only as the editor's API publishes it
  sub('central-1', 'stations/+/checkins', true, 'stations/ST-0002/checkins'),
  sub('central-1', `$share/central/${R}/stations/+/checkins`, true, 'stations/ST-0001/checkins'),
  sub('central-1', 'stations/+/taps', false, 'stations/ST-0001/taps'),
  pub('central-1', 'stations/ST-0001/results', true),
  pub('central-1', 'stations/ST-0001/checkins', false),
  pub('central-1', 'stations/ST-0001/cmd', false),
  // protocol v2: the content editor's API publishes content from the replica itself
  pub('central-1', 'sites/SITE-02/activities', true),
  pub('central-1', 'directory/stations', true),
  sub('central-1', 'sites/+/activities', true, 'sites/SITE-02/activities'),
  pub('central-1', 'stations/ST-0001/pairing', true),
  pub('central-1', 'stations/ST-0001/pairing-answers', false),
  sub('central-1', `$share/central/${R}/stations/+/pairing-answers`, true, 'stations/ST-0001/pairing-answers'),
  pub('central-1', 'sites/SITE-02/rewards', true),
  pub('central-1', 'stations/ST-0001/desk', true),
  pub('central-1', 'stations/ST-0001/desk-answers', false),
  sub('central-1', `$share/central/${R}/stations/+/desk-answers`, true, 'stations/ST-0001/desk-answers'),
  // the content publisher: activities and the directory, nothing else
  pub('central-content', 'sites/SITE-02/activities', true),
  pub('central-content', 'directory/stations', true),
  pub('central-content', 'sites/SITE-02/rewards', true),
  pub('central-content', 'stations/ST-0001/desk', false),
  pub('central-content', 'stations/ST-0001/results', false),
  pub('central-content', 'stations/ST-0001/cmd', false),
  // protocol v2 star perks: the content publisher and central (the editor's API) write them; kiosks and bridges read; nobody else writes
  pub('central-content', 'perks', true),
  sub('K-0001', 'perks', true),
  sub('K-0002', 'perks', true),
  pub('K-0001', 'perks', false),
  pub('central-1', 'perks', true),
  sub('central-1', 'perks', true),
  pub('alice', 'perks', false),
  pub('ST-0001', 'perks', false),
  sub('bridge-SITE-01', 'perks', true),
  pub('bridge-SITE-01', 'perks', false),
  // bridge of SITE-01: its own site's stations only
  pub('bridge-SITE-01', 'stations/ST-0001/checkins', true),
  pub('bridge-SITE-01', 'stations/ST-0003/checkins', false),
  sub('bridge-SITE-01', 'stations/ST-0001/results', true),
  sub('bridge-SITE-01', 'stations/ST-0003/results', false),
  sub('bridge-SITE-01', 'sites/SITE-02/activities', false),
  pub('bridge-SITE-01', 'stations/ST-0001/pairing-answers', true),
  pub('bridge-SITE-01', 'stations/ST-0003/pairing-answers', false),
  sub('bridge-SITE-01', 'stations/ST-0001/pairing', true),
  sub('bridge-SITE-01', 'stations/ST-0003/pairing', false),
  sub('bridge-SITE-01', 'sites/SITE-01/rewards', true),
  sub('bridge-SITE-01', 'sites/SITE-02/rewards', false),
  pub('bridge-SITE-01', 'stations/ST-0001/desk-answers', true),
  pub('bridge-SITE-01', 'stations/ST-0003/desk-answers', false),
  sub('bridge-SITE-01', 'stations/ST-0001/desk', true),
  // protocol v2 screenshots: a station answers for itself; only managers read them; a kiosk neither forges nor sees one
  pub('ST-0001', 'stations/ST-0001/screenshot', true),
  pub('ST-0001', 'stations/ST-0002/screenshot', false),
  pub('K-0001', 'stations/ST-0001/screenshot', false),
  sub('K-0001', 'stations/ST-0001/screenshot', false),
  sub('ST-0002', 'stations/+/screenshot', false, 'stations/ST-0001/screenshot'),
  sub('alice', 'stations/+/screenshot', true, 'stations/ST-0002/screenshot'),
  pub('alice', 'stations/ST-0001/screenshot', false),
  sub('central-1', 'stations/+/screenshot', false, 'stations/ST-0001/screenshot'),
  pub('bridge-SITE-01', 'stations/ST-0001/screenshot', true),
  pub('bridge-SITE-01', 'stations/ST-0003/screenshot', false),
];

interface World {
  out: string;
  tls: Tls;
  edge: MosquittoBroker;
  central: MosquittoBroker;
  centralTlsUrl: string;
  centralWssUrl: string;
  credentials: Record<User, Credentials>;
  central2: Credentials;
}

async function startWorld(): Promise<World> {
  const out = tempDir('provision-acl-');
  provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
  provisionOk('station', 'ST-0002', '--site', 'SITE-01', '--out', out);
  provisionOk('station', 'ST-0003', '--site', 'SITE-02', '--out', out);
  provisionOk('manager', 'alice', '--out', out);
  provisionOk('central', '--replicas', '2', '--out', out);
  provisionOk('bridge', 'SITE-01', '--out', out);
  const tls = makeTls(tempDir('acl-tls-'));
  const centralFiles = withObserver(out, tempDir('acl-central-files-'), 'central');
  const centralConf = await writeCentralConf(tempDir('acl-central-'), tls, centralFiles.passwordFile, centralFiles.aclFile);
  const edgeFiles = withObserver(out, tempDir('acl-edge-files-'), { site: 'SITE-01' });
  const edgeConf = await writeEdgeConf(tempDir('acl-edge-'), join(out, 'sites/SITE-01/edge.conf'), tls, edgeFiles.passwordFile, edgeFiles.aclFile, { bridge: false });
  const central = await startMosquitto({ configFile: centralConf.configFile, port: centralConf.ports.plain });
  const edge = await startMosquitto({ configFile: edgeConf.configFile, port: edgeConf.port, wsPort: edgeConf.wsPort });
  const one = stationCredentials(out, 'ST-0001');
  const two = stationCredentials(out, 'ST-0002');
  const credentials: Record<User, Credentials> = {
    'ST-0001': one.station,
    'K-0001': one.kiosk,
    'ST-0002': two.station,
    'K-0002': two.kiosk,
    alice: managerCredentials(out, 'alice'),
    'central-1': centralCredentials(out, 1),
    'central-content': contentPublisherCredentials(out),
    'bridge-SITE-01': { username: 'bridge-SITE-01', password: bridgePassword(out, 'SITE-01') },
  };
  return {
    out,
    tls,
    edge,
    central,
    centralTlsUrl: `mqtts://127.0.0.1:${centralConf.ports.tls}`,
    centralWssUrl: `wss://127.0.0.1:${centralConf.ports.wss}`,
    credentials,
    central2: centralCredentials(out, 2),
  };
}

let world: World;
const clients: MqttClient[] = [];

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await world?.edge.stop();
  await world?.central.stop();
});

const brokerOf = (who: User) => (EDGE_USERS.includes(who) ? world.edge : world.central);

async function connected(url: string, credentials: Partial<Credentials>, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAs(url, credentials, options);
  clients.push(client);
  return client;
}

describe('broker ACL: role matrix on the shipped edge and central configs', () => {
  const observers = new Map<MosquittoBroker, { client: MqttClient; inbox: Inbox }>();
  const publishers = new Map<User, MqttClient>();

  beforeAll(async () => {
    for (const broker of [world.edge, world.central]) {
      const client = await connected(broker.url, OBSERVER);
      observers.set(broker, { client, inbox: new Inbox(client) });
      await client.subscribeAsync('#', { qos: 1 });
    }
  });

  async function publisher(who: User): Promise<MqttClient> {
    let client = publishers.get(who);
    // Client ids are bound to accounts, so a subscribe case of the same account took over its id.
    if (!client?.connected) {
      client = await connected(brokerOf(who).url, world.credentials[who]);
      publishers.set(who, client);
    }
    return client;
  }

  CASES.forEach((c, index) => {
    const verdict = c.allowed ? 'may' : 'may not';
    it(`#${index + 1} ${c.who} ${verdict} ${c.action} ${c.topic}`, async () => {
      const marker = `case-${index + 1}-${Date.now()}`;
      const sentinel = `sentinel-${marker}`;
      const broker = brokerOf(c.who);
      const { client: observer, inbox: observed } = observers.get(broker)!;
      if (c.action === 'publish') {
        const client = await publisher(c.who);
        // Mosquitto 2.0.11 answers a denied MQTT 5 QoS 1 publish with PUBACK 0x87 (observed);
        // delivery is the verdict, the reason code is checked as well.
        const publishError = await client.publishAsync(c.topic, marker, { qos: 1 }).then(
          () => undefined,
          (err: Error) => err,
        );
        await client.publishAsync(SENTINEL_WRITE[c.who], sentinel, { qos: 1 });
        await observed.waitFor((m) => m.payload === sentinel, 10_000, `sentinel of ${c.who}`);
        const delivered = observed.messages.filter((m) => m.payload === marker);
        expect(delivered.length > 0, `delivered to ${c.topic}`).toBe(c.allowed);
        if (c.allowed) expect(delivered[0]!.topic).toBe(c.topic);
        if (c.allowed) expect(publishError).toBeUndefined();
        else expect(publishError?.message).toMatch(/not authori[sz]ed/i);
        return;
      }
      const sentinelTopic = SENTINEL_READ[c.who]!;
      const client = await connected(broker.url, world.credentials[c.who]);
      const inbox = new Inbox(client);
      const granted = await client.subscribeAsync({ [c.topic]: { qos: 1 }, [sentinelTopic]: { qos: 1 } });
      const reason = granted.find((g) => g.topic === c.topic)?.qos;
      await observer.publishAsync(c.probe ?? c.topic, marker, { qos: 1 });
      await observer.publishAsync(sentinelTopic, sentinel, { qos: 1 });
      await inbox.waitFor((m) => m.payload === sentinel, 10_000, `sentinel for ${c.who}`);
      expect(inbox.has((m) => m.payload === marker), `received from ${c.probe ?? c.topic}`).toBe(c.allowed);
      // MQTT 5 SUBACK: 0/1 granted, 0x87 (135) not authorized. Mosquitto 2.0.11 grants
      // a subscription its ACL does not cover and then filters every message at
      // delivery (observed here), so delivery, not the SUBACK, is the verdict.
      if (c.allowed) expect(reason).toBeLessThan(0x80);
      else expect([0x87, 0, 1]).toContain(reason);
      await client.endAsync();
    });
  });

  it('covers at least 25 cases, allowed and denied, on both brokers', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(CASES.filter((c) => c.allowed).length).toBeGreaterThan(10);
    expect(CASES.filter((c) => !c.allowed).length).toBeGreaterThan(10);
    expect(new Set(CASES.map((c) => brokerOf(c.who))).size).toBe(2);
  });
});

/** A client that must not be disconnected: every close is counted. */
function watchCloses(client: MqttClient): { closes: number } {
  const watched = { closes: 0 };
  client.on('close', () => (watched.closes += 1));
  return watched;
}

describe('client ids bound to accounts (use_username_as_clientid, every listener)', () => {
  const observerOf = async (broker: MosquittoBroker) => connected(broker.url, OBSERVER);

  it('a kiosk connecting with the client id "station-agent-ST-0001" does not disconnect the station', async () => {
    const { edge, credentials } = world;
    const station = await connected(edge.url, credentials['ST-0001'], { clientId: 'station-agent-ST-0001', protocolVersion: 4 });
    const stationWatch = watchCloses(station);
    const stationInbox = new Inbox(station);
    await station.subscribeAsync(`${R}/stations/ST-0001/cmd`, { qos: 1 });
    // Over the kiosk's own listener (WebSocket) and over plain MQTT.
    const viaWs = await connected(edge.wsUrl, credentials['K-0001'], { clientId: 'station-agent-ST-0001' });
    const viaMqtt = await connected(edge.url, credentials['K-0001'], { clientId: 'station-agent-ST-0001', protocolVersion: 4 });
    // The kiosks' CONNACKs came after the broker handled any takeover, so a command sent
    // now reaches the station only if its connection survived.
    const observer = await observerOf(edge);
    await observer.publishAsync(`${R}/stations/ST-0001/cmd`, 'after-the-kiosks', { qos: 1 });
    await stationInbox.waitFor((m) => m.payload === 'after-the-kiosks', 10_000, 'the command on the station\'s connection');
    expect(station.connected).toBe(true);
    expect(stationWatch.closes).toBe(0);
    // Each kiosk connection got the kiosk's own id, so the two kiosk connections are one session: the later took over.
    expect(viaMqtt.connected).toBe(true);
    await eventually(() => !viaWs.connected, 10_000, 'the earlier kiosk connection to be taken over');
  });

  it('refuses kiosk and station credentials on the central broker, on every listener', async () => {
    const { central, credentials, centralTlsUrl, centralWssUrl, tls } = world;
    const ca = readFileSync(tls.caFile);
    for (const who of ['K-0001', 'ST-0001'] as const) {
      await expect(connectAs(central.url, credentials[who])).rejects.toThrow(/not authori[sz]ed|bad user ?name or password/i);
      await expect(connectAs(centralTlsUrl, credentials[who], { ca })).rejects.toThrow(/not authori[sz]ed|bad user ?name or password/i);
      await expect(connectAs(centralWssUrl, credentials[who], { ca })).rejects.toThrow(/not authori[sz]ed|bad user ?name or password/i);
    }
  });

  it('keeps a bridge\'s queued session when a kiosk or a manager asks for its client id', async () => {
    const { central, credentials, centralTlsUrl, tls } = world;
    const ca = readFileSync(tls.caFile);
    const bridgeOptions = { clientId: 'bridge-SITE-01', clean: false, protocolVersion: 4 as const, ca };
    const first = await connectWithConnack(centralTlsUrl, credentials['bridge-SITE-01'], bridgeOptions);
    await first.client.subscribeAsync(`${R}/stations/ST-0001/results`, { qos: 1 });
    await first.client.endAsync();
    const observer = await observerOf(central);
    await observer.publishAsync(`${R}/stations/ST-0001/results`, 'queued-for-the-bridge', { qos: 1 });

    // A stolen kiosk password is no use here at all; a manager's is, but only as "alice".
    await expect(connectAs(centralTlsUrl, credentials['K-0001'], { clientId: 'bridge-SITE-01', clean: true, protocolVersion: 4, ca })).rejects.toThrow();
    const thief = await connected(centralTlsUrl, credentials.alice, { clientId: 'bridge-SITE-01', clean: true, protocolVersion: 4, ca });
    const stolen = new Inbox(thief);
    await thief.subscribeAsync(`${R}/stations/ST-0001/status`, { qos: 1 });
    await observer.publishAsync(`${R}/stations/ST-0001/status`, 'sentinel-for-alice', { qos: 1 });
    await stolen.waitFor((m) => m.payload === 'sentinel-for-alice', 10_000, 'sentinel');
    expect(stolen.has((m) => m.payload === 'queued-for-the-bridge')).toBe(false);

    const back = await connectWithConnack(centralTlsUrl, credentials['bridge-SITE-01'], bridgeOptions);
    clients.push(back.client);
    const inbox = back.inbox;
    expect(back.sessionPresent).toBe(true);
    await inbox.waitFor((m) => m.payload === 'queued-for-the-bridge', 10_000, 'the queued Result after the bridge reconnects');
    // And while the bridge is connected, alice taking its id again does not disconnect it.
    const watch = watchCloses(back.client);
    await connected(central.url, credentials.alice, { clientId: 'bridge-SITE-01' });
    await observer.publishAsync(`${R}/stations/ST-0001/results`, 'while-connected', { qos: 1 });
    await inbox.waitFor((m) => m.payload === 'while-connected', 10_000, 'a Result on the bridge\'s connection');
    expect(watch.closes).toBe(0);
  });

  it('gives each central replica its own session: both stay connected, each keeps what was queued for it', async () => {
    const { central, credentials, central2 } = world;
    const options = { clean: false, protocolVersion: 4 as const, clientId: 'central' };
    const one = await connectWithConnack(central.url, credentials['central-1'], options);
    const two = await connectWithConnack(central.url, central2, options);
    clients.push(two.client);
    const watchTwo = watchCloses(two.client);
    for (const replica of [one.client, two.client]) await replica.subscribeAsync(`${R}/stations/+/status`, { qos: 1 });
    await one.client.endAsync();

    const observer = await observerOf(central);
    await observer.publishAsync(`${R}/stations/ST-0001/status`, 'while-replica-1-was-away', { qos: 1 });
    // The content publisher connects and publishes in between: a connection of its own.
    const publisher = await connected(central.url, credentials['central-content'], { clientId: 'central' });
    await publisher.publishAsync(`${R}/directory/stations`, JSON.stringify({ v: 1 }), { qos: 1 });

    const inboxTwo = two.inbox;
    await observer.publishAsync(`${R}/stations/ST-0002/status`, 'for-both', { qos: 1 });
    await inboxTwo.waitFor((m) => m.payload === 'for-both', 10_000, 'replica 2 live');
    const back = await connectWithConnack(central.url, credentials['central-1'], options);
    clients.push(back.client);
    const inboxOne = back.inbox;
    expect(back.sessionPresent).toBe(true);
    await inboxOne.waitFor((m) => m.payload === 'while-replica-1-was-away', 10_000, 'replica 1\'s queued status');
    await inboxOne.waitFor((m) => m.payload === 'for-both', 10_000, 'replica 1\'s second queued status');
    expect(two.client.connected).toBe(true);
    expect(watchTwo.closes).toBe(0);
  });
});

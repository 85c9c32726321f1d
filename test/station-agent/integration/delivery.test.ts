/**
 * The delivery guarantee against a real Mosquitto and the real agent process:
 * broker down, kill -9, Results withheld, Last Will, clean shutdown, bad input.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'mqtt';
import { startCentralDouble, type CentralDouble } from '../../helpers/central-double.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';
import { startAgentProcess, type AgentProcess } from '../../helpers/station-agent-process.ts';
import { agentConfig, STATION, statuses, uidFor } from '../../helpers/agent-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

let broker: MosquittoBroker;
let central: CentralDouble;
const agents: AgentProcess[] = [];

async function agent(config: Record<string, unknown>): Promise<AgentProcess> {
  const a = await startAgentProcess(config);
  agents.push(a);
  return a;
}

async function publishRaw(topic: string, payload: string): Promise<void> {
  const client = connect(broker.url, { protocolVersion: 4 });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.publishAsync(topic, payload, { qos: 1 });
  await client.endAsync();
}

beforeEach(async () => {
  // Persistence keeps the central double's session and its queued CheckIns across a broker restart.
  broker = await startMosquitto({ persistence: true, websockets: false });
  central = await startCentralDouble(broker.url, STATION);
});

afterEach(async () => {
  for (const a of agents.splice(0)) await a.kill('SIGKILL');
  await central.close();
  await broker.stop();
});

const onlineStatus = (c: CentralDouble) => statuses(c).find((s) => s.state === 'online');

describe('station agent delivery (real Mosquitto)', () => {
  it('publishes a retained online status with reader, outbox, agent and lastSeq', async () => {
    await agent(agentConfig(broker.url));
    const status = await eventually(() => onlineStatus(central), 15_000, 'online status');
    expect(status).toMatchObject({
      v: 1,
      siteId: 'SITE-01',
      reader: { driver: 'simulated', state: 'connected' },
      outbox: { pending: 0, writable: true },
      agent: { version: expect.any(String), startedAt: expect.any(String) },
      lastSeq: 0,
    });
  });

  it('broker down, taps happen, broker back: every check-in is delivered, in seq order', async () => {
    const a = await agent(agentConfig(broker.url));
    await eventually(() => onlineStatus(central), 15_000, 'online status');
    await broker.stop();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { status, body } = await a.tap(uidFor(i));
      expect(status).toBe(200);
      ids.push(body.id as string);
    }
    await broker.restart();
    await eventually(() => central.recorded().length >= 20, 30_000, '20 check-ins after the broker came back');
    expect(central.recorded().map((c) => c.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(central.recorded().map((c) => c.id)).toEqual(ids);
    expect(central.recorded()[0]).toMatchObject({ v: 1, stationId: STATION, method: 'card', card: { uid: uidFor(0), tech: 'other' } });
  });

  it('Results withheld: the same check-in is republished until central answers, and central records it once', async () => {
    const a = await agent(agentConfig(broker.url));
    await eventually(() => onlineStatus(central), 15_000, 'online status');
    central.withholdResults = true;
    const { body } = await a.tap('04A1B2C3');
    await eventually(() => central.received.filter((c) => c.id === body.id).length >= 2, 15_000, 'a republish of the same id');
    central.withholdResults = false;
    await eventually(() => statuses(central).some((s) => (s.outbox as { pending?: number } | undefined)?.pending === 0 && s.lastSeq === 1), 15_000, 'the outbox to empty');
    expect(central.recorded()).toHaveLength(1);
    expect(new Set(central.received.map((c) => c.seq))).toEqual(new Set([1]));
    expect(a.output()).toContain('check-in republished: no Result yet');
    expect(a.output()).not.toContain('04A1B2C3');
  });

  it('kill -9 mid-burst, then a restart: nothing acknowledged is lost and seq stays contiguous', async () => {
    const config = agentConfig(broker.url);
    const first = await agent(config);
    await eventually(() => onlineStatus(central), 15_000, 'online status');
    const acknowledged: string[] = [];
    const burst = (async () => {
      for (let i = 0; ; i++) {
        try {
          const { status, body } = await first.tap(uidFor(i));
          if (status === 200) acknowledged.push(body.id as string);
        } catch {
          return; // the agent is gone
        }
      }
    })();
    await eventually(() => acknowledged.length >= 40, 20_000, '40 acknowledged taps');
    await first.kill('SIGKILL');
    await burst;
    // The broker sends the Last Will when the connection drops.
    await eventually(() => statuses(central).some((s) => s.state === 'offline' && s.reason === 'lost'), 10_000, 'the Last Will');

    await agent(config);
    await eventually(() => acknowledged.every((id) => central.recorded().some((c) => c.id === id)), 30_000, 'every acknowledged tap delivered');
    const seqs = central.recorded().map((c) => c.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(acknowledged.length);
  });

  it('a clean shutdown publishes offline with reason "shutdown"', async () => {
    const a = await agent(agentConfig(broker.url));
    await eventually(() => onlineStatus(central), 15_000, 'online status');
    expect(await a.kill('SIGTERM')).toBe(0);
    await eventually(() => statuses(central).some((s) => s.state === 'offline' && s.reason === 'shutdown'), 10_000, 'shutdown status');
  });

  it('ignores malformed and foreign JSON, honours simulate-tap commands, and keeps running', async () => {
    const a = await agent(agentConfig(broker.url));
    await eventually(() => onlineStatus(central), 15_000, 'online status');
    const root = `vs/v1/stations/${STATION}`;
    await publishRaw(`${root}/results`, 'not json');
    await publishRaw(`${root}/results`, JSON.stringify({ v: 1, id: 'x', status: 'maybe' }));
    await publishRaw(`${root}/cmd`, JSON.stringify({ v: 1, id: 'c1', cmd: 'format-disk' }));
    await publishRaw(`${root}/results`, JSON.stringify({ v: 1, id: crypto.randomUUID(), status: 'accepted', at: new Date().toISOString() }));
    await publishRaw(`${root}/cmd`, JSON.stringify({ v: 1, id: 'c2', cmd: 'simulate-tap', args: { uid: 'DEADBEEF' }, expiresAt: new Date(Date.now() + 600_000).toISOString() }));
    await eventually(() => central.recorded().length === 1, 10_000, 'the commanded tap');
    expect(central.recorded()[0]!.card.uid).toBe('DEADBEEF');
    const tap = central.other.find((m) => m.topic.endsWith('/taps'));
    expect(JSON.parse(tap!.payload)).toEqual({ v: 1, id: central.recorded()[0]!.id, at: central.recorded()[0]!.at });
    expect(a.output()).toContain('malformed Result dropped');
    expect(a.output()).toContain('malformed or unknown Command dropped');
    expect((await a.get('/healthz')).status).toBe(200);
    const bad = await a.tap('xyz');
    expect(bad.status).toBe(400);
  });
});

/**
 * Uptime history end to end: a real Mosquitto and a real central on SQLite. A station
 * whose connection dies (the broker publishes its Last Will), a screen that sleeps and
 * wakes, a kiosk that sleeps: central keeps one row per change of state, none for a
 * status that changes nothing, and none again for retained statuses after a restart.
 */
import mqtt from 'mqtt';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { topicsFor } from '../../../shared/index.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startMosquitto } from '../../helpers/mosquitto.ts';

const topics = topicsFor('vs/v1');
const T0 = Date.parse('2026-12-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('uptime recorder: one row per change of state', () => {
  let fixture: CentralFixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  const history = async (f: CentralFixture) =>
    (await f.central.store.uptime.transitionsFor({ fromMs: 0, toMs: T0 + 86_400_000 })).map((t) => `${t.deviceKind} ${t.deviceId} ${t.siteId} ${t.state} ${iso(t.atMs)}`);
  const changesLogged = (f: CentralFixture) => f.logLines().filter((line) => line.msg === 'uptime state changed').length;

  it('records online, sleeping, on again and the Last Will, each once; repeats add nothing', async () => {
    let clockMs = T0;
    const f = (fixture = await startCentralFixture({ deps: { now: () => new Date(clockMs) } }));
    const statusTopic = topics.station('ST-0001', 'status');
    const agent = await mqtt.connectAsync(f.broker.url, {
      clientId: 'agent-ST-0001',
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: 5,
      will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', reason: 'lost' })), qos: 1, retain: true },
    });
    // Central's clock follows the statuses: a status is never recorded later than central received it.
    const status = (atMs: number, display?: string) =>
      (clockMs = atMs) &&
      agent.publishAsync(statusTopic, JSON.stringify({ v: 1, state: 'online', at: iso(atMs), siteId: 'SITE-01', ...(display ? { display: { state: display, since: iso(atMs) } } : {}) }), { qos: 1, retain: true });
    await status(T0);
    await eventually(async () => (await history(f)).length === 1, 10_000, 'the first transition');
    // A heartbeat that changes nothing: no row.
    await status(T0 + 60_000, 'on');
    await status(T0 + 120_000, 'sleeping');
    await eventually(async () => (await history(f)).length === 2, 10_000, 'sleeping');
    await status(T0 + 180_000, 'sleeping');
    await status(T0 + 240_000, 'on');
    await eventually(async () => (await history(f)).length === 3, 10_000, 'awake');
    // A kiosk of ST-0001 (K-0001 in the stations file) goes to sleep; an unregistered one is ignored.
    const kiosk = (kioskId: string, display: string, atMs: number) =>
      (clockMs = atMs) &&
      f.publishRaw(topics.kioskStatus(kioskId), JSON.stringify({ v: 1, state: 'online', at: iso(atMs), stationId: 'ST-0001', kioskId, display: { state: display } }));
    await kiosk('K-0001', 'on', T0 + 250_000);
    await kiosk('K-0001', 'sleeping', T0 + 260_000);
    await kiosk('K-9999', 'sleeping', T0 + 260_000);
    await eventually(async () => (await history(f)).length === 5, 10_000, 'the kiosk');

    // The agent is killed: no DISCONNECT, so the broker publishes the Last Will (no `at`: central's clock).
    clockMs = T0 + 300_000;
    agent.stream.destroy();
    await eventually(async () => (await history(f)).length === 6, 15_000, 'the Last Will');
    expect(await history(f)).toEqual([
      `kiosk K-0001 SITE-01 online ${iso(T0 + 250_000)}`,
      `kiosk K-0001 SITE-01 sleeping ${iso(T0 + 260_000)}`,
      `station ST-0001 SITE-01 online ${iso(T0)}`,
      `station ST-0001 SITE-01 sleeping ${iso(T0 + 120_000)}`,
      `station ST-0001 SITE-01 online ${iso(T0 + 240_000)}`,
      `station ST-0001 SITE-01 offline ${iso(T0 + 300_000)}`,
    ]);
    expect(changesLogged(f)).toBe(6);
  });

  it('a status dated ahead of central\'s clock is recorded when central received it', async () => {
    const f = (fixture = await startCentralFixture({ deps: { now: () => new Date(T0) } }));
    await f.publishRaw(topics.station('ST-0002', 'status'), JSON.stringify({ v: 1, state: 'online', at: iso(T0 + 3_600_000) }));
    await eventually(async () => (await history(f)).length === 1, 10_000, 'the transition');
    expect(await history(f)).toEqual([`station ST-0002 SITE-01 online ${iso(T0)}`]);
  });

  it('a restarted central sees the retained statuses again and records nothing new', async () => {
    const broker = await startMosquitto({ websockets: false });
    const dir = mkdtempSync(join(tmpdir(), 'central-uptime-restart-'));
    try {
      const first = (fixture = await startCentralFixture({ broker, deps: { now: () => new Date(T0), store: SqliteStore.open(dir) } }));
      const agent = await mqtt.connectAsync(broker.url, { clientId: 'agent-ST-0001', protocolVersion: 4, reconnectPeriod: 0 });
      await agent.publishAsync(topics.station('ST-0001', 'status'), JSON.stringify({ v: 1, state: 'offline', at: iso(T0), reason: 'shutdown' }), { qos: 1, retain: true });
      await agent.endAsync();
      await eventually(async () => (await history(first)).length === 1, 10_000, 'the offline transition');
      await first.stop();

      const second = (fixture = await startCentralFixture({ broker, deps: { now: () => new Date(T0 + 60_000), store: SqliteStore.open(dir) } }));
      // A status after the retained one proves the retained one was handled first.
      await second.publishRaw(topics.station('ST-0002', 'status'), JSON.stringify({ v: 1, state: 'online', at: iso(T0 + 60_000) }));
      await eventually(async () => (await history(second)).length === 2, 10_000, 'ST-0002');
      expect(await history(second)).toEqual([`station ST-0001 SITE-01 offline ${iso(T0)}`, `station ST-0002 SITE-01 online ${iso(T0 + 60_000)}`]);
      expect(changesLogged(second)).toBe(1);
    } finally {
      await fixture?.stop();
      fixture = undefined;
      await broker.stop();
    }
  });
});

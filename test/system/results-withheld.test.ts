/**
 * The delivery guarantee across real parts: a real station agent, the real central
 * service (its bin, as a child process) and a real Mosquitto. The central service is
 * frozen with SIGSTOP, so no Result comes back; the agent must republish the same
 * check-ins, and once central thaws it must record each id once and answer every
 * copy with the same Result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckInSchema, ResultSchema, topicsFor, validate, type CheckIn, type Result } from '../../shared/index.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { startAgentProcess, type AgentProcess } from '../helpers/station-agent-process.ts';
import { eventually } from '../helpers/eventually.ts';

const CENTRAL_BIN = fileURLToPath(new URL('../../central/bin/central.js', import.meta.url));
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const topics = topicsFor('vs/v1');

let broker: MosquittoBroker;
let central: ChildProcess;
let centralOutput = '';
let agent: AgentProcess;
let observer: MqttClient;
const checkInsSeen: CheckIn[] = [];
const resultsSeen: Result[] = [];

function runCentral(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CENTRAL_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (centralOutput += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (centralOutput += d.toString()));
  return child;
}

async function metric(url: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(url)).text();
  return [...text.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

beforeAll(async () => {
  broker = await startMosquitto({ websockets: false });
  const dir = mkdtempSync(join(tmpdir(), 'system-'));
  writeFileSync(join(dir, 'stations.json'), JSON.stringify({ 'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '便民小屋', en: 'Help Hut' } } }));
  writeFileSync(join(dir, 'volunteers.csv'), 'id,name,cards,phone\nV-0001,陈秀兰,04A1B2C3,13800000000\nV-0002,刘建国,0A0B0C0D0E,\n');
  const configFile = join(dir, 'central.json');
  writeFileSync(configFile, JSON.stringify({ broker: { url: broker.url }, dataDir: 'data', http: { host: '127.0.0.1', port: 0 }, adminHttp: { host: '127.0.0.1', port: 0 }, stationsFile: 'stations.json' }));

  const importer = runCentral(['volunteers', 'import', join(dir, 'volunteers.csv'), '--config', configFile]);
  const importCode = await new Promise((resolve) => importer.once('exit', resolve));
  expect(importCode, centralOutput).toBe(0);

  central = runCentral(['run', '--config', configFile]);
  await eventually(() => centralOutput.includes('"http listening"'), 60_000, 'central to listen');

  observer = await mqtt.connectAsync(broker.url, { clientId: 'system-observer', protocolVersion: 4, reconnectPeriod: 0 });
  observer.on('message', (topic, payload) => {
    const channel = topics.parse(topic);
    if (channel?.kind !== 'station') return;
    const json: unknown = JSON.parse(payload.toString());
    if (channel.channel === 'checkins') {
      const parsed = validate(CheckInSchema, json);
      if (parsed.ok) checkInsSeen.push(parsed.value);
    } else if (channel.channel === 'results') {
      const parsed = validate(ResultSchema, json);
      if (parsed.ok) resultsSeen.push(parsed.value);
    }
  });
  await observer.subscribeAsync([topics.allStations('checkins'), topics.allStations('results')], { qos: 1 });

  agent = await startAgentProcess({
    stationId: 'ST-0001',
    siteId: 'SITE-01',
    broker: { url: broker.url },
    reader: { driver: 'simulated' },
    dataDir: mkdtempSync(join(tmpdir(), 'system-agent-')),
    debounceMs: 0,
    ackTimeoutMs: 300,
    http: { host: '127.0.0.1', port: 0 },
  });
  await eventually(async () => (await agent.get('/healthz')).status === 200, 30_000, 'the agent to be healthy');
}, 120_000);

afterAll(async () => {
  if (central && central.exitCode === null) {
    central.kill('SIGCONT');
    central.kill('SIGTERM');
  }
  await agent?.kill();
  await observer?.endAsync();
  await broker?.stop();
});

describe('Results withheld by a frozen central service', () => {
  it('republishes the same check-ins, and central records each once and answers every copy alike', async () => {
    central.kill('SIGSTOP');
    const taps: string[] = [];
    for (const uid of ['04A1B2C3', '0A0B0C0D0E', 'DEADBEEF']) {
      const tap = await agent.tap(uid);
      expect(tap.status).toBe(200);
      taps.push(tap.body.id as string);
    }

    // Without Results, every check-in goes out again with the same id.
    await eventually(() => taps.every((id) => checkInsSeen.filter((c) => c.id === id).length >= 3), 30_000, 'three copies of every check-in');
    expect(resultsSeen).toHaveLength(0);
    const seqs = taps.map((id) => checkInsSeen.find((c) => c.id === id)!.seq);
    expect(seqs).toEqual([1, 2, 3]);

    central.kill('SIGCONT');
    const agentMetrics = `http://127.0.0.1:${agent.httpPort}/metrics`;
    await eventually(async () => (await metric(agentMetrics, /^station_agent_outbox_pending (\d+)/gm)) === 0, 30_000, 'the agent outbox to drain');

    // /metrics is on the admin listener.
    const listening = centralOutput.split('\n').find((line) => line.includes('"admin http listening"'))!;
    const centralPort = (JSON.parse(listening) as { port: number }).port;
    const centralMetrics = `http://127.0.0.1:${centralPort}/metrics`;
    const firstTime = await metric(centralMetrics, /^central_checkins_total\{[^}]*repeated="false"[^}]*\} (\d+)/gm);
    const repeats = await metric(centralMetrics, /^central_checkins_total\{[^}]*repeated="true"[^}]*\} (\d+)/gm);
    expect(firstTime).toBe(3);
    expect(repeats).toBeGreaterThanOrEqual(1);

    for (const id of taps) {
      const answers = resultsSeen.filter((r) => r.id === id);
      expect(answers.length).toBeGreaterThanOrEqual(1);
      expect(new Set(answers.map((r) => JSON.stringify(r))).size).toBe(1);
    }
    const [first, second, unknown] = taps.map((id) => resultsSeen.find((r) => r.id === id)!);
    expect(first).toMatchObject({ status: 'accepted', direction: 'in', volunteer: { displayName: '陈*兰' } });
    expect(second).toMatchObject({ status: 'accepted', direction: 'in', volunteer: { displayName: '刘*国' } });
    expect(unknown).toMatchObject({ status: 'rejected', reason: 'unknown-card' });
    // Privacy: the public Result never carries the full name or the uid.
    expect(JSON.stringify(resultsSeen)).not.toMatch(/陈秀兰|04A1B2C3/);
  }, 120_000);
});

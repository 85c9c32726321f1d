/**
 * `npm run bench:alerts`: how long after a station goes offline its alert webhook arrives.
 * A real Mosquitto, a real `central run` child process (SQLite) with a short
 * station-offline hold, and an in-process HTTP webhook receiver. Each of --episodes stations
 * connects with a Last Will and publishes its retained online status; then, one every
 * --stagger ms, its TCP connection is destroyed (no DISCONNECT, so the broker publishes the
 * Will) and the time from that moment to the open webhook's arrival is measured, hold included.
 * Anchors in the same run: MQTT QoS 1 publish -> subscriber receipt through the same broker,
 * and an HTTP POST round trip to the same receiver.
 * Prints a Markdown block for docs/performance.md. Flags: --episodes N --hold S --stagger MS
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { generateCheckinSecret, topicsFor } from '../../shared/index.ts';
import { startMosquitto } from '../../test/helpers/mosquitto.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import { fmt, summarise } from '../agent/stats.ts';

const { values } = parseArgs({
  options: {
    episodes: { type: 'string', default: '30' },
    hold: { type: 'string', default: '2' },
    stagger: { type: 'string', default: '250' },
  },
});
const EPISODES = Number(values.episodes);
const HOLD_SECONDS = Number(values.hold);
const STAGGER_MS = Number(values.stagger);
const ANCHOR_SAMPLES = 200;
const topics = topicsFor('vs/v1');
const stationId = (i: number) => `ST-${String(i + 1).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function writeConfig(dir: string, brokerUrl: string, webhookUrl: string): string {
  // One more station than episodes: the warm-up one.
  const stations = Object.fromEntries(Array.from({ length: EPISODES + 1 }, (_, i) => [stationId(i), { siteId: 'SITE-01', secret: generateCheckinSecret(), name: { zh: `站${i + 1}`, en: `Station ${i + 1}` } }]));
  writeFileSync(join(dir, 'stations.json'), JSON.stringify(stations));
  const configFile = join(dir, 'central.json');
  const alerts = { holdSeconds: { 'station-offline': HOLD_SECONDS }, webhooks: [{ url: webhookUrl }] };
  writeFileSync(configFile, JSON.stringify({ broker: { url: brokerUrl }, dataDir: 'data', http: { port: 0 }, adminHttp: { port: 0 }, stationsFile: 'stations.json', logLevel: 'warn', alerts }));
  return configFile;
}

/** A `central run` child; the warm-up episode in main() tells when it is ready. */
function startCentral(configFile: string): ChildProcess {
  return spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'central', 'bin', 'central.js'), 'run', '--config', configFile, '--'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stopCentral(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function connectStation(brokerUrl: string, id: string): Promise<MqttClient> {
  const statusTopic = topics.station(id, 'status');
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: `agent-${id}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    keepalive: 30,
    will: { topic: statusTopic, payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', reason: 'lost' })), qos: 1, retain: true },
  });
  await client.publishAsync(statusTopic, JSON.stringify({ v: 1, state: 'online', at: new Date().toISOString(), siteId: 'SITE-01' }), { qos: 1, retain: true });
  return client;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

async function mqttAnchor(brokerUrl: string): Promise<number[]> {
  const publisher = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  const subscriber = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  await subscriber.subscribeAsync('bench/anchor', { qos: 1 });
  const samples: number[] = [];
  for (let i = 0; i < ANCHOR_SAMPLES; i++) {
    const received = new Promise<number>((resolve) => subscriber.once('message', () => resolve(performance.now())));
    const sentAt = performance.now();
    await publisher.publishAsync('bench/anchor', String(i), { qos: 1 });
    samples.push((await received) - sentAt);
  }
  await publisher.endAsync();
  await subscriber.endAsync();
  return samples;
}

async function httpAnchor(receiver: WebhookReceiver): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < ANCHOR_SAMPLES; i++) {
    const sentAt = performance.now();
    const response = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"anchor":true}' });
    await response.body?.cancel();
    samples.push(performance.now() - sentAt);
  }
  return samples;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const broker = await startMosquitto({ websockets: false });
  const receiver = await startWebhookReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
  const central = startCentral(writeConfig(dir, broker.url, receiver.url));
  try {
    const stations = await Promise.all(Array.from({ length: EPISODES + 1 }, (_, i) => connectStation(broker.url, stationId(i))));
    // Warm-up: central is up, holds the jobs lease and has every retained status once the first station's webhook arrives.
    const warmUp = stations[EPISODES]!;
    warmUp.stream.destroy();
    await until(() => receiver.accepted.length === 1, 60_000, 'the warm-up webhook (is central running?)');

    const offlineAt = new Map<string, number>();
    for (let i = 0; i < EPISODES; i++) {
      offlineAt.set(stationId(i), performance.now());
      stations[i]!.stream.destroy();
      await sleep(STAGGER_MS);
    }
    await until(() => receiver.accepted.length === EPISODES + 1, 60_000, `${EPISODES} open webhooks`);
    const latencies = receiver.accepted.slice(1).map((body, i) => {
      const started = offlineAt.get(String(body.stationId));
      if (started === undefined || body.alert !== 'station-offline' || body.state !== 'open') throw new Error(`unexpected webhook ${JSON.stringify(body)}`);
      return receiver.acceptedAt[i + 1]! - started;
    });
    const mqttRtt = summarise(await mqttAnchor(broker.url));
    const httpRtt = summarise(await httpAnchor(receiver));
    const alert = summarise(latencies);
    const afterHold = summarise(latencies.map((ms) => ms - HOLD_SECONDS * 1000));
    const loadAtEnd = loadavg();
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    console.log(`
| alert latency (${alert.n} station-offline episodes, hold ${HOLD_SECONDS} s, one every ${STAGGER_MS} ms) | p50 | p99 | max |
|---|---|---|---|
| connection killed -> open webhook arrives | ${(alert.p50 / 1000).toFixed(3)} s | ${(alert.p99 / 1000).toFixed(3)} s | ${(alert.max / 1000).toFixed(3)} s |
| the same, past the ${HOLD_SECONDS} s hold | ${fmt(afterHold.p50)} ms | ${fmt(afterHold.p99)} ms | ${fmt(afterHold.max)} ms |
| anchor: MQTT QoS 1 publish -> subscriber, same broker (${mqttRtt.n}) | ${fmt(mqttRtt.p50)} ms | ${fmt(mqttRtt.p99)} ms | ${fmt(mqttRtt.max)} ms |
| anchor: HTTP POST round trip to the same receiver (${httpRtt.n}) | ${fmt(httpRtt.p50)} ms | ${fmt(httpRtt.p99)} ms | ${fmt(httpRtt.max)} ms |

machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; /proc/loadavg ${load(loadAtStart)} at the start, ${load(loadAtEnd)} at the end
`);
    for (const station of stations) station.end(true);
  } finally {
    await stopCentral(central);
    await receiver.close();
    await broker.stop();
  }
}

await main();

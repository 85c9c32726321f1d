/**
 * `npm run bench:broker`: what least privilege costs at city scale.
 * 1. Provisioning BENCH_STATIONS stations one CLI call after another (every call
 *    re-renders passwd, ACL and RabbitMQ definitions): time of the last call.
 *    Anchor: one `$7$` hash, the fixed cost of a new password.
 * 2. QoS 1 check-ins from one station to the central account through a real
 *    Mosquitto that holds the whole city's passwd and ACL, against the anchor:
 *    the same broker and clients with no ACL and anonymous access.
 * Prints a Markdown block for docs/performance.md.
 */
import { cpus, totalmem } from 'node:os';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { hashMosquittoPassword } from '../../broker-config/provision/passwd.ts';
import { startMosquitto, type MosquittoBroker } from '../../test/helpers/mosquitto.ts';
import { centralCredentials, connectAs, provisionOk, stationCredentials, tempDir, withObserver, type Credentials } from '../../test/helpers/broker-harness.ts';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 500);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20000);
const id = (i: number) => `ST-${String(i).padStart(4, '0')}`;

function provisionCity(out: string): { lastCallMs: number; totalS: number } {
  const start = performance.now();
  provisionOk('central', '--out', out);
  let lastCallMs = 0;
  for (let i = 1; i <= STATIONS; i += 1) {
    const t = performance.now();
    provisionOk('station', id(i), '--site', `SITE-${String(Math.ceil(i / 10)).padStart(3, '0')}`, '--out', out);
    lastCallMs = performance.now() - t;
    if (i % 200 === 0) console.error(`bench: provisioned ${i}`);
  }
  return { lastCallMs, totalS: (performance.now() - start) / 1000 };
}

async function checkinRate(broker: MosquittoBroker, station: Partial<Credentials>, central: Partial<Credentials>, stationId: string): Promise<number> {
  const subscriber: MqttClient = await connectAs(broker.url, central);
  const publisher: MqttClient = await connectAs(broker.url, station);
  const topic = `vs/v1/stations/${stationId}/checkins`;
  await subscriber.subscribeAsync('vs/v1/stations/+/checkins', { qos: 1 });
  let received = 0;
  const done = new Promise<void>((resolve) => subscriber.on('message', () => (received += 1) === MESSAGES && resolve()));
  const payload = JSON.stringify({ v: 1, id: crypto.randomUUID(), stationId, seq: 1, method: 'card', card: { uid: '0A1B2C3D4E', tech: 'em4100' }, at: new Date().toISOString() });
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i += 1) publisher.publish(topic, payload, { qos: 1 });
  await done;
  const rate = MESSAGES / ((performance.now() - start) / 1000);
  await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
  return rate;
}

const out = tempDir('bench-provision-');
console.error(`bench: provisioning ${STATIONS} stations…`);
const provisioning = provisionCity(out);
const hashStart = performance.now();
for (let i = 0; i < 100; i += 1) hashMosquittoPassword('x'.repeat(32));
const hashMs = (performance.now() - hashStart) / 100;

const probeId = id(Math.ceil(STATIONS / 2));
const files = withObserver(out, tempDir('bench-files-'));
const secured = await startMosquitto({ ...files, websockets: false });
const open = await startMosquitto({ websockets: false });
let securedRate = 0;
let openRate = 0;
try {
  console.error('bench: check-in throughput…');
  // Alternate to spread machine noise over both.
  const station = stationCredentials(out, probeId).station;
  const central = centralCredentials(out);
  openRate = await checkinRate(open, {}, {}, probeId);
  securedRate = await checkinRate(secured, station, central, probeId);
  openRate = (openRate + (await checkinRate(open, {}, {}, probeId))) / 2;
  securedRate = (securedRate + (await checkinRate(secured, station, central, probeId))) / 2;
} finally {
  await secured.stop();
  await open.stop();
}

console.log(`Measured ${new Date().toISOString()} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Mosquitto 2.0.11 on loopback.

| measure | value | anchor |
|---|---|---|
| \`provision station\`, the ${STATIONS}th call (re-renders ${2 * STATIONS + 1} accounts) | ${provisioning.lastCallMs.toFixed(0)} ms | one \`$7$\` hash: ${hashMs.toFixed(2)} ms |
| provisioning ${STATIONS} stations one call after another | ${provisioning.totalS.toFixed(1)} s | |
| QoS 1 check-ins, 1 station -> central, broker with ${2 * STATIONS + 1}-account passwd + ACL (${MESSAGES} msgs, mean of 2) | ${securedRate.toFixed(0)} msg/s | same broker, no ACL, anonymous: ${openRate.toFixed(0)} msg/s (ratio ${(securedRate / openRate).toFixed(2)}) |`);
rmSync(out, { recursive: true, force: true });

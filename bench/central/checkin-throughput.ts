/**
 * `npm run bench:central`: check-ins from 1,000 simulated stations through a real
 * Mosquitto into a real `central run` child process (SQLite in a temp folder).
 *   0. store alone: SqliteStore.recordCheckIns in batches of 500, in-process, no MQTT
 *   1. anchor: raw QoS 1 round trips through the same broker, no central (the machine's ceiling)
 *   2. sustained: as many check-ins as central answers, 10 % of them repeated ids (de-duplication)
 *   3. latency: an open-loop 1,000 check-ins/s for 10 s, publish -> Result percentiles
 * Prints a Markdown block for docs/performance.md. Flags: --stations N --sustained N --seconds N --rate N --profile DIR
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { generateCheckinSecret } from '../../shared/index.ts';
import { SqliteStore } from '../../central/store/sqlite-store.ts';
import { importVolunteers } from '../../central/volunteers/import-volunteers.ts';
import { startMosquitto } from '../../test/helpers/mosquitto.ts';

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '100' },
    sustained: { type: 'string', default: '40000' },
    window: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
    /** Write a V8 CPU profile of the central process into this folder. */
    profile: { type: 'string' },
  },
});
const STATIONS = Number(values.stations);
const CONNECTIONS = Number(values.connections);
const SUSTAINED = Number(values.sustained);
const WINDOW = Number(values.window);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const VOLUNTEERS = 5000;

const stationId = (i: number) => `ST-${String(i + 1).padStart(4, '0')}`;
const cardOf = (i: number) => (0x10000000 + i).toString(16).toUpperCase();

/**
 * CPU seconds a process has used (utime + stime from /proc, proc(5)), in clock ticks of
 * 1/100 s. CPU time, unlike wall time, hardly changes when other work shares the cores.
 */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function connect(url: string, n: number): Promise<MqttClient[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => mqtt.connectAsync(url, { clientId: `bench-${i}-${randomUUID().slice(0, 4)}`, protocolVersion: 4, reconnectPeriod: 0 })));
}

/** Closed loop: keep `window` messages in flight, resolve when `total` answers arrived. */
async function closedLoop(total: number, window: number, send: (i: number) => void, onAnswer: (cb: () => void) => void): Promise<number> {
  let sent = 0;
  let answered = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    onAnswer(() => {
      answered++;
      if (sent < total) send(sent++);
      if (answered === total) resolve();
    });
    while (sent < Math.min(window, total)) send(sent++);
  });
  return (performance.now() - started) / 1000;
}

async function anchor(url: string): Promise<number> {
  const [pub, sub] = await connect(url, 2);
  await sub!.subscribeAsync('bench/anchor', { qos: 1 });
  const seconds = await closedLoop(
    SUSTAINED,
    WINDOW,
    (i) => pub!.publish('bench/anchor', JSON.stringify({ i, pad: 'x'.repeat(180) }), { qos: 1 }),
    (cb) => sub!.on('message', cb),
  );
  await Promise.all([pub!.endAsync(), sub!.endAsync()]);
  return SUSTAINED / seconds;
}

async function storeAlone(store: SqliteStore): Promise<{ rate: number; cpuMicrosPerCheckIn: number }> {
  // Its taps are dated a day back: a bound above that keeps them on the credited path.
  const rules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down' as const, dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 48 };
  // Its own station ids, so the measured run's seq tracking starts clean.
  const requests = Array.from({ length: SUSTAINED }, (_, i) => ({
    id: randomUUID(),
    stationId: `STORE-${i % STATIONS}`,
    method: 'card' as const,
    cardUid: cardOf(i % VOLUNTEERS),
    seq: Math.floor(i / STATIONS) + 1,
    at: new Date(Date.now() - 86_400_000).toISOString(),
  }));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < requests.length; i += 500) await store.recordCheckIns(requests.slice(i, i + 500), rules, new Date().toISOString());
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: requests.length / ((performance.now() - started) / 1000), cpuMicrosPerCheckIn: (cpu.user + cpu.system) / requests.length };
}

async function main(): Promise<void> {
  const broker = await startMosquitto({ websockets: false });
  const dir = mkdtempSync(join(tmpdir(), 'bench-central-'));
  const stations = Object.fromEntries(Array.from({ length: STATIONS }, (_, i) => [stationId(i), { siteId: `SITE-${(i % 20) + 1}`, secret: generateCheckinSecret(), name: { zh: `站${i + 1}`, en: `Station ${i + 1}` } }]));
  writeFileSync(join(dir, 'stations.json'), JSON.stringify(stations));
  const configFile = join(dir, 'central.json');
  writeFileSync(configFile, JSON.stringify({ broker: { url: broker.url }, dataDir: 'data', http: { port: 0 }, adminHttp: { port: 0 }, stationsFile: 'stations.json', logLevel: 'warn' }));
  const store = SqliteStore.open(join(dir, 'data'));
  await store.migrate();
  const csv = ['id,name,cards,phone', ...Array.from({ length: VOLUNTEERS }, (_, i) => `V-${i + 1},Volunteer ${i + 1},${cardOf(i)},`)].join('\n');
  await importVolunteers(store, csv);
  const storeAloneFigures = await storeAlone(store);
  await store.close();

  const anchorRate = await anchor(broker.url);

  const profileArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profileArgs, join(import.meta.dirname, '..', '..', 'central', 'bin', 'central.js'), 'run', '--config', configFile, '--'], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.resume();
  const results = (await connect(broker.url, 1))[0]!;
  const publishers = await connect(broker.url, CONNECTIONS);
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  let onAnswer: () => void = () => undefined;
  results.on('message', (_topic, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    const sentAt = pending.get(id);
    if (sentAt !== undefined) {
      latencies.push(performance.now() - sentAt);
      pending.delete(id);
    }
    onAnswer();
  });
  await results.subscribeAsync('vs/v1/stations/+/results', { qos: 1 });
  // Wait until central answers (it subscribes once connected).
  const seq = new Array<number>(STATIONS).fill(0);
  const recent: { id: string; station: number; seq: number; uid: string; at: string }[] = [];
  const publishCheckIn = (i: number, repeat: boolean) => {
    let c;
    if (repeat && recent.length > 0) c = recent[Math.floor(Math.random() * recent.length)]!;
    else {
      const station = i % STATIONS;
      c = { id: randomUUID(), station, seq: ++seq[station]!, uid: cardOf(i % VOLUNTEERS), at: new Date().toISOString() };
      recent.push(c);
      if (recent.length > 5000) recent.shift();
    }
    const s = stationId(c.station);
    const payload = { v: 1, id: c.id, stationId: s, seq: c.seq, method: 'card', card: { uid: c.uid, tech: 'em4100' }, at: c.at };
    pending.set(c.id, performance.now());
    publishers[c.station % CONNECTIONS]!.publish(`vs/v1/stations/${s}/checkins`, JSON.stringify(payload), { qos: 1 });
  };
  for (let answered = false, t0 = Date.now(); !answered; ) {
    if (Date.now() - t0 > 60_000) throw new Error('central did not answer within 60 s');
    const before = latencies.length;
    publishCheckIn(0, false);
    await new Promise((r) => setTimeout(r, 500));
    answered = latencies.length > before;
  }
  let counter = 1;

  // 2. Sustained throughput, 10 % repeated ids.
  latencies.length = 0;
  const centralCpuBefore = cpuSecondsOf(child.pid!);
  const sustainedSeconds = await closedLoop(SUSTAINED, WINDOW, () => publishCheckIn(counter++, Math.random() < 0.1), (cb) => (onAnswer = cb));
  onAnswer = () => undefined;
  const sustainedRate = SUSTAINED / sustainedSeconds;
  const centralCpuMicros = ((cpuSecondsOf(child.pid!) - centralCpuBefore) * 1e6) / SUSTAINED;
  await new Promise((r) => setTimeout(r, 1000));

  // 3. Open loop at RATE per second.
  latencies.length = 0;
  pending.clear();
  const total = RATE * SECONDS;
  const tickMs = 10;
  const perTick = RATE / (1000 / tickMs);
  const started = performance.now();
  let published = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * RATE));
      while (published < due) {
        publishCheckIn(counter++, false);
        published++;
      }
      if (published >= total) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
    void perTick;
  });
  const deadline = Date.now() + 30_000;
  while (latencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const sorted = [...latencies].sort((a, b) => a - b);

  const lost = total - latencies.length;
  await Promise.all([results.endAsync(), ...publishers.map((p) => p.endAsync())]);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await broker.stop();

  const f = (n: number) => n.toFixed(1);
  console.log(`
| measure | value |
|---|---|
| machine | ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version} |
| load average (1 min) at the end of the run | ${loadavg()[0]?.toFixed(1)} |
| store alone: SQLite recordCheckIns, batches of 500, ${SUSTAINED} check-ins | ${Math.round(storeAloneFigures.rate)} check-ins/s wall; ${f(storeAloneFigures.cpuMicrosPerCheckIn)} µs CPU each (= ${Math.round(1e6 / storeAloneFigures.cpuMicrosPerCheckIn)}/s per free core) |
| anchor: raw Mosquitto QoS 1 round trips, 1 publisher -> 1 subscriber, ${SUSTAINED} msgs, window ${WINDOW} | ${Math.round(anchorRate)} msg/s |
| sustained check-ins answered (${STATIONS} stations over ${CONNECTIONS} connections, ${SUSTAINED} check-ins, 10 % repeated ids, window ${WINDOW}) | ${Math.round(sustainedRate)} check-ins/s |
| central process CPU per answered check-in, sustained phase (validate, record, publish Result) | ${f(centralCpuMicros)} µs (= ${Math.round(1e6 / centralCpuMicros)}/s per free core) |
| open loop ${RATE}/s for ${SECONDS} s: publish -> Result p50 / p95 / p99 / max | ${f(percentile(sorted, 50))} / ${f(percentile(sorted, 95))} / ${f(percentile(sorted, 99))} / ${f(sorted[sorted.length - 1] ?? NaN)} ms |
| open loop: Results missing after 30 s | ${lost} |
`);
}

await main();

/**
 * `npm run bench:central`: check-ins from 1,000 simulated stations through a real
 * Mosquitto into real `central run` child processes, in one run for three set-ups:
 * SQLite x1 (a temp folder), PostgreSQL x1 and PostgreSQL x2 replicas (one private,
 * durable PostgreSQL server; replicas share `$share/central/...`).
 *   0. store alone: SqliteStore.recordCheckIns in batches of 500, in-process, no MQTT
 *   1. anchor: raw QoS 1 round trips through the same broker, no central (the machine's ceiling)
 * and for each set-up:
 *   2. sustained: as many check-ins as central answers, 10 % of them repeated ids (de-duplication)
 *   3. latency: an open-loop 1,000 check-ins/s for 10 s, publish -> Result percentiles
 *   4. (PostgreSQL x2) failover: an open loop at --failover-rate/s; after 3 s one replica
 *      gets SIGKILL. The load generator republishes, like an agent's outbox, every
 *      check-in without a Result after --ack-timeout ms. Measured: the longest gap
 *      between two Results, the slowest check-in, and Results missing at the end.
 * Prints a Markdown block for docs/performance.md. Flags: --stations N --sustained N
 * --seconds N --rate N --failover-rate N --ack-timeout MS --only sqlite|pg1|pg2 --profile DIR
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { generateCheckinSecret } from '../../shared/index.ts';
import { SqliteStore } from '../../central/store/sqlite-store.ts';
import { PgStore } from '../../central/store/pg/pg-store.ts';
import type { CentralStore } from '../../central/store/central-store.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../../demo/private-postgres.ts';
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
    'failover-rate': { type: 'string', default: '300' },
    'ack-timeout': { type: 'string', default: '1000' },
    only: { type: 'string' },
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
const FAILOVER_RATE = Number(values['failover-rate']);
const ACK_TIMEOUT_MS = Number(values['ack-timeout']);
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

/** CPU seconds of a PostgreSQL server: the postmaster and its live backends (their ppid). */
function postgresCpuSeconds(server: PrivatePostgres): number {
  const postmaster = Number(readFileSync(join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSecondsOf(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === postmaster) total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The pid of the one process whose command line contains `needle` (the broker, by its config file). */
function pidByCommandLine(needle: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

/** Transactions committed and rolled back in one database (pg_stat_database; flushed about once a second). */
async function transactionCounts(url: string): Promise<{ commits: number; rollbacks: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ c: string; r: string }>('SELECT xact_commit AS c, xact_rollback AS r FROM pg_stat_database WHERE datname = current_database()');
    return { commits: Number(rows[0]!.c), rollbacks: Number(rows[0]!.r) };
  } finally {
    await client.end();
  }
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


interface Setup {
  label: string;
  key: 'sqlite' | 'pg1' | 'pg2';
  replicas: number;
}

interface SetupFigures {
  setup: Setup;
  sustainedRate: number;
  centralCpuMicros: number;
  /** PostgreSQL set-ups: the server's CPU per check-in, and transactions rolled back per committed one (serialization retries). */
  postgres?: { cpuMicros: number; rollbacksPerCommit: number; commits: number; rollbacks: number };
  /** Sustained phase: CPU per check-in of the broker and of this load generator, and the cores all of it used on average. */
  brokerCpuMicros: number;
  loadGenCpuMicros: number;
  coresUsed: number;
  open: { p50: number; p95: number; p99: number; max: number; lost: number };
  failover?: { longestGapMs: number; slowestMs: number; lost: number; republished: number; killedAfterMs: number };
}

const SETUPS: Setup[] = [
  { label: 'SQLite x1', key: 'sqlite', replicas: 1 },
  { label: 'PostgreSQL x1', key: 'pg1', replicas: 1 },
  { label: 'PostgreSQL x2', key: 'pg2', replicas: 2 },
];

function writeStationsAndConfig(dir: string, brokerUrl: string, store: Record<string, unknown>): string {
  const stations = Object.fromEntries(Array.from({ length: STATIONS }, (_, i) => [stationId(i), { siteId: `SITE-${(i % 20) + 1}`, secret: generateCheckinSecret(), name: { zh: `站${i + 1}`, en: `Station ${i + 1}` } }]));
  writeFileSync(join(dir, 'stations.json'), JSON.stringify(stations));
  const configFile = join(dir, 'central.json');
  writeFileSync(
    configFile,
    JSON.stringify({ broker: { url: brokerUrl }, dataDir: 'data', store, sharedSubscription: true, http: { port: 0 }, adminHttp: { port: 0 }, stationsFile: 'stations.json', logLevel: 'info' }),
  );
  return configFile;
}

async function seed(store: CentralStore): Promise<void> {
  await store.migrate();
  const csv = ['id,name,cards,phone', ...Array.from({ length: VOLUNTEERS }, (_, i) => `V-${i + 1},Volunteer ${i + 1},${cardOf(i)},`)].join('\n');
  await importVolunteers(store, csv);
}

/** A `central run` child; resolves once it consumes check-ins (its "consuming check-ins" log line). */
async function startReplica(configFile: string, profile: boolean): Promise<ChildProcess> {
  const profileArgs = profile && values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profileArgs, join(import.meta.dirname, '..', '..', 'central', 'bin', 'central.js'), 'run', '--config', configFile, '--'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4000);
      if (seen.includes('"consuming check-ins"')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`central exited with ${code} before consuming check-ins:\n${seen}`)));
  });
  return child;
}

async function stopReplica(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
}

async function measure(setup: Setup, brokerUrl: string, brokerPid: number | undefined, configFile: string, db?: { server: PrivatePostgres; url: string }): Promise<SetupFigures> {
  const children: ChildProcess[] = [];
  for (let r = 0; r < setup.replicas; r++) children.push(await startReplica(configFile, r === 0));
  const results = (await connect(brokerUrl, 1))[0]!;
  const publishers = await connect(brokerUrl, CONNECTIONS);
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  /** performance.now() of every Result for a pending check-in, in the failover phase. */
  let resultTimes: number[] | undefined;
  let onAnswer: () => void = () => undefined;
  results.on('message', (_topic, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    const sentAt = pending.get(id);
    if (sentAt !== undefined) {
      const now = performance.now();
      latencies.push(now - sentAt);
      resultTimes?.push(now);
      pending.delete(id);
      inFlight.delete(id);
    }
    onAnswer();
  });
  await results.subscribeAsync('vs/v1/stations/+/results', { qos: 1 });
  const seq = new Array<number>(STATIONS).fill(0);
  const recent: { id: string; station: number; seq: number; uid: string; at: string }[] = [];
  /** The check-ins of the failover phase, kept to republish like an outbox. */
  const inFlight = new Map<string, { c: (typeof recent)[number]; lastSentAt: number }>();
  let trackInFlight = false;
  const send = (c: (typeof recent)[number]) => {
    const s = stationId(c.station);
    const payload = { v: 1, id: c.id, stationId: s, seq: c.seq, method: 'card', card: { uid: c.uid, tech: 'em4100' }, at: c.at };
    publishers[c.station % CONNECTIONS]!.publish(`vs/v1/stations/${s}/checkins`, JSON.stringify(payload), { qos: 1 });
  };
  const publishCheckIn = (i: number, repeat: boolean) => {
    let c;
    if (repeat && recent.length > 0) c = recent[Math.floor(Math.random() * recent.length)]!;
    else {
      const station = i % STATIONS;
      c = { id: randomUUID(), station, seq: ++seq[station]!, uid: cardOf(i % VOLUNTEERS), at: new Date().toISOString() };
      recent.push(c);
      if (recent.length > 5000) recent.shift();
    }
    pending.set(c.id, performance.now());
    if (trackInFlight) inFlight.set(c.id, { c, lastSentAt: performance.now() });
    send(c);
  };
  // Wait until central answers (it subscribes once connected).
  for (let answered = false, t0 = Date.now(); !answered; ) {
    if (Date.now() - t0 > 60_000) throw new Error('central did not answer within 60 s');
    const before = latencies.length;
    publishCheckIn(0, false);
    await new Promise((r) => setTimeout(r, 500));
    answered = latencies.length > before;
  }
  let counter = 1;
  const cpuOfAll = () => children.reduce((sum, c) => sum + (c.exitCode === null && c.signalCode === null ? cpuSecondsOf(c.pid!) : 0), 0);

  // 2. Sustained throughput, 10 % repeated ids.
  latencies.length = 0;
  await new Promise((r) => setTimeout(r, 1500));
  const txBefore = db ? await transactionCounts(db.url) : undefined;
  const pgCpuBefore = db ? postgresCpuSeconds(db.server) : 0;
  const centralCpuBefore = cpuOfAll();
  const brokerCpuBefore = brokerPid ? cpuSecondsOf(brokerPid) : 0;
  const loadGenBefore = process.cpuUsage();
  const sustainedSeconds = await closedLoop(SUSTAINED, WINDOW, () => publishCheckIn(counter++, Math.random() < 0.1), (cb) => (onAnswer = cb));
  onAnswer = () => undefined;
  const sustainedRate = SUSTAINED / sustainedSeconds;
  const centralCpuSeconds = cpuOfAll() - centralCpuBefore;
  const centralCpuMicros = (centralCpuSeconds * 1e6) / SUSTAINED;
  const brokerCpuSeconds = brokerPid ? cpuSecondsOf(brokerPid) - brokerCpuBefore : 0;
  const loadGen = process.cpuUsage(loadGenBefore);
  const loadGenCpuSeconds = (loadGen.user + loadGen.system) / 1e6;
  const pgCpuSeconds = db ? postgresCpuSeconds(db.server) - pgCpuBefore : 0;
  const coresUsed = (centralCpuSeconds + brokerCpuSeconds + loadGenCpuSeconds + pgCpuSeconds) / sustainedSeconds;
  let postgres: SetupFigures['postgres'];
  if (db && txBefore) {
    const cpuMicros = (pgCpuSeconds * 1e6) / SUSTAINED;
    await new Promise((r) => setTimeout(r, 1500));
    const after = await transactionCounts(db.url);
    const commits = after.commits - txBefore.commits;
    const rollbacks = after.rollbacks - txBefore.rollbacks;
    postgres = { cpuMicros, commits, rollbacks, rollbacksPerCommit: rollbacks / Math.max(1, commits) };
  } else await new Promise((r) => setTimeout(r, 1000));

  /** Open loop at `rate`/s for `seconds`; `at(elapsedMs)` runs every tick. */
  const openLoop = async (rate: number, seconds: number, at: (elapsedMs: number) => void = () => undefined) => {
    const total = rate * seconds;
    const started = performance.now();
    let published = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - started;
        at(elapsed);
        const due = Math.min(total, Math.round((elapsed / 1000) * rate));
        while (published < due) {
          publishCheckIn(counter++, false);
          published++;
        }
        if (published >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    return total;
  };
  const summary = (total: number) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, lost: total - latencies.length };
  };
  const settle = async (total: number, republish?: () => void) => {
    const deadline = Date.now() + 30_000;
    while (latencies.length < total && Date.now() < deadline) {
      republish?.();
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  // 3. Open loop at RATE per second.
  latencies.length = 0;
  pending.clear();
  const openTotal = await openLoop(RATE, SECONDS);
  await settle(openTotal);
  const open = summary(openTotal);

  // 4. Failover: kill one of two replicas under an open loop, republishing like an outbox.
  let failover: SetupFigures['failover'];
  if (setup.replicas > 1) {
    await new Promise((r) => setTimeout(r, 1000));
    latencies.length = 0;
    pending.clear();
    trackInFlight = true;
    resultTimes = [];
    let republished = 0;
    const republish = () => {
      const now = performance.now();
      for (const entry of inFlight.values()) {
        if (now - entry.lastSentAt < ACK_TIMEOUT_MS) continue;
        entry.lastSentAt = now;
        republished++;
        send(entry.c);
      }
    };
    let killedAt = 0;
    const phaseStart = performance.now();
    const total = await openLoop(FAILOVER_RATE, SECONDS, (elapsed) => {
      republish();
      if (killedAt === 0 && elapsed >= 3000) {
        killedAt = performance.now();
        children[0]!.kill('SIGKILL');
      }
    });
    await settle(total, republish);
    const times = [phaseStart, ...resultTimes];
    let longestGapMs = 0;
    for (let i = 1; i < times.length; i++) longestGapMs = Math.max(longestGapMs, times[i]! - times[i - 1]!);
    failover = { longestGapMs, slowestMs: Math.max(...latencies), lost: total - latencies.length, republished, killedAfterMs: killedAt - phaseStart };
    trackInFlight = false;
    resultTimes = undefined;
  }

  await Promise.all([results.endAsync(), ...publishers.map((p) => p.endAsync())]);
  await Promise.all(children.map(stopReplica));
  return {
    setup,
    sustainedRate,
    centralCpuMicros,
    postgres,
    brokerCpuMicros: (brokerCpuSeconds * 1e6) / SUSTAINED,
    loadGenCpuMicros: (loadGenCpuSeconds * 1e6) / SUSTAINED,
    coresUsed,
    open,
    failover,
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const broker = await startMosquitto({ websockets: false });
  const brokerPid = pidByCommandLine(broker.configFile);
  const setups = SETUPS.filter((s) => !values.only || s.key === values.only);
  let storeAloneFigures: { rate: number; cpuMicrosPerCheckIn: number } | undefined;
  let postgres: PrivatePostgres | undefined;
  const figures: SetupFigures[] = [];
  try {
    const anchorRate = await anchor(broker.url);
    for (const setup of setups) {
      const dir = mkdtempSync(join(tmpdir(), `bench-central-${setup.key}-`));
      let configFile: string;
      let db: { server: PrivatePostgres; url: string } | undefined;
      if (setup.key === 'sqlite') {
        configFile = writeStationsAndConfig(dir, broker.url, { kind: 'sqlite' });
        const store = SqliteStore.open(join(dir, 'data'));
        await seed(store);
        storeAloneFigures = await storeAlone(store);
        await store.close();
      } else {
        postgres ??= await startPrivatePostgres();
        const url = await postgres.createDatabase(`bench_${setup.key}_${process.pid}`);
        configFile = writeStationsAndConfig(dir, broker.url, { kind: 'postgres', url });
        const store = await PgStore.connect(url);
        await seed(store);
        await store.close();
        db = { server: postgres, url };
      }
      figures.push(await measure(setup, broker.url, brokerPid, configFile, db));
    }

    const f = (n: number) => n.toFixed(1);
    const rows = figures.map((x) => {
      const failover = x.failover
        ? `${f(x.failover.longestGapMs)} ms longest gap; slowest check-in ${f(x.failover.slowestMs)} ms; ${x.failover.republished} republished; ${x.failover.lost} missing`
        : '—';
      const server = x.postgres ? `${f(x.postgres.cpuMicros)} µs; ${x.postgres.rollbacks} rolled back / ${x.postgres.commits} committed transactions` : '—';
      return `| ${x.setup.label} | ${Math.round(x.sustainedRate)} | ${f(x.centralCpuMicros)} µs | ${server} | ${f(x.open.p50)} / ${f(x.open.p95)} / **${f(x.open.p99)}** / ${f(x.open.max)} ms, ${x.open.lost} missing | ${failover} |`;
    });
    const cpuRows = figures.map((x) => {
      const total = x.centralCpuMicros + (x.postgres?.cpuMicros ?? 0) + x.brokerCpuMicros + x.loadGenCpuMicros;
      return `| ${x.setup.label} | ${f(x.centralCpuMicros)} | ${x.postgres ? f(x.postgres.cpuMicros) : '—'} | ${f(x.brokerCpuMicros)} | ${f(x.loadGenCpuMicros)} | ${f(total)} µs -> at most ${Math.round(((cpus().length * 1e6) / total))}/s on ${cpus().length} cores | ${x.coresUsed.toFixed(2)} of ${cpus().length} |`;
    });
    const pg1 = figures.find((x) => x.setup.key === 'pg1');
    const pg2 = figures.find((x) => x.setup.key === 'pg2');
    console.log(`
| machine | ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end |
|---|---|
| anchor: raw Mosquitto QoS 1 round trips, 1 publisher -> 1 subscriber, ${SUSTAINED} msgs, window ${WINDOW} | ${Math.round(anchorRate)} msg/s |
${storeAloneFigures ? `| store alone: SQLite recordCheckIns, batches of 500, ${SUSTAINED} check-ins | ${Math.round(storeAloneFigures.rate)} check-ins/s wall; ${f(storeAloneFigures.cpuMicrosPerCheckIn)} µs CPU each |\n` : ''}
| set-up | sustained check-ins/s (${STATIONS} stations, ${CONNECTIONS} connections, ${SUSTAINED} check-ins, 10 % repeats, window ${WINDOW}) | central CPU per check-in (all replicas) | PostgreSQL server CPU per check-in; transactions (sustained phase) | open loop ${RATE}/s for ${SECONDS} s: p50 / p95 / p99 / max | failover: SIGKILL of one replica at 3 s of an open loop at ${FAILOVER_RATE}/s for ${SECONDS} s, republish after ${ACK_TIMEOUT_MS} ms |
|---|---|---|---|---|---|
${rows.join('\n')}

| set-up (sustained phase) | central µs CPU per check-in (all replicas) | PostgreSQL µs | Mosquitto µs | load generator µs | sum | cores used on average |
|---|---|---|---|---|---|---|
${cpuRows.join('\n')}
${pg1 && pg2 ? `\nPostgreSQL x2 / x1 sustained: ${(pg2.sustainedRate / pg1.sustainedRate).toFixed(2)} (target >= 1.5). Failover gap target: <= ack timeout + 2 s = ${ACK_TIMEOUT_MS + 2000} ms.` : ''}
`);
  } finally {
    await postgres?.stop();
    await broker.stop();
  }
}

await main();

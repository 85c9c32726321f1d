/**
 * `npm run bench:agent`: tap latency, outbox drain against `mosquitto_pub -l`, and RSS
 * over 100,000 taps, all against a real Mosquitto. Prints Markdown for
 * docs/performance.md, each part as soon as it is measured. Sizes and parts can be
 * changed for a quick look: BENCH_TAPS, BENCH_DRAIN, BENCH_MEMORY_TAPS,
 * BENCH_PARTS=latency,drain,memory.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { startMosquitto, type MosquittoBroker } from '../../test/helpers/mosquitto.ts';
import { benchMemory } from './memory.ts';
import { benchOutboxDrain } from './outbox-drain.ts';
import { fmt } from './stats.ts';
import { benchTapLatency } from './tap-latency.ts';

const RDM6300_WIRE_MS = (14 * 10 * 1000) / 9600; // 14 bytes, 10 bits each (8N1), 9600 baud = 14.6 ms
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,drain,memory').split(','));

async function latencySection(broker: MosquittoBroker): Promise<string> {
  const { toPuback, toResult } = await benchTapLatency(broker, size('BENCH_TAPS', 1000));
  return `| measure | p50 | p99 | max | anchor |
|---|---|---|---|---|
| tap: last frame byte on the pty -> PUBACK (n=${toPuback.n}) | ${fmt(toPuback.p50)} ms | ${fmt(toPuback.p99)} ms | ${fmt(toPuback.max)} ms | RDM6300 frame wire time ${fmt(RDM6300_WIRE_MS)} ms |
| tap: last frame byte on the pty -> Result (n=${toResult.n}) | ${fmt(toResult.p50)} ms | ${fmt(toResult.p99)} ms | ${fmt(toResult.max)} ms | (central stand-in answers at once) |
`;
}

async function drainSection(broker: MosquittoBroker): Promise<string> {
  const d = await benchOutboxDrain(broker, size('BENCH_DRAIN', 10_000));
  return `| outbox drain (${d.count} queued check-ins) | check-ins/s |
|---|---|
| agent process: first to last CheckIn at the subscriber | ${d.agentPerS.toFixed(0)} |
| agent process: first CheckIn to outbox empty (every Result settled; polled /metrics) | ${d.settledPerS.toFixed(0)} |
| anchor: \`mosquitto_pub -l -q 1\`, same payloads, same broker, same subscriber | ${d.mosquittoPubPerS.toFixed(0)} |
| ratio agent / mosquitto_pub | ${(d.agentPerS / d.mosquittoPubPerS).toFixed(2)} |

Queueing the ${d.count} entries (one fsync'd transaction each) took ${(d.appendMs / 1000).toFixed(1)} s (${((d.appendMs * 1000) / d.count).toFixed(0)} µs per durable append).
`;
}

async function memorySection(broker: MosquittoBroker): Promise<string> {
  const m = await benchMemory(broker, size('BENCH_MEMORY_TAPS', 100_000));
  return `| memory (agent process, dataDir on tmpfs) | RSS |
|---|---|
| after 1,000 warm-up taps | ${m.before.toFixed(1)} MiB |
| after ${m.taps.toLocaleString('en')} more taps, all delivered | ${m.after.toFixed(1)} MiB |
| tap rate during the run (HTTP inject, 4 concurrent) | ${m.tapsPerS.toFixed(0)} taps/s |
`;
}

// Mosquitto's default leaves Nagle on: a Result right after a PUBACK then waits for the
// agent's delayed ACK (~40 ms). Deployments should set it too (docs/deploy.md). BENCH_NAGLE=1 keeps the default.
const broker = await startMosquitto({ websockets: false, extraConfig: process.env.BENCH_NAGLE === '1' ? '' : 'set_tcp_nodelay true' });
try {
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  console.log(`Measured ${new Date().toISOString()} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Mosquitto on loopback; load average ${load} at start.\n`);
  const sections: [string, (b: MosquittoBroker) => Promise<string>][] = [
    ['latency', latencySection],
    ['drain', drainSection],
    ['memory', memorySection],
  ];
  for (const [name, section] of sections) {
    if (!parts.has(name)) continue;
    console.error(`bench: ${name}…`);
    console.log(await section(broker));
  }
} finally {
  await broker.stop();
}

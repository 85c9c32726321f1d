/**
 * `npm run bench:agent`: tap latency, outbox drain against `mosquitto_pub -l`, and RSS
 * over 100,000 taps, all against a real Mosquitto. Prints a Markdown block for
 * docs/performance.md. Sizes can be reduced for a quick look: BENCH_TAPS, BENCH_DRAIN, BENCH_MEMORY_TAPS.
 */
import { cpus, totalmem } from 'node:os';
import { startMosquitto } from '../../test/helpers/mosquitto.ts';
import { benchMemory } from './memory.ts';
import { benchOutboxDrain } from './outbox-drain.ts';
import { fmt } from './stats.ts';
import { benchTapLatency } from './tap-latency.ts';

const RDM6300_WIRE_MS = (14 * 10 * 1000) / 9600; // 14 bytes, 10 bits each (8N1), 9600 baud = 14.6 ms
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// Mosquitto's default leaves Nagle on: a Result right after a PUBACK then waits for the
// agent's delayed ACK (~40 ms). Deployments should set it too (docs/performance.md).
const broker = await startMosquitto({ websockets: false, extraConfig: process.env.BENCH_NAGLE === '1' ? '' : 'set_tcp_nodelay true' });
try {
  console.log(`Measured ${new Date().toISOString()} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Mosquitto on loopback.
`);
  console.error('bench: tap latency…');
  const latency = await benchTapLatency(broker, size('BENCH_TAPS', 1000));
  console.log(`| measure | p50 | p99 | max | anchor |
|---|---|---|---|---|
| tap: last frame byte on the pty -> PUBACK (n=${latency.toPuback.n}) | ${fmt(latency.toPuback.p50)} ms | ${fmt(latency.toPuback.p99)} ms | ${fmt(latency.toPuback.max)} ms | RDM6300 frame wire time ${fmt(RDM6300_WIRE_MS)} ms |
| tap: last frame byte on the pty -> Result (n=${latency.toResult.n}) | ${fmt(latency.toResult.p50)} ms | ${fmt(latency.toResult.p99)} ms | ${fmt(latency.toResult.max)} ms | (central stand-in answers at once) |
`);

  console.error('bench: outbox drain…');
  const drain = await benchOutboxDrain(broker, size('BENCH_DRAIN', 10_000));
  console.log(`| outbox drain (${drain.count} queued check-ins) | check-ins/s |
|---|---|
| agent, first to last PUBACK | ${drain.agentPubackPerS.toFixed(0)} |
| agent, first PUBACK to last Result settled in the outbox | ${drain.agentResultPerS.toFixed(0)} |
| agent, process start to last Result (includes connect) | ${drain.agentTotalPerS.toFixed(0)} |
| anchor: \`mosquitto_pub -l -q 1\`, same payloads, same broker | ${drain.mosquittoPubPerS.toFixed(0)} |
| ratio agent PUBACK rate / mosquitto_pub | ${(drain.agentPubackPerS / drain.mosquittoPubPerS).toFixed(2)} |

Queueing the ${drain.count} entries (one fsync'd transaction each) took ${(drain.appendMs / 1000).toFixed(1)} s (${((drain.appendMs * 1000) / drain.count).toFixed(0)} µs per durable append).
`);

  console.error('bench: memory…');
  const memory = await benchMemory(broker, size('BENCH_MEMORY_TAPS', 100_000));
  console.log(`| memory | RSS |
|---|---|
| after 1,000 warm-up taps | ${memory.before.toFixed(1)} MiB |
| after ${memory.taps.toLocaleString('en')} more taps, all delivered | ${memory.after.toFixed(1)} MiB |
| tap rate during the run (HTTP inject, 4 concurrent) | ${memory.tapsPerS.toFixed(0)} taps/s |`);
} finally {
  await broker.stop();
}

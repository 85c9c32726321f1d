/**
 * Agent RSS before and after 100,000 taps: the real agent process (simulated reader),
 * taps injected over its loopback HTTP, a central stand-in answering every CheckIn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { startCentralDouble, type CentralDouble } from '../../test/helpers/central-double.ts';
import type { MosquittoBroker } from '../../test/helpers/mosquitto.ts';
import { startAgentProcess, type AgentProcess } from '../../test/helpers/station-agent-process.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../test/helpers/eventually.ts';

const STATION = 'BENCH-MEM';

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

export async function benchMemory(broker: MosquittoBroker, taps: number) {
  const central = await startCentralDouble(broker.url, STATION);
  const agent = await startAgentProcess({
    stationId: STATION,
    siteId: 'SITE-01',
    broker: { url: broker.url },
    reader: { driver: 'simulated' },
    // RSS is the measure here, not the disk: on tmpfs, fsync does not throttle the run to the disk's pace.
    dataDir: mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-mem-')),
    debounceMs: 0,
    http: { port: 0 },
    logLevel: 'warn',
  });
  try {
    return await measure(agent, central, taps);
  } finally {
    await agent.kill('SIGTERM');
    await central.close();
  }
}

async function measure(agent: AgentProcess, central: CentralDouble, taps: number) {
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });
  const tap = (uid: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: agent.httpPort, path: '/simulate-tap', method: 'POST', headers: { 'content-type': 'application/json' }, agent: keepAlive }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`tap answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ uid }));
    });
  const run = async (from: number, to: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < to) await tap(`0B${(next++).toString(16).toUpperCase().padStart(8, '0')}`);
      }),
    );
  };
  await eventually(() => central.other.some((m) => m.topic.endsWith('/status')), 15_000, 'agent online');
  await run(0, 1000);
  await eventually(() => central.recorded().length >= 1000, 60_000, 'warm-up delivered');
  const before = rssMiB(agent.child.pid!);
  const start = performance.now();
  await run(1000, 1000 + taps);
  const tapsPerS = taps / ((performance.now() - start) / 1000);
  await eventually(() => central.recorded().length >= 1000 + taps, 300_000, 'all taps delivered');
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssMiB(agent.child.pid!);
  keepAlive.destroy();
  return { taps, before, after, tapsPerS };
}

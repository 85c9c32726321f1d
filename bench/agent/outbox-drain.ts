/**
 * Outbox drain: 10,000 check-ins queued in the outbox (as after a long broker outage),
 * drained by the real agent process once it connects. The anchor, measured in the same
 * run against the same broker and subscriber: `mosquitto_pub -l` publishing the same
 * 10,000 payloads at QoS 1. Both rates are taken the same way, first to last arrival
 * at the subscriber, which runs in this process (the central stand-in, answering Results).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicsFor } from '../../shared/index.ts';
import { toCheckIn } from '../../station-agent/mqtt/delivery.ts';
import { SqliteOutbox } from '../../station-agent/outbox/sqlite-outbox.ts';
import { startCentralDouble, type CentralDouble } from '../../test/helpers/central-double.ts';
import type { MosquittoBroker } from '../../test/helpers/mosquitto.ts';
import { startAgentProcess } from '../../test/helpers/station-agent-process.ts';
import { eventually } from '../../test/helpers/eventually.ts';

const STATION = 'BENCH-DRAIN';

function ratePerSecond(central: CentralDouble, from: number, count: number): number {
  const first = central.receivedAt[from]!;
  const last = central.receivedAt[from + count - 1]!;
  return count / ((last - first) / 1000);
}

export async function benchOutboxDrain(broker: MosquittoBroker, count: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-drain-'));
  const outbox = new SqliteOutbox(dataDir);
  const queuedStart = performance.now();
  for (let i = 0; i < count; i++) outbox.append({ id: crypto.randomUUID(), uid: `04${i.toString(16).toUpperCase().padStart(6, '0')}`, tech: 'iso14443a', at: new Date().toISOString() });
  const appendMs = performance.now() - queuedStart;
  const payloads = outbox.pendingAfter(0, count).map((e) => JSON.stringify(toCheckIn(e, STATION)));
  outbox.close();

  const central = await startCentralDouble(broker.url, STATION);
  const agent = await startAgentProcess({ stationId: STATION, siteId: 'SITE-01', broker: { url: broker.url }, reader: { driver: 'simulated' }, dataDir, http: { port: 0 }, logLevel: 'warn' });
  let agentPerS: number;
  let settledMs: number;
  try {
    await eventually(() => central.received.length >= count, 600_000, 'the agent to drain the outbox');
    agentPerS = ratePerSecond(central, 0, count);
    const settledFrom = central.receivedAt[0]!;
    const pending = async () => Number(/^station_agent_outbox_pending (\d+)/m.exec((await agent.get('/metrics')).text)?.[1] ?? NaN);
    await eventually(async () => (await pending()) === 0, 600_000, 'every Result to settle');
    settledMs = performance.now() - settledFrom;
  } finally {
    await agent.kill('SIGTERM');
  }

  const topic = topicsFor().station(STATION, 'checkins');
  const before = central.received.length;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-q', '1', '-l'], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}`))));
    child.stdin.end(`${payloads.join('\n')}\n`);
  });
  await eventually(() => central.received.length >= before + count, 60_000, 'the subscriber to see the mosquitto_pub messages');
  const mosquittoPubPerS = ratePerSecond(central, before, count);
  await central.close();
  return { count, appendMs, agentPerS, settledPerS: count / (settledMs / 1000), mosquittoPubPerS };
}

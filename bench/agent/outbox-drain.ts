/**
 * Outbox drain: 10,000 check-ins queued while the broker was unreachable, drained
 * after the agent connects, in check-ins/s to the last PUBACK and to the last
 * Result. The anchor, measured in the same run against the same broker: `mosquitto_pub -l`
 * publishing the same 10,000 payloads at QoS 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AgentConfigSchema, topicsFor, validate } from '../../shared/index.ts';
import { startAgent } from '../../station-agent/main.ts';
import { toCheckIn } from '../../station-agent/mqtt/delivery.ts';
import { SqliteOutbox } from '../../station-agent/outbox/sqlite-outbox.ts';
import { startCentralDouble } from '../../test/helpers/central-double.ts';
import type { MosquittoBroker } from '../../test/helpers/mosquitto.ts';
import { waitUntil } from '../../test/helpers/station-agent-process.ts';

const STATION = 'BENCH-DRAIN';

export async function benchOutboxDrain(broker: MosquittoBroker, count: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-drain-'));
  const outbox = new SqliteOutbox(dataDir);
  const queuedStart = performance.now();
  for (let i = 0; i < count; i++) outbox.append({ id: crypto.randomUUID(), uid: `04${i.toString(16).toUpperCase().padStart(6, '0')}`, tech: 'iso14443a', at: new Date().toISOString() });
  const appendMs = performance.now() - queuedStart;
  const payloads = outbox.pendingAfter(0, count).map((e) => JSON.stringify(toCheckIn(e, STATION)));
  outbox.close();

  const central = await startCentralDouble(broker.url, STATION);
  const config = validate(AgentConfigSchema, {
    stationId: STATION,
    siteId: 'SITE-01',
    broker: { url: broker.url },
    reader: { driver: 'simulated' },
    dataDir,
    http: { port: 0 },
    logLevel: 'warn',
  });
  if (!config.ok) throw new Error(config.issues.join('\n'));
  let acked = 0;
  let settled = 0;
  let firstAckAt = 0;
  let lastAckAt = 0;
  let lastSettledAt = 0;
  const start = performance.now();
  const agent = await startAgent({
    config: config.value,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    observe: {
      puback: () => {
        if (acked++ === 0) firstAckAt = performance.now();
        lastAckAt = performance.now();
      },
      settled: (ids) => {
        settled += ids.length;
        lastSettledAt = performance.now();
      },
    },
  });
  await waitUntil(() => settled >= count, 300_000, 'the outbox to drain');
  await agent.stop();
  const agentPubackPerS = count / ((lastAckAt - firstAckAt) / 1000);
  const agentResultPerS = count / ((lastSettledAt - firstAckAt) / 1000);
  const agentTotalPerS = count / ((lastSettledAt - start) / 1000);

  // Anchor: mosquitto_pub -l, one QoS 1 publish per stdin line, same payloads, same broker, same subscriber.
  const topic = topicsFor().station(STATION, 'checkins');
  const received = central.received.length;
  const pubStart = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-q', '1', '-l'], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}`))));
    child.stdin.end(`${payloads.join('\n')}\n`);
  });
  const mosquittoPubPerS = count / ((performance.now() - pubStart) / 1000);
  await waitUntil(() => central.received.length >= received + count, 60_000, 'subscriber to see the mosquitto_pub messages');
  await central.close();
  return { count, appendMs, agentPubackPerS, agentResultPerS, agentTotalPerS, mosquittoPubPerS };
}

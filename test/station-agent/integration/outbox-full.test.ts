/**
 * A full disk: the agent refuses taps it cannot store (HTTP 503, no Tap to the kiosk),
 * says `outbox.writable: false` in its status, and takes taps again once space is back.
 * In-process agent, real Mosquitto, real SQLite hitting SQLITE_FULL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AgentConfigSchema, validate } from '../../../shared/index.ts';
import { startAgent, type RunningAgent } from '../../../station-agent/main.ts';
import { SqliteOutbox } from '../../../station-agent/outbox/sqlite-outbox.ts';
import { startCentralDouble, type CentralDouble } from '../../helpers/central-double.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';

import { agentConfig, STATION, statuses, uidFor } from '../../helpers/agent-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

let broker: MosquittoBroker;
let central: CentralDouble;
let agent: RunningAgent | undefined;

beforeEach(async () => {
  broker = await startMosquitto({ websockets: false });
  central = await startCentralDouble(broker.url, STATION);
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await central.close();
  await broker.stop();
});

it('refuses taps while the outbox is full, reports it, and recovers', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agent-full-'));
  const config = validate(AgentConfigSchema, agentConfig(broker.url, { dataDir }));
  if (!config.ok) throw new Error(config.issues.join('\n'));
  const outbox = new SqliteOutbox(dataDir);
  agent = await startAgent({ config: config.value, logger: pino({ level: 'silent' }), outbox });
  const tap = async (uid: string) => {
    const res = await fetch(`http://127.0.0.1:${agent!.httpPort}/simulate-tap`, { method: 'POST', body: JSON.stringify({ uid }), headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  await eventually(() => statuses(central).some((s) => s.state === 'online'), 15_000, 'online status');
  expect((await tap(uidFor(0))).status).toBe(200);

  const pages = outbox.db.pragma('page_count', { simple: true }) as number;
  outbox.db.pragma(`max_page_count = ${pages}`);
  let refused: { status: number; body: Record<string, unknown> } | undefined;
  for (let i = 1; i < 500 && !refused; i++) {
    const result = await tap(uidFor(i));
    if (result.status !== 200) refused = result;
  }
  expect(refused?.status).toBe(503);
  expect(refused?.body.outcome).toBe('refused');
  await eventually(() => (statuses(central).at(-1)?.outbox as { writable?: boolean } | undefined)?.writable === false, 5000, 'status writable:false');
  const taps = central.other.filter((m) => m.topic.endsWith('/taps')).length;
  await eventually(() => central.recorded().length === taps, 10_000, 'every announced tap delivered');
  const stats = outbox.stats();
  expect(taps).toBe(stats.lastSeq); // a Tap only for what was stored

  outbox.db.pragma(`max_page_count = ${pages + 10_000}`);
  expect((await tap('DEADBEEF')).status).toBe(200);
  await eventually(() => (statuses(central).at(-1)?.outbox as { writable?: boolean } | undefined)?.writable === true, 5000, 'status writable:true');
  await eventually(() => central.recorded().length === taps + 1, 10_000, 'the tap after recovery delivered');
  expect(central.recorded().map((c) => c.seq)).toEqual(Array.from({ length: taps + 1 }, (_, i) => i + 1));
});

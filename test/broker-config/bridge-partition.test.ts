/**
 * Bridge partition: an edge and a central Mosquitto on loopback, running the
 * shipped central.conf and a provisioned site's edge.conf (bridge over TLS with a
 * throwaway CA), each with its own tier's provisioned passwd and ACL, client ids
 * bound to usernames on both. The central broker is stopped, check-ins are made at the edge,
 * the central broker comes back: every check-in arrives centrally, none lost.
 * Once with plain MQTT publishes, once with taps through the real station agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { Inbox, OBSERVER, centralCredentials, connectAs, provisionOk, stationCredentials, tempDir, withObserver, type Credentials } from '../helpers/broker-harness.ts';
import { makeTls, writeCentralConf, writeEdgeConf } from '../helpers/deploy-configs.ts';
import { eventually } from '../helpers/eventually.ts';

const R = 'vs/v1';
const CHECKINS = `${R}/stations/ST-0001/checkins`;

function checkIn(seq: number): string {
  return JSON.stringify({ v: 1, id: crypto.randomUUID(), stationId: 'ST-0001', seq, method: 'card', card: { uid: '0A1B2C3D4E', tech: 'em4100' }, at: new Date().toISOString() });
}

const idOf = (payload: string) => (JSON.parse(payload) as { id: string }).id;

describe('edge -> central bridge over TLS survives a central outage', () => {
  let out: string;
  let central: MosquittoBroker;
  let edge: MosquittoBroker;
  let station: Credentials;
  /** Stands in for the central service: a persistent session that answers every check-in with a Result. */
  let centralService: MqttClient;
  let received: Inbox;
  let agent: ChildProcess | undefined;
  let agentLog = '';
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    out = tempDir('provision-bridge-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--reader', 'simulated', '--out', out);
    provisionOk('central', '--out', out);
    provisionOk('bridge', 'SITE-01', '--out', out);
    const tls = makeTls(tempDir('tls-'));
    // Each broker gets only its own tier's accounts: the edge none for the bridge (its
    // local side is the broker itself), the central broker no station or kiosk.
    const centralFiles = withObserver(out, tempDir('bridge-central-files-'), 'central');
    const centralConf = await writeCentralConf(tempDir('central-'), tls, centralFiles.passwordFile, centralFiles.aclFile);
    // Re-running with the real address is how an operator points a site at central.
    provisionOk('bridge', 'SITE-01', '--central-address', `127.0.0.1:${centralConf.ports.tls}`, '--out', out);
    const edgeFiles = withObserver(out, tempDir('bridge-edge-files-'), { site: 'SITE-01' });
    const edgeConf = await writeEdgeConf(tempDir('edge-'), join(out, 'sites/SITE-01/edge.conf'), tls, edgeFiles.passwordFile, edgeFiles.aclFile);
    central = await startMosquitto({ configFile: centralConf.configFile, port: centralConf.ports.plain });
    edge = await startMosquitto({ configFile: edgeConf.configFile, port: edgeConf.port, wsPort: edgeConf.wsPort });
    station = stationCredentials(out, 'ST-0001').station;

    centralService = await connectAs(central.url, centralCredentials(out), {
      protocolVersion: 4,
      clean: false,
      clientId: 'central-service-test',
      reconnectPeriod: 300,
    });
    received = new Inbox(centralService);
    centralService.on('message', (topic, payload) => {
      if (!topic.endsWith('/checkins')) return;
      const result = JSON.stringify({ v: 1, id: idOf(payload.toString()), status: 'accepted', at: new Date().toISOString() });
      centralService.publish(`${R}/stations/ST-0001/results`, result, { qos: 1 });
    });
    await centralService.subscribeAsync([CHECKINS, `${R}/stations/+/status`], { qos: 1 });
  });

  afterAll(async () => {
    agent?.kill('SIGKILL');
    await Promise.all([centralService, ...clients].map((c) => c?.endAsync(true).catch(() => undefined)));
    await edge?.stop();
    await central?.stop();
  });

  it('brings the bridge up with TLS and announces it to central', async () => {
    const observer = await connectAs(central.url, OBSERVER);
    clients.push(observer);
    const notes = new Inbox(observer);
    await observer.subscribeAsync('$SYS/broker/connection/bridge-SITE-01/state', { qos: 1 });
    await notes.waitFor((m) => m.payload === '1', 15_000, 'bridge state 1 at central');
    const stationClient = await connectAs(edge.url, station);
    clients.push(stationClient);
    const first = checkIn(1);
    await stationClient.publishAsync(CHECKINS, first, { qos: 1 });
    await received.waitFor((m) => m.payload === first, 15_000, 'first check-in across the bridge');
  });

  it('keeps check-ins published at the edge while central is down and delivers all of them', async () => {
    const stationClient = await connectAs(edge.url, station);
    clients.push(stationClient);
    await central.stop();
    const sent = Array.from({ length: 20 }, (_, i) => checkIn(100 + i));
    for (const payload of sent) await stationClient.publishAsync(CHECKINS, payload, { qos: 1 });
    await central.restart();
    const ids = sent.map(idOf);
    await received.waitFor(() => ids.every((id) => received.has((m) => m.topic === CHECKINS && idOf(m.payload) === id)), 30_000, 'all 20 check-ins');
  });

  it('delivers taps made through the real station agent during the outage, and their Results back', async () => {
    const agentConfigFile = join(out, 'stations/ST-0001/agent.json');
    const config = JSON.parse(readFileSync(agentConfigFile, 'utf8')) as Record<string, unknown>;
    const agentConfig = join(tempDir('agent-conf-'), 'agent.json');
    writeFileSync(agentConfig, JSON.stringify({ ...config, broker: { ...(config.broker as object), url: edge.url }, dataDir: tempDir('agent-data-'), http: { host: '127.0.0.1', port: 0 }, ackTimeoutMs: 3000 }));
    agent = spawn(process.execPath, ['station-agent/bin/station-agent.js', 'run', '--config', agentConfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout!.on('data', (d: Buffer) => (agentLog += d.toString()));
    agent.stderr!.on('data', (d: Buffer) => (agentLog += d.toString()));
    const httpPort = await eventually(() => listeningPort(agentLog), 20_000, `agent http port; agent said:\n${agentLog}`);
    await received.waitFor((m) => m.topic.endsWith('/status') && (JSON.parse(m.payload) as { state?: string }).state === 'online', 20_000, 'agent online at central');

    await central.stop();
    const tapIds: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await fetch(`http://127.0.0.1:${httpPort}/simulate-tap`, { method: 'POST', body: JSON.stringify({ uid: `04A1B2C${i}` }), headers: { 'content-type': 'application/json' } });
      const body = (await response.json()) as { outcome: string; id: string };
      expect(body.outcome).toBe('recorded');
      tapIds.push(body.id);
    }
    const mark = received.messages.length;
    await central.restart();
    await received.waitFor(() => tapIds.every((id) => received.has((m) => m.topic === CHECKINS && idOf(m.payload) === id)), 40_000, 'all 8 agent check-ins');
    // Every Result crossed the bridge back: the agent reports an empty outbox to central.
    await received.waitFor((m) => {
      if (!m.topic.endsWith('/status') || received.messages.indexOf(m) < mark) return false;
      const status = JSON.parse(m.payload) as { state?: string; outbox?: { pending?: number } };
      return status.state === 'online' && status.outbox?.pending === 0;
    }, 40_000, 'agent outbox drained');
  });
});

/** The agent logs `{"msg":"http listening","port":N}` (pino JSON lines) first. */
function listeningPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'http listening' && typeof entry.port === 'number') return entry.port;
    } catch {
      // not a JSON log line
    }
  }
  return undefined;
}



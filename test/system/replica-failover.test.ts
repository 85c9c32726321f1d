/**
 * Issue 13's proof on real parts: two (then three) `central run` child processes with
 * the same config on one private PostgreSQL, sharing `$share/central/...` on a real
 * Mosquitto, and two real station agents tapping a steady load of cards. One replica is
 * killed with SIGKILL mid-load. Mosquitto 2.0 drops the dead member's in-flight QoS 1
 * messages (eclipse-mosquitto#2662), so what must hold rests on the agents' outbox
 * republishing until a Result arrives: afterwards every tap is one `checkins` row, each
 * station's seq runs 1..n without a gap, every volunteer's ledger sums to their points,
 * and the outboxes are empty. The second case kills a replica with a desk hand-over in
 * flight on it and retries the same request id on another: one redemption, one debit.
 * The third does the same with a phone reservation (where the debit happens) that the
 * killed replica had committed but not yet answered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPassword } from '../../central/managers/manager-password.ts';
import { deviceHash, newDeviceKey } from '../../central/phone/device-key.ts';
import { PgStore } from '../../central/store/pg/pg-store.ts';
import { importVolunteers } from '../../central/volunteers/import-volunteers.ts';
import { STATION_SECRETS, VOLUNTEERS_CSV, MANAGER } from '../helpers/central-fixture.ts';
import { eventually } from '../helpers/eventually.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { startAgentProcess, type AgentProcess } from '../helpers/station-agent-process.ts';

const CENTRAL_BIN = fileURLToPath(new URL('../../central/bin/central.js', import.meta.url));
const STATIONS = ['ST-0001', 'ST-0002'] as const;
const CARDS = ['04A1B2C3', '0A0B0C0D0E', '11223344', '55667788', 'DEADBEEF'];
/** The agents' ack timeout: a check-in without a Result goes out again after this. */
const ACK_TIMEOUT_MS = 1000;
const ALICE = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

interface Replica {
  name: string;
  child: ChildProcess;
  output(): string;
  adminUrl: string;
  /** The public listener: the phone's API. */
  publicUrl: string;
}

const postgres = usePostgres();
let broker: MosquittoBroker;
let databaseUrl: string;
let configFile: string;
let db: pg.Client;
const replicas: Replica[] = [];
const agents = new Map<string, AgentProcess>();
/** Every tap the agents accepted, by station: the check-in ids central must record once each. */
const taps = new Map<string, string[]>(STATIONS.map((s) => [s, []]));

async function startReplica(name: string): Promise<Replica> {
  const child = spawn(process.execPath, [CENTRAL_BIN, 'run', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const portOf = (msg: string) => {
    const line = output.split('\n').find((l) => l.includes(`"msg":"${msg}"`));
    return line ? (JSON.parse(line) as { port: number }).port : undefined;
  };
  const [publicPort, adminPort] = await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`replica ${name} exited with ${child.exitCode}:\n${output}`);
      if (!output.includes('"consuming check-ins"')) return undefined;
      const ports = [portOf('http listening'), portOf('admin http listening')];
      return ports.every((p) => p !== undefined) ? (ports as [number, number]) : undefined;
    },
    90_000,
    `replica ${name} to consume check-ins`,
  );
  const replica = { name, child, output: () => output, adminUrl: `http://127.0.0.1:${adminPort}`, publicUrl: `http://127.0.0.1:${publicPort}` };
  replicas.push(replica);
  return replica;
}

function killHard(replica: Replica): Promise<void> {
  return new Promise((resolve) => {
    if (replica.child.exitCode !== null || replica.child.signalCode !== null) return resolve();
    replica.child.once('exit', () => resolve());
    replica.child.kill('SIGKILL');
  });
}

/** Check-ins this replica recorded for the first time (its own counter, from its /metrics). */
async function firstTimeCheckIns(replica: Replica): Promise<number> {
  const text = await (await fetch(`${replica.adminUrl}/metrics`)).text();
  return [...text.matchAll(/^central_checkins_total\{[^}]*repeated="false"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function tap(stationId: string, n: number): Promise<void> {
  const reply = await agents.get(stationId)!.tap(CARDS[n % CARDS.length]!);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  taps.get(stationId)!.push(reply.body.id as string);
}

/**
 * Both agents tap `count` cards each, one after another with a short pause; `during`
 * runs once `atTap` taps per station are made, while the load goes on.
 */
async function steadyLoad(count: number, atTap: number, during: () => Promise<void>): Promise<void> {
  let duringDone: Promise<void> | undefined;
  for (let n = 0; n < count; n++) {
    await Promise.all(STATIONS.map((s) => tap(s, n)));
    if (n === atTap) duringDone = during();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await duringDone;
}

async function outboxPending(agent: AgentProcess): Promise<number> {
  const text = (await agent.get('/metrics')).text;
  const m = /^station_agent_outbox_pending (\d+)/m.exec(text);
  if (!m) throw new Error('the agent /metrics has no station_agent_outbox_pending');
  return Number(m[1]);
}

/** Check-in publishes beyond the first send of each tap: the outbox's republishes, over all agents. */
async function republishes(): Promise<number> {
  let total = 0;
  for (const agent of agents.values()) {
    const text = (await agent.get('/metrics')).text;
    const published = /^station_agent_checkins_published_total (\d+)/m.exec(text);
    const tapped = /^station_agent_taps_total (\d+)/m.exec(text);
    if (!published || !tapped) throw new Error('the agent /metrics lacks station_agent_checkins_published_total or station_agent_taps_total');
    total += Number(published[1]) - Number(tapped[1]);
  }
  return total;
}

async function drained(): Promise<void> {
  await eventually(async () => (await Promise.all([...agents.values()].map(outboxPending))).every((n) => n === 0), 180_000, 'the agents’ outboxes to drain');
}

/** What must hold after any failover: once each, no seq gap, the ledger balances. */
async function expectNothingLost(): Promise<void> {
  for (const stationId of STATIONS) {
    const made = taps.get(stationId)!;
    const rows = await db.query<{ id: string; seq: string }>('SELECT id, seq FROM checkins WHERE station_id = $1 ORDER BY seq', [stationId]);
    expect(rows.rows.length, `${stationId}: checkins rows vs taps made`).toBe(made.length);
    expect(new Set(rows.rows.map((r) => r.id))).toEqual(new Set(made));
    expect(
      rows.rows.map((r) => Number(r.seq)),
      `${stationId}: seq 1..n`,
    ).toEqual(Array.from({ length: made.length }, (_, i) => i + 1));
  }
  expect((await db.query('SELECT * FROM seq_gaps')).rows).toEqual([]);
  const unbalanced = await db.query(
    `SELECT v.id, v.points, COALESCE(SUM(l.points), 0) AS ledger FROM volunteers v LEFT JOIN ledger_entries l ON l.volunteer_id = v.id
     GROUP BY v.id, v.points HAVING v.points <> COALESCE(SUM(l.points), 0)`,
  );
  expect(unbalanced.rows).toEqual([]);
}

beforeAll(async () => {
  broker = await startMosquitto({ websockets: false });
  databaseUrl = await postgres.freshDatabaseUrl();
  const dir = mkdtempSync(join(tmpdir(), 'replica-failover-'));
  const stations = Object.fromEntries(STATIONS.map((id, i) => [id, { siteId: 'SITE-01', secret: STATION_SECRETS[id], name: { zh: `${i + 1}号站`, en: `Station ${i + 1}` } }]));
  writeFileSync(join(dir, 'stations.json'), JSON.stringify(stations));
  configFile = join(dir, 'central.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      broker: { url: broker.url },
      dataDir: 'data',
      store: { kind: 'postgres', url: databaseUrl },
      sharedSubscription: true,
      http: { host: '127.0.0.1', port: 0 },
      adminHttp: { host: '127.0.0.1', port: 0 },
      stationsFile: 'stations.json',
      managers: { [MANAGER.name]: hashManagerPassword(MANAGER.password) },
      logLevel: 'info',
    }),
  );

  const store = await PgStore.connect(databaseUrl);
  try {
    await store.migrate();
    // V-0005's card is never tapped: their balance moves only by the reservation.
    await importVolunteers(store, `${VOLUNTEERS_CSV}\nV-0004,李四,DEADBEEF,\nV-0005,赵六,CAFEBABE,`);
    const at = new Date().toISOString();
    await store.ledger.append({ requestId: 'seed-V-0001', volunteerId: 'V-0001', kind: 'adjusted', points: 100, at, actor: 'alice', reason: 'opening balance' });
    await store.ledger.append({ requestId: 'seed-V-0005', volunteerId: 'V-0005', kind: 'adjusted', points: 50, at, actor: 'alice', reason: 'opening balance' });
    await store.shop.publishCatalogue(
      'SITE-01',
      [
        { id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 1 },
        // 4 is "available", 3 is "few left": a reservation changes the public view, so the replica publishes it before it answers.
        { id: 'tea', name: { zh: '茶叶', en: 'Tea' }, price: 20, stock: 4 },
      ],
      'alice',
      at,
    );
  } finally {
    await store.close();
  }
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();

  await Promise.all([startReplica('A'), startReplica('B')]);
  for (const stationId of STATIONS) {
    agents.set(
      stationId,
      await startAgentProcess({
        stationId,
        siteId: 'SITE-01',
        broker: { url: broker.url },
        reader: { driver: 'simulated' },
        dataDir: mkdtempSync(join(tmpdir(), 'replica-failover-agent-')),
        debounceMs: 0,
        ackTimeoutMs: ACK_TIMEOUT_MS,
        http: { host: '127.0.0.1', port: 0 },
      }),
    );
  }
  await eventually(async () => (await Promise.all([...agents.values()].map(async (a) => (await a.get('/healthz')).status))).every((s) => s === 200), 60_000, 'the agents to be healthy');
}, 240_000);

afterAll(async () => {
  await Promise.all([...agents.values()].map((a) => a.kill()));
  for (const replica of replicas) if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGTERM');
  await Promise.all(replicas.map((r) => (r.child.exitCode === null && r.child.signalCode === null ? new Promise((resolve) => r.child.once('exit', resolve)) : undefined)));
  await db?.end();
  await broker?.stop();
}, 60_000);

describe('two central replicas on PostgreSQL, one killed under load', () => {
  it('records every check-in exactly once, seq without a gap, the ledger balanced, the outboxes drained', async () => {
    const [a, b] = replicas as [Replica, Replica];
    let killedHadWork = 0;
    let republishedBefore = 0;
    await steadyLoad(60, 20, async () => {
      // Only a replica that took part can lose anything: make sure A had its share first.
      killedHadWork = await eventually(async () => (await firstTimeCheckIns(a)) || undefined, 60_000, 'replica A to record check-ins');
      // Frozen first, so the broker has handed A check-ins it will never answer (its
      // share of the load while it is stopped), then killed: those are in flight on a
      // dead member, which Mosquitto 2.0 does not redeliver to B.
      republishedBefore = await republishes();
      a.child.kill('SIGSTOP');
      await eventually(async () => (await republishes()) > republishedBefore, 60_000, 'the agents to republish check-ins the frozen replica holds');
      await killHard(a);
    });
    expect(a.child.signalCode).toBe('SIGKILL');
    expect(killedHadWork).toBeGreaterThan(0);

    await drained();
    await expectNothingLost();
    // Each id is recorded first by exactly one replica: B recorded what A did not
    // (A's counter, read before the freeze, is a lower bound of what A recorded).
    const total = STATIONS.reduce((sum, s) => sum + taps.get(s)!.length, 0);
    const recordedByB = await firstTimeCheckIns(b);
    expect(recordedByB).toBeGreaterThan(0);
    expect(recordedByB).toBeLessThanOrEqual(total - killedHadWork);
    expect(b.child.exitCode).toBeNull();
    expect(await republishes()).toBeGreaterThan(republishedBefore);
  }, 420_000);

  it('a desk hand-over in flight on the killed replica, retried on another with the same request id: one redemption, one debit', async () => {
    const b = replicas[1]!;
    const c = await startReplica('C');
    const store = await PgStore.connect(databaseUrl);
    let code: string;
    try {
      await store.migrate();
      const now = Date.now();
      const reserved = await store.shop.reserve({
        requestId: randomUUID(),
        volunteerId: 'V-0001',
        siteId: 'SITE-01',
        itemId: 'rice',
        localMonth: new Date(now).toISOString().slice(0, 7),
        expiresAt: new Date(now + 15 * 60_000).toISOString(),
        codes: ['424242'],
        at: new Date(now).toISOString(),
      });
      expect(reserved.ok, JSON.stringify(reserved)).toBe(true);
      code = '424242';
    } finally {
      await store.close();
    }
    const handOver = { code, requestId: randomUUID() };
    const post = (replica: Replica) =>
      fetch(`${replica.adminUrl}/api/desk/sites/SITE-01/handovers`, { method: 'POST', headers: { ...ALICE, 'content-type': 'application/json' }, body: JSON.stringify(handOver) });

    let inFlight: Promise<unknown> | undefined;
    await steadyLoad(40, 10, async () => {
      await eventually(async () => (await firstTimeCheckIns(c)) || undefined, 60_000, 'replica C to record check-ins');
      // The request is on its way to C when C dies: C may have committed it or not.
      inFlight = post(c).then(
        (r) => r.status,
        () => 'no answer',
      );
      await new Promise((resolve) => setImmediate(resolve));
      await killHard(c);
    });
    expect(c.child.signalCode).toBe('SIGKILL');
    await inFlight;

    // The desk retries the same request on the replica that is left.
    const retried = await post(b);
    const body = (await retried.json()) as { ok: boolean; receipt: { id: string; state: string } };
    expect(retried.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ ok: true, receipt: { state: 'handed-over' } });

    const redemptions = await db.query<{ id: string; state: string }>("SELECT id, state FROM shop_redemptions WHERE volunteer_id = 'V-0001'");
    expect(redemptions.rows).toEqual([{ id: body.receipt.id, state: 'handed-over' }]);
    const debits = await db.query<{ points: string }>("SELECT points FROM ledger_entries WHERE volunteer_id = 'V-0001' AND kind = 'redeemed'");
    expect(debits.rows.map((r) => Number(r.points))).toEqual([-30]);
    expect(Number((await db.query<{ points: string }>("SELECT points FROM volunteers WHERE id = 'V-0001'")).rows[0]!.points)).toBe(70);

    await drained();
    await expectNothingLost();
  }, 420_000);
  it('a phone reservation committed on the killed replica but not yet answered, retried on another with the same request id: one reservation, one debit', async () => {
    const b = replicas[1]!;
    const d = await startReplica('D');
    // The phone of V-0005, linked as a kiosk would link it (the store's pairing steps).
    const deviceKey = newDeviceKey();
    const store = await PgStore.connect(databaseUrl);
    try {
      await store.migrate();
      const nowMs = Date.now();
      await store.phone.startPairing({ id: 'p-v5', volunteerId: 'V-0005', stationId: 'ST-0001', deviceHash: deviceHash(deviceKey), code: '1234', state: 'awaiting-tap', createdAtMs: nowMs, expiresAtMs: nowMs + 120_000 }, 3, nowMs);
      await store.phone.offerPairings(['p-v5'], { checkinId: 'tap-p-v5', choices: ['1234', '5678'], expiresAtMs: nowMs + 60_000 }, nowMs);
      await store.phone.completePairing({ pairingId: 'p-v5', declineIds: [], bindingId: 'b-p-v5', actor: 'kiosk:K-1', nowMs, maxPhones: 3 });
    } finally {
      await store.close();
    }
    const reservation = { siteId: 'SITE-01', itemId: 'tea', requestId: randomUUID() };
    const reserve = (replica: Replica) =>
      fetch(`${replica.publicUrl}/phone/api/reservations`, { method: 'POST', headers: { cookie: `vs_device=${deviceKey}`, 'content-type': 'application/json' }, body: JSON.stringify(reservation) });
    const committed = async () => (await db.query<{ id: string }>("SELECT id FROM shop_redemptions WHERE volunteer_id = 'V-0005'")).rows;

    // The broker frozen: D commits the reservation (the debit and stock with it), then
    // waits for the broker to take the site's new rewards view ("few left") before it
    // answers. There it is frozen and killed: committed, never answered.
    let answered = false;
    broker.kill('SIGSTOP');
    let inFlight: Promise<number | string>;
    try {
      inFlight = reserve(d).then(
        (r) => ((answered = true), r.status),
        () => 'no answer',
      );
      await eventually(async () => (await committed()).length === 1, 60_000, 'replica D to commit the reservation');
      d.child.kill('SIGSTOP');
      expect(answered, 'D answered before it was frozen: the fixture no longer holds the answer back').toBe(false);
      await killHard(d);
    } finally {
      broker.kill('SIGCONT');
    }
    expect(d.child.signalCode).toBe('SIGKILL');
    expect(await inFlight).toBe('no answer');

    // The phone retries the same request on the replica that is left: the reservation D made, not a second one.
    const retried = await reserve(b);
    const body = (await retried.json()) as { ok: boolean; repeated: boolean; reservation: { id: string; state: string; balanceAfter: number } };
    expect(retried.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ ok: true, repeated: true, reservation: { state: 'reserved', balanceAfter: 30 } });
    const redemptions = await db.query<{ id: string; state: string; request_id: string }>("SELECT id, state, request_id FROM shop_redemptions WHERE volunteer_id = 'V-0005'");
    expect(redemptions.rows).toEqual([{ id: body.reservation.id, state: 'reserved', request_id: reservation.requestId }]);
    const debits = await db.query<{ points: string }>("SELECT points FROM ledger_entries WHERE volunteer_id = 'V-0005' AND kind = 'redeemed'");
    expect(debits.rows.map((r) => Number(r.points))).toEqual([-20]);
    expect(Number((await db.query<{ points: string }>("SELECT points FROM volunteers WHERE id = 'V-0005'")).rows[0]!.points)).toBe(30);
    expect(Number((await db.query<{ stock: string }>("SELECT stock FROM shop_items WHERE site_id = 'SITE-01' AND id = 'tea'")).rows[0]!.stock)).toBe(3);
    await expectNothingLost();
  }, 240_000);
});

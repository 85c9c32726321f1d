// The `central` command as the demo launcher runs it: a child process of the real bin.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../central/store/open-store.ts';
import { PG_MIGRATIONS } from '../../central/store/pg/pg-migrations.ts';
import { SqliteStore } from '../../central/store/sqlite-store.ts';
import { freePort } from '../helpers/free-port.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { STATION_SECRETS } from '../helpers/central-fixture.ts';
import { logged, sigtermAtLogLine } from '../helpers/sigterm-at-log-line.ts';

const BIN = join(import.meta.dirname, '..', '..', 'central', 'bin', 'central.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function central(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const activity = {
  id: 'A-1',
  title: { zh: '文明交通引导', en: 'Traffic guidance' },
  category: 'civilised-traffic',
  startsAt: '2026-12-01T01:00:00.000Z',
  endsAt: '2026-12-01T03:00:00.000Z',
  place: { zh: '人民路口', en: 'Renmin Rd crossing' },
  organiser: { zh: '团委', en: 'Youth League' },
};
const directoryStation = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  name: { zh: '一号站', en: 'Station 1' },
  address: { zh: '人民路1号', en: '1 Renmin Rd' },
  location: { lat: 31.2, lon: 121.4 },
  services: [{ zh: '饮水', en: 'Drinking water' }],
  hours: [{ days: [1, 2, 3, 4, 5], opens: '08:00', closes: '18:00' }],
};

// Each spawn starts tsx, which takes seconds on a loaded 2-core machine.
describe('central CLI', { timeout: 60_000 }, () => {
  let broker: MosquittoBroker;
  let dir: string;
  let configFile: string;
  beforeAll(async () => {
    broker = await startMosquitto({ websockets: false });
    dir = mkdtempSync(join(tmpdir(), 'central-cli-'));
    writeFileSync(join(dir, 'stations.json'), JSON.stringify({ 'ST-0001': { siteId: 'SITE-01', secret: STATION_SECRETS['ST-0001'], name: { zh: '一号站', en: 'Station 1' } } }));
    configFile = join(dir, 'central.json');
    writeFileSync(configFile, JSON.stringify({ broker: { url: broker.url }, dataDir: 'data', http: { port: 0 }, adminHttp: { port: 0 }, stationsFile: 'stations.json' }));
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('prints help, and exits 2 on an unknown command', async () => {
    const help = await central(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('central volunteers import FILE.csv --config FILE');
    const unknown = await central(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: central frobnicate');
  });

  it('exits 2 on a bad config with every problem as path: message', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ broker: { url: 'ftp://x' }, dataDir: '', http: { port: 70000 }, stationsFile: 'missing.json' }));
    const run = await central(['run', '--config', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broker.url: must be an mqtt://');
    expect(run.stderr).toContain('dataDir: ');
    expect(run.stderr).toContain('http.port: ');
    expect(run.stderr).toContain('stationsFile: cannot read');
    expect((await central(['run'])).stderr).toContain('--config FILE is required');
  });

  it('imports volunteers, reports bad rows by line, and exits 1 when any row was bad', async () => {
    const csv = join(dir, 'volunteers.csv');
    writeFileSync(csv, 'id,name,cards,phone\nV-1,张三丰,04A1B2C3,13800138000\nV-2,Li Lei,nothex,\n');
    const run = await central(['volunteers', 'import', csv, '--config', configFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('volunteers: 1 added, 0 updated, 1 problem(s)');
    expect(run.stderr).toContain(`${csv}:3: card 1: card uid is not valid`);
    const store = SqliteStore.open(join(dir, 'data'));
    await store.migrate();
    expect(await store.findVolunteer('V-1')).toMatchObject({ name: '张三丰', cards: ['04A1B2C3'] });
    await store.close();
  });

  it('demo only: imports past check-ins as received on time, lists every problem of a bad file, and records nothing twice', async () => {
    const bad = join(dir, 'bad-history.json');
    writeFileSync(bad, JSON.stringify([{ v: 1, id: 'h-1', stationId: 'ST-0001', seq: 0, method: 'card', card: { uid: 'xyz', tech: 'em4100' }, at: 'yesterday' }]));
    const refused = await central(['demo-history', 'import', bad, '--config', configFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('demo history: nothing recorded');
    expect(refused.stderr).toMatch(/0\.seq: .*\n/);
    expect(refused.stderr).toMatch(/0\.at: .*\n/);
    // 90 days back: far older than the live limit (maxCheckInAgeHours, 6 h). At 10:00 in
    // Shanghai (02:00 UTC) that day, so the 90 minutes never run into the 23:30 auto-close.
    const day = new Date(Date.now() - 90 * 86_400_000);
    const startMs = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2, 0);
    const tap = (id: string, seq: number, atMs: number) => ({ v: 1, id, stationId: 'ST-0001', seq, method: 'card', card: { uid: '04A1B2C3', tech: 'em4100' }, at: new Date(atMs).toISOString() });
    const good = join(dir, 'history.json');
    writeFileSync(good, JSON.stringify([tap(randomUUID(), 1, startMs), tap(randomUUID(), 2, startMs + 90 * 60_000)]));
    const run = await central(['demo-history', 'import', good, '--config', configFile]);
    expect([run.code, run.stdout.trim()]).toEqual([0, 'demo history: 2 check-in(s) recorded, 0 already there, 0 problem(s)']);
    expect((await central(['demo-history', 'import', good, '--config', configFile])).stdout).toContain('0 check-in(s) recorded, 2 already there');
    const store = SqliteStore.open(join(dir, 'data'));
    await store.migrate();
    const sessions = await store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01', volunteerId: 'V-1' });
    expect(sessions).toMatchObject([{ minutes: 90, points: 3, closedBy: 'tap', needsReview: false }]);
    await store.close();
  });

  it('publishes content retained, and refuses invalid content with every problem', async () => {
    const content = join(dir, 'content.json');
    writeFileSync(content, JSON.stringify({ v: 1, activities: { 'SITE-01': [activity] }, directory: [directoryStation] }));
    const run = await central(['content', 'publish', content, '--config', configFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    const retained = new Map<string, { v: number; items: unknown[]; siteId?: string }>();
    client.on('message', (topic, payload, packet) => {
      if (packet.retain) retained.set(topic, JSON.parse(payload.toString()));
    });
    await client.subscribeAsync(['vs/v1/sites/+/activities', 'vs/v1/directory/stations'], { qos: 1 });
    const deadline = Date.now() + 10_000;
    while (retained.size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await client.endAsync();
    expect(retained.get('vs/v1/sites/SITE-01/activities')).toMatchObject({ v: 1, siteId: 'SITE-01', items: [{ id: 'A-1' }] });
    expect(retained.get('vs/v1/directory/stations')).toMatchObject({ v: 1, items: [{ stationId: 'ST-0001' }] });

    const bad = join(dir, 'bad-content.json');
    writeFileSync(bad, JSON.stringify({ v: 1, activities: { 'SITE 1': [{ ...activity, category: 'knitting', endsAt: activity.startsAt }] }, directory: [{ ...directoryStation, location: { lat: 99, lon: 0 } }] }));
    const refused = await central(['content', 'publish', bad, '--config', configFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was published');
    expect(refused.stderr).toContain('activities.SITE 1');
    expect(refused.stderr).toContain('category: must be one of');
    expect(refused.stderr).toContain('directory.0.location.lat');
  });

  it('keeps every publish as a content version, lists them with who and what changed, and rolls back by publishing an old file again', async () => {
    const versionsConfig = join(dir, 'central-versions.json');
    writeFileSync(versionsConfig, JSON.stringify({ broker: { url: broker.url }, dataDir: 'data-versions', http: { port: 0 }, adminHttp: { port: 0 }, stationsFile: 'stations.json' }));
    const none = await central(['content', 'versions', '--config', versionsConfig]);
    expect([none.code, none.stdout]).toEqual([0, expect.stringContaining('no content version yet')]);
    expect((await central(['content', 'rollback', '--config', versionsConfig])).stderr).toContain('no content version has been published yet');

    const v1 = join(dir, 'content-v1.json');
    writeFileSync(v1, JSON.stringify({ v: 1, activities: { 'SITE-01': [activity] }, directory: [directoryStation] }));
    const v2 = join(dir, 'content-v2.json');
    writeFileSync(v2, JSON.stringify({ v: 1, activities: { 'SITE-01': [{ ...activity, id: 'A-2' }] }, directory: [directoryStation] }));
    expect((await central(['content', 'publish', v1, '--config', versionsConfig])).stdout).toContain('content version 1 (activities SITE-01: +1; directory SITE-01: +1)');
    expect((await central(['content', 'publish', v2, '--config', versionsConfig])).stdout).toContain('content version 2 (activities SITE-01: +1 -1)');
    const badTo = await central(['content', 'rollback', '--to', '7', '--config', versionsConfig]);
    expect([badTo.code, badTo.stderr]).toEqual([1, expect.stringContaining('there is no content version 7 to roll back to; versions are 1 to 2')]);
    const rollback = await central(['content', 'rollback', '--config', versionsConfig]);
    expect([rollback.code, rollback.stdout]).toEqual([0, expect.stringContaining('content version 3 (rollback to 1: activities SITE-01: +1 -1)')]);

    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    const seen: unknown[] = [];
    client.on('message', (_topic, payload, packet) => {
      if (packet.retain) seen.push(JSON.parse(payload.toString()));
    });
    await client.subscribeAsync('vs/v1/sites/SITE-01/activities', { qos: 1 });
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    await client.endAsync();
    expect(seen[0]).toMatchObject({ siteId: 'SITE-01', items: [{ id: 'A-1' }] });

    const list = await central(['content', 'versions', '--config', versionsConfig]);
    const rows = list.stdout.trim().split('\n').map((line) => line.split('\t'));
    expect(rows.map(([version, , by, summary]) => [version, by, summary])).toEqual([
      ['3', `cli:${userInfo().username}`, 'rollback to 1: activities SITE-01: +1 -1'],
      ['2', `cli:${userInfo().username}`, 'activities SITE-01: +1 -1'],
      ['1', `cli:${userInfo().username}`, 'activities SITE-01: +1; directory SITE-01: +1'],
    ]);
    expect(rows.every(([, at]) => !Number.isNaN(Date.parse(at!)))).toBe(true);
  });

  it('protocol v2: writes each site\'s rewards catalogue into the store, publishes its rewards view, and lists every problem of a bad one', async () => {
    const rice = { id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 2, monthlyLimit: 1 };
    const content = join(dir, 'rewards.json');
    writeFileSync(content, JSON.stringify({ v: 1, activities: {}, directory: [directoryStation], rewards: { 'SITE-01': [rice, { id: 'soap', name: { zh: '肥皂', en: 'Soap' }, price: 5, stock: 40 }] } }));
    const run = await central(['content', 'publish', content, '--config', configFile]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('rewards SITE-01: 2 added, 0 updated, 0 retired; stock corrected: rice 0 -> 2, soap 0 -> 40');
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    let view: { v: number; items: { id: string; availability: string }[] } | undefined;
    client.on('message', (_topic, payload) => (view = JSON.parse(payload.toString())));
    await client.subscribeAsync('vs/v1/sites/SITE-01/rewards', { qos: 1 });
    const deadline = Date.now() + 10_000;
    while (!view && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await client.endAsync();
    expect(view).toMatchObject({ v: 2, siteId: 'SITE-01', items: [{ id: 'soap', availability: 'available' }, { id: 'rice', availability: 'few-left', monthlyLimit: 1 }] });
    expect(JSON.stringify(view)).not.toContain('"stock"');
    const store = SqliteStore.open(join(dir, 'data'));
    await store.migrate();
    expect((await store.shop.listItems('SITE-01')).map((i) => [i.id, i.stock])).toEqual([['soap', 40], ['rice', 2]]);
    expect((await store.shop.listAudit('SITE-01')).filter((e) => e.kind === 'stock-corrected').map((e) => e.actor)).toEqual(['content:rewards.json', 'content:rewards.json']);
    await store.close();

    const bad = join(dir, 'bad-rewards.json');
    const badItems = [{ ...rice, price: 0, stock: -1 }, { ...rice, photo: '../../etc/passwd', monthlyLimit: 1.5 }, { id: 'x', name: { zh: '', en: 'X' }, price: 3 }];
    writeFileSync(bad, JSON.stringify({ v: 1, activities: {}, directory: [directoryStation], rewards: { 'SITE-01': badItems, 'SITE-99': [{ id: 'y', name: { zh: '毛巾', en: 'Towel' }, price: 3 }] } }));
    const refused = await central(['content', 'publish', bad, '--config', configFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was published');
    for (const problem of ['rewards.SITE-01.0.price: price must be at least 1', 'rewards.SITE-01.0.stock: stock must not be negative', 'rewards.SITE-01.1.photo: must be a relative image path', 'rewards.SITE-01.1.monthlyLimit: monthlyLimit must be a whole number', 'rewards.SITE-01.2.name.zh: must not be empty']) {
      expect(refused.stderr).toContain(problem);
    }
    const crossChecks = join(dir, 'bad-rewards-2.json');
    writeFileSync(crossChecks, JSON.stringify({ v: 1, activities: {}, directory: [directoryStation], rewards: { 'SITE-01': [rice, rice], 'SITE-99': [rice] } }));
    const refusedAgain = await central(['content', 'publish', crossChecks, '--config', configFile]);
    expect(refusedAgain.code).toBe(1);
    expect(refusedAgain.stderr).toContain('rewards.SITE-01.1.id: rice is already listed at rewards.SITE-01.0');
    expect(refusedAgain.stderr).toContain('rewards.SITE-99: no station of the directory is at site SITE-99');
  });

  /** `central run` until /healthz answers, then SIGTERM; returns its exit code and log. */
  async function runUntilHealthy(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
    const child = spawn(process.execPath, [BIN, 'run', '--config', configFile], { env: { ...process.env, VS_CENTRAL_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let port: number | undefined;
    const deadline = Date.now() + 15_000;
    while (port === undefined && Date.now() < deadline) {
      const line = stdout.split('\n').find((l) => l.includes('"msg":"http listening"'));
      if (line) port = (JSON.parse(line) as { port: number }).port;
      else await new Promise((r) => setTimeout(r, 50));
    }
    try {
      expect(port).toBeGreaterThan(0);
      let health: Response | undefined;
      while (Date.now() < deadline) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (health.status === 200) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await health!.json()).toEqual({ ok: true, mqtt: 'connected' });
    } finally {
      child.kill('SIGTERM');
    }
    return { code: await exited, stdout };
  }

  it('runs the service: logs the HTTP port it bound, serves /healthz, stops cleanly on SIGTERM', async () => {
    const { code, stdout } = await runUntilHealthy();
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"central stopped"');
  });

  describe('with a PostgreSQL store (VS_CENTRAL_STORE_URL)', () => {
    const postgres = usePostgres();

    /** A fresh database; its URL carries a password that must never reach a log. */
    async function storeEnv(): Promise<{ url: string; env: Record<string, string> }> {
      const url = new URL(await postgres.freshDatabaseUrl());
      url.password = 'not-for-logs';
      return { url: url.toString(), env: { VS_CENTRAL_STORE_URL: url.toString() } };
    }

    it('imports volunteers into the PostgreSQL store', async () => {
      const { url, env } = await storeEnv();
      const csv = join(dir, 'volunteers-pg.csv');
      writeFileSync(csv, 'id,name,cards\nV-7,王小明,0A0B0C0D\n');
      const run = await central(['volunteers', 'import', csv, '--config', configFile], env);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('volunteers: 1 added, 0 updated, 0 problem(s)');
      const store = await openStore({ store: { kind: 'postgres', url } });
      await store.migrate();
      expect(await store.findVolunteer('V-7')).toMatchObject({ cards: ['0A0B0C0D'] });
      await store.close();
    });

    it('runs the service on PostgreSQL, naming the store without its password', async (context) => {
      const { url, env } = await storeEnv();
      const probe = await openStore({ store: { kind: 'postgres', url } });
      await probe.migrate();
      const complete = [probe.shop, probe.phone, probe.reviews, probe.certificates, probe.reports].every((part) => part !== undefined);
      await probe.close();
      // `central run` serves the shop and the phone pages too: their PG stores come with issue 13's pg-shop and pg-phone.
      if (!complete) context.skip('the PostgreSQL shop, reviews, phone, certificates and reports stores are not built yet');
      const { code, stdout } = await runUntilHealthy(env);
      expect(code, stdout).toBe(0);
      const ready = stdout.split('\n').find((l) => l.includes('"msg":"store ready"'));
      expect(JSON.parse(ready!)).toMatchObject({ store: 'postgres', schemaVersion: PG_MIGRATIONS.at(-1)!.version });
      expect(stdout).not.toContain('not-for-logs');
    });
  });

  // SIGTERM at each step of start-up, the earliest first: the handlers are installed
  // before start-up begins, start-up finishes, then central stops and exits 0.
  describe('a stop during start-up', () => {
    const msgs = (lines: Record<string, unknown>[]) => lines.map((line) => line.msg);

    it.each([
      ['its first log line', () => true],
      ['"http listening"', logged('http listening')],
      ['"waiting for the broker"', logged('waiting for the broker')],
    ])('SIGTERM right after %s: central stops cleanly and exits 0', async (_when, at) => {
      const run = await sigtermAtLogLine(BIN, ['run', '--config', configFile], at, { VS_CENTRAL_LOG_LEVEL: 'info' });
      expect({ code: run.code, signal: run.signal }, run.output).toEqual({ code: 0, signal: null });
      expect(msgs(run.lines)).toContain('stopping');
      expect(msgs(run.lines).at(-1)).toBe('central stopped');
    });

    it('SIGTERM while start-up waits for a broker that is not there: central stops waiting, stops cleanly and exits 0', async () => {
      const noBroker = join(dir, 'no-broker.json');
      writeFileSync(noBroker, JSON.stringify({ broker: { url: `mqtt://127.0.0.1:${await freePort()}` }, dataDir: 'data-no-broker', http: { port: 0 }, adminHttp: { port: 0 }, stationsFile: 'stations.json' }));
      const run = await sigtermAtLogLine(BIN, ['run', '--config', noBroker], logged('waiting for the broker'), { VS_CENTRAL_LOG_LEVEL: 'info' });
      expect({ code: run.code, signal: run.signal }, run.output).toEqual({ code: 0, signal: null });
      expect(msgs(run.lines)).not.toContain('consuming check-ins');
      expect(msgs(run.lines).at(-1)).toBe('central stopped');
    });
  });
});

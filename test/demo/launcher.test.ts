/** The launcher's options, port checks, web server routes, terminal keys and build freshness. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { loadCentralConfig } from '../../central/config.ts';
import { verifyManagerPassword } from '../../central/managers/manager-password.ts';
import { DemoSecretsFileError, writeDemoFiles } from '../../demo/demo-files.ts';
import { DemoOptionsError, parseDemoOptions, USAGE } from '../../demo/options.ts';
import { keyAction } from '../../demo/terminal-keys.ts';
import { startWebServer, type WebServer } from '../../demo/web/web-server.ts';
import { webBuildIsStale } from '../../demo/web-build.ts';
import { commandName, descendants, isAlive, startTime } from '../helpers/process-tree.ts';
import { DEMO_VOLUNTEERS } from '../../demo/data/volunteers.ts';
import pg from 'pg';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('options', () => {
  it('lays the ports out from a base, from flags or from VS_DEMO_* variables', () => {
    expect(parseDemoOptions([], {})?.ports).toEqual({ web: 18800, mqtt: 18801, ws: 18802, central: 18803 });
    expect(parseDemoOptions(['--port-base', '20000'], {})?.ports).toEqual({ web: 20000, mqtt: 20001, ws: 20002, central: 20003 });
    const fromEnv = parseDemoOptions(['--ws-port', '9001'], { VS_DEMO_PORT_BASE: '21000', VS_DEMO_CENTRAL_PORT: '8090', VS_DEMO_KEYS: 'false', VS_DEMO_VAR_DIR: '/tmp/x' });
    expect(fromEnv).toMatchObject({ ports: { web: 21000, mqtt: 21001, ws: 9001, central: 8090 }, keys: false, varDir: '/tmp/x' });
    expect(parseDemoOptions(['--help'], {})).toBeNull();
  });

  it('lists every bad option by name', () => {
    const error = (() => {
      try {
        parseDemoOptions(['--web-port', 'eighty', '--mqtt-port', '70000'], { VS_DEMO_PORT_BASE: '12' });
      } catch (err) {
        return err as DemoOptionsError;
      }
    })();
    expect(error).toBeInstanceOf(DemoOptionsError);
    expect(error?.issues.join('\n')).toMatch(/portBase/);
    expect(error?.issues.join('\n')).toMatch(/webPort/);
    expect(error?.issues.join('\n')).toMatch(/mqttPort/);
    expect(() => parseDemoOptions(['--bogus'], {})).toThrow(DemoOptionsError);
    expect(() => parseDemoOptions(['--web-port', '9000', '--ws-port', '9000'], {})).toThrow(/9000 is already used/);
  });
});

describe('a busy port', () => {
  it('stops npm start before anything runs, naming the port and how to choose another', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const busy = (blocker.address() as { port: number }).port;
    const varDir = tempDir('demo-busy-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--no-keys', '--var-dir', varDir, '--central-port', String(busy)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`Port ${busy} (central service (HTTP)) on 127.0.0.1 is already in use`);
    expect(output).toContain('--port-base');
    expect(output).toContain('--central-port N');
  });
});

describe('a part that fails to start', () => {
  it('stops the demo with that part\'s own error and leaves no process behind', async () => {
    const varDir = tempDir('demo-failing-');
    // A build newer than every source, so the launcher does not build (the web server is never reached).
    const dist = tempDir('demo-failing-dist-');
    writeFileSync(join(dist, 'index.html'), '');
    const [web, mqtt, ws, central] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'demo/main.ts', '--no-keys', '--var-dir', varDir, '--kiosk-dist', dist,
        '--web-port', String(web), '--mqtt-port', String(mqtt), '--ws-port', String(ws), '--central-port', String(central)],
      // An override the agents' config schema refuses (the demo passes VS_AGENT_* through, as a debugging knob).
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VS_AGENT_DEBOUNCE_MS: '-5' } },
    );
    let output = '';
    const seen = new Set<number>();
    const watch = setInterval(() => descendants(child.pid!).forEach((pid) => seen.add(pid)), 100);
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(watch);
    expect(code).toBe(1);
    expect(output).toMatch(/agent ST-000\d stopped \(exit code 2\)/);
    expect(output).toContain('debounceMs');
    expect(output).toContain('Stopped.');
    expect(seen.size).toBeGreaterThan(0);
    await expect.poll(() => [...seen].filter(isAlive), { timeout: 10_000 }).toEqual([]);
  }, 120_000);
});

/** Dist folders newer than every source, so the launcher builds nothing. */
function prebuiltDists(): string[] {
  return ['kiosk', 'console', 'phone'].flatMap((app) => {
    const dist = tempDir(`demo-${app}-dist-`);
    writeFileSync(join(dist, 'index.html'), '<p>built</p>');
    return [`--${app}-dist`, dist];
  });
}

function logLines(file: string): { msg?: string; holder?: string; id?: string }[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string; holder?: string; id?: string });
  } catch {
    return [];
  }
}

describe('npm start -- --store postgres', () => {
  /** Starts `npm start -- --store postgres` on free ports; resolves once it printed "demo ready". */
  async function startPostgresDemo(varDir: string, env: Record<string, string> = {}) {
    const [web, mqtt, ws, central, replica] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'demo/main.ts', '--store', 'postgres', '--no-keys', '--var-dir', varDir, ...prebuiltDists(),
        '--web-port', String(web), '--mqtt-port', String(mqtt), '--ws-port', String(ws), '--central-port', String(central), '--central-replica-port', String(replica)],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
    );
    // 'close', not 'exit': the last lines ("Stopped.") may still be in the pipe at exit.
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const run = { child, exited, output: '', seen: new Set<number>(), names: new Map<number, string>(), started: new Map<number, string>(), central, replica };
    const watch = setInterval(() => {
      for (const pid of descendants(child.pid!)) {
        run.seen.add(pid);
        const name = commandName(pid);
        const started = startTime(pid);
        if (name !== undefined) run.names.set(pid, name);
        if (started !== undefined && !run.started.has(pid)) run.started.set(pid, started);
      }
    }, 100);
    // A failed test must not leave the demo's parts behind: they run in their own process
    // groups, so killing the launcher alone would orphan them (same start time: not a reused pid).
    cleanups.push(() => {
      clearInterval(watch);
      child.kill('SIGKILL');
      for (const [pid, started] of run.started) if (startTime(pid) === started) process.kill(pid, 'SIGKILL');
    });
    void exited.then(() => clearInterval(watch));
    child.stdout.on('data', (d: Buffer) => (run.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (run.output += d.toString()));
    await expect.poll(() => run.output.includes('"msg":"demo ready"') || child.exitCode !== null, { timeout: 150_000, interval: 200 }).toBe(true);
    const ready = JSON.parse(run.output.split('\n').find((l) => l.includes('"msg":"demo ready"')) ?? '{}') as { postgresUrl?: string; centralPorts?: number[]; agentHttpPorts?: Record<string, number> };
    // The same object, so `output` keeps growing after this returns.
    return Object.assign(run, { ready });
  }

  /** Ctrl-C: exit 0, and every process the demo started (PostgreSQL's too) is gone. */
  async function stopWithCtrlC(run: Awaited<ReturnType<typeof startPostgresDemo>>) {
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output).toContain('Stopped.');
    await expect.poll(() => [...run.seen].filter(isAlive), { timeout: 15_000 }).toEqual([]);
  }

  it('starts PostgreSQL, Mosquitto and two central replicas that share the check-ins, Ctrl-C leaves nothing behind, and a restart keeps the data', async () => {
    const varDir = tempDir('demo-pg-');
    // Debug logs name every check-in a replica receives; a long ack timeout keeps the
    // agents from resending one (a resend may rightly go to the other replica).
    const run = await startPostgresDemo(varDir, { VS_CENTRAL_LOG_LEVEL: 'debug', VS_AGENT_ACK_TIMEOUT_MS: '600000' });
    const { ready, output } = run;
    expect(ready.centralPorts, output).toEqual([run.central, run.replica]);
    expect(output).toContain(`Central replica 2      http://127.0.0.1:${run.replica}/c/`);
    expect(output).toMatch(/PostgreSQL store\s+postgres:\/\/vs@127\.0\.0\.1:\d+\/volunteers/);
    expect(ready.postgresUrl).not.toMatch(/:[^/@]*@/); // no password in what is printed
    expect(output).toContain("Recorded the demo volunteers' service");
    expect(output).toMatch(/Mosquitto \(MQTT\)\s+mqtt:\/\/127\.0\.0\.1:\d+\s+ws:\/\/127\.0\.0\.1:\d+/);

    const logs = [join(varDir, 'logs', 'central.log'), join(varDir, 'logs', 'central-2.log')];
    const consuming = () => logs.map((file) => logLines(file).find((l) => l.msg === 'consuming check-ins') as { filter?: string } | undefined);
    await expect.poll(() => consuming().every((l) => l !== undefined), { timeout: 30_000 }).toBe(true);
    expect(consuming().map((l) => l?.filter)).toEqual(['$share/central/vs/v1/stations/+/checkins', '$share/central/vs/v1/stations/+/checkins']);
    const gained = () => logs.flatMap((file) => logLines(file).filter((l) => l.msg === 'this replica now runs the run-once jobs'));
    await expect.poll(() => gained().length, { timeout: 30_000 }).toBe(1);
    // The lease in the shared database names that replica, and nobody else took it.
    const client = new pg.Client({ connectionString: ready.postgresUrl });
    await client.connect();
    const leases = await client.query<{ holder: string }>("SELECT holder FROM job_leases WHERE name = 'central-jobs'").finally(() => client.end());
    expect(leases.rows.map((r) => r.holder)).toEqual([gained()[0]!.holder]);

    // Ten taps, each a different volunteer's card: Mosquitto hands each check-in to one replica.
    const stations = Object.entries(ready.agentHttpPorts ?? {});
    expect(stations).toHaveLength(2);
    const tapped: string[] = [];
    for (const [i, volunteer] of DEMO_VOLUNTEERS.slice(1, 11).entries()) {
      const [, port] = stations[i % stations.length]!;
      const reply = await fetch(`http://127.0.0.1:${port}/simulate-tap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uid: volunteer.cardUid }) });
      const body = (await reply.json()) as { outcome?: string; id?: string };
      expect(body.outcome, JSON.stringify(body)).toBe('recorded');
      tapped.push(body.id!);
    }
    const receivedBy = () => logs.map((file) => new Set(logLines(file).filter((l) => l.msg === 'check-in received').map((l) => l.id)));
    await expect.poll(() => tapped.every((id) => receivedBy().some((ids) => ids.has(id))), { timeout: 60_000 }).toBe(true);
    const [byOne, byTwo] = receivedBy() as [Set<string>, Set<string>];
    expect(tapped.filter((id) => byOne.has(id) && byTwo.has(id)), 'check-ins consumed by both replicas').toEqual([]);
    expect(tapped.filter((id) => byOne.has(id)).length, 'replica 1 took part').toBeGreaterThan(0);
    expect(tapped.filter((id) => byTwo.has(id)).length, 'replica 2 took part').toBeGreaterThan(0);

    // Mosquitto, both replicas, PostgreSQL and the agents are the launcher's children.
    const mosquittoPids = [...run.names].filter(([, name]) => name === 'mosquitto').map(([pid]) => pid);
    expect(mosquittoPids, JSON.stringify([...run.names])).toHaveLength(1);
    expect(run.seen.size).toBeGreaterThanOrEqual(6);
    await stopWithCtrlC(run);
    expect(mosquittoPids.filter(isAlive)).toEqual([]);

    // Same var dir: the same database, so no second helping of demo history.
    const again = await startPostgresDemo(varDir);
    expect(again.ready.centralPorts, again.output).toHaveLength(2);
    expect(again.output).not.toContain("Recorded the demo volunteers' service");
    await stopWithCtrlC(again);
  }, 300_000);

  it('says how to install Mosquitto when it is not there, before starting anything', async () => {
    const varDir = join(tempDir('demo-nomosquitto-'), 'var');
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--store', 'postgres', '--no-keys', '--var-dir', varDir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOSQUITTO_BIN: '/nonexistent/sbin/mosquitto' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
    expect(output).toContain('--store postgres runs a real Mosquitto broker');
    expect(output).toContain('apt-get install mosquitto');
    expect(output).not.toContain('needs PostgreSQL');
    expect(existsSync(varDir), 'nothing written').toBe(false);
  });

  it('says how to install PostgreSQL when it is not there, before starting anything', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--store', 'postgres', '--no-keys', '--var-dir', tempDir('demo-nopg-')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VS_PG_BIN: '/nonexistent/postgresql/bin' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
    expect(output).toContain('--store postgres needs PostgreSQL');
    expect(output).toContain('apt-get install postgresql');
  });

  it('lists --store in --help and takes it from VS_DEMO_STORE, with a second replica port', () => {
    expect(parseDemoOptions(['--store', 'postgres', '--port-base', '20000'], {})).toMatchObject({ store: 'postgres', ports: { central: 20003, centralReplica: 20004 } });
    expect(parseDemoOptions([], { VS_DEMO_STORE: 'postgres' })?.store).toBe('postgres');
    expect(parseDemoOptions([], {})?.ports.centralReplica).toBeUndefined();
    expect(() => parseDemoOptions(['--store', 'mysql'], {})).toThrow(/store/);
    expect(USAGE).toContain('--store KIND');
  });
});

describe('demo files', () => {
  it('keeps secrets across runs and names a damaged secrets file instead of crashing', () => {
    const varDir = tempDir('demo-files-');
    const options = { ports: { web: 1, mqtt: 2, ws: 3, central: 4 }, varDir, kioskDist: 'dist/kiosk', consoleDist: 'dist/console', keys: false };
    const first = writeDemoFiles(options);
    const second = writeDemoFiles(options);
    expect(second.kioskConfigs['ST-0001']?.checkin.kioskKey).toBe(first.kioskConfigs['ST-0001']?.checkin.kioskKey);
    // Kiosks get their own v2 key, never a station secret.
    const stationSecrets = Object.values(JSON.parse(readFileSync(join(varDir, 'central', 'stations.json'), 'utf8')) as Record<string, { secret: string }>).map((s) => s.secret);
    for (const secret of stationSecrets) expect(JSON.stringify(first.kioskConfigs)).not.toContain(secret);
    expect(second.managerLogin).toEqual(first.managerLogin);
    expect(statSync(join(varDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    writeFileSync(join(varDir, 'secrets.json'), '{ not json');
    expect(() => writeDemoFiles(options)).toThrow(DemoSecretsFileError);
    expect(() => writeDemoFiles(options)).toThrow(/secrets\.json cannot be read .*Delete it/);
  });

  it('gives central the manager login as a scrypt hash that central verifies, and an admin listener of its own', async () => {
    const files = writeDemoFiles({ ports: { web: 1, mqtt: 2, ws: 3, central: 4 }, varDir: tempDir('demo-files-'), kioskDist: 'dist/kiosk', consoleDist: 'dist/console', keys: false });
    const { config } = loadCentralConfig(files.centralConfigFile, {});
    expect(config.adminHttp).toEqual({ host: '127.0.0.1', port: 0 });
    const hash = config.managers[files.managerLogin.username];
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyManagerPassword(files.managerLogin.password, hash)).toBe(true);
    expect(await verifyManagerPassword(`${files.managerLogin.password}x`, hash)).toBe(false);
  });
});

describe('web server', () => {
  async function serve(): Promise<string> {
    const root = tempDir('demo-web-');
    const dist = join(root, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<p>kiosk</p>');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'export {}');
    const consoleDist = join(root, 'console-dist');
    mkdirSync(join(consoleDist, 'assets'), { recursive: true });
    writeFileSync(join(consoleDist, 'index.html'), '<p>console</p>');
    writeFileSync(join(consoleDist, 'assets', 'console-5678.js'), 'export {}');
    // Beside the build, where a path that escapes it would land.
    writeFileSync(join(root, 'outside-secret.txt'), 'secret');
    const server: WebServer = await startWebServer({
      port: 0,
      kioskDist: dist,
      consoleDist,
      kioskConfigs: { 'ST-0001': { kioskId: 'K-0001' } },
      consoleConfig: { brokerUrl: 'ws://127.0.0.1:1' },
      indexHtml: '<h1>demo</h1>',
    });
    cleanups.push(() => server.close());
    return `http://127.0.0.1:${server.port}`;
  }

  it('serves each kiosk under its station path with its own uncached config', async () => {
    const base = await serve();
    const page = await fetch(`${base}/stations/ST-0001/`);
    expect(await page.text()).toBe('<p>kiosk</p>');
    const config = await fetch(`${base}/stations/ST-0001/kiosk-config.json`);
    expect(await config.json()).toEqual({ kioskId: 'K-0001' });
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/stations/ST-0001/assets/app-1234.js`)).headers.get('content-type')).toContain('text/javascript');
    const redirect = await fetch(`${base}/stations/ST-0001`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/stations/ST-0001/');
  });

  it('serves the console, its config and the index page', async () => {
    const base = await serve();
    expect(await (await fetch(`${base}/console/`)).text()).toBe('<p>console</p>');
    expect((await fetch(`${base}/console/assets/console-5678.js`)).headers.get('content-type')).toContain('text/javascript');
    expect(await (await fetch(`${base}/console/console-config.json`)).json()).toEqual({ brokerUrl: 'ws://127.0.0.1:1' });
    const oldAddress = await fetch(`${base}/console.html`, { redirect: 'manual' });
    expect(oldAddress.status).toBe(301);
    expect(oldAddress.headers.get('location')).toBe('/console/');
    expect(await (await fetch(`${base}/console.html`)).text()).toBe('<p>console</p>');
    expect(await (await fetch(`${base}/`)).text()).toContain('demo');
  });

  it('refuses unknown stations, escapes from the build, bad encodings and writes', async () => {
    const base = await serve();
    expect((await fetch(`${base}/stations/ST-9999/kiosk-config.json`)).status).toBe(404);
    expect((await fetch(`${base}/stations/a+b/`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/outside-secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/stations/ST-0001/%2e%2e%2foutside-secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/console/%2e%2e/outside-secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/nothing-here.js`)).status).toBe(404);
  });
});

describe('terminal keys', () => {
  it('maps digits to stations, u/U to unknown cards and q or Ctrl-C to quit', () => {
    const actions = { tapVolunteer: vi.fn(), tapUnknown: vi.fn(), tapFirstVolunteer: vi.fn(), quit: vi.fn() };
    expect(keyAction('2', 2, actions)).toBe(true);
    expect(actions.tapVolunteer).toHaveBeenLastCalledWith(1);
    expect(keyAction('A', 2, actions)).toBe(true);
    expect(actions.tapFirstVolunteer).toHaveBeenLastCalledWith(1);
    expect(keyAction('3', 2, actions)).toBe(false);
    keyAction('U', 2, actions);
    expect(actions.tapUnknown).toHaveBeenLastCalledWith(1);
    keyAction('\u0003', 2, actions);
    expect(actions.quit).toHaveBeenCalledTimes(1);
    expect(keyAction('x', 2, actions)).toBe(false);
  });
});

describe('web build freshness', () => {
  it.each(['kiosk', 'console', 'phone'] as const)('the %s build is stale when missing or older than one of its own sources', (app) => {
    const repo = tempDir('demo-repo-');
    const other = app === 'kiosk' ? 'console' : 'kiosk';
    for (const dir of [app, other]) {
      mkdirSync(join(repo, dir));
      writeFileSync(join(repo, dir, 'main.ts'), '');
    }
    const dist = join(repo, 'dist');
    expect(webBuildIsStale(repo, app, dist)).toBe(true);
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '');
    const past = new Date(Date.now() - 60_000);
    for (const dir of [app, other]) {
      utimesSync(join(repo, dir, 'main.ts'), past, past);
      utimesSync(join(repo, dir), past, past);
    }
    expect(webBuildIsStale(repo, app, dist)).toBe(false);
    // The other app's sources do not make this build stale.
    writeFileSync(join(repo, other, 'main.ts'), 'changed');
    expect(webBuildIsStale(repo, app, dist)).toBe(false);
    writeFileSync(join(repo, app, 'main.ts'), 'changed');
    expect(webBuildIsStale(repo, app, dist)).toBe(true);
  });
});

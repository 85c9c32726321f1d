// `central managers add NAME --config FILE` as an operator runs it: the real bin, the
// password on standard input, then `central run` reading what it wrote.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManagerPassword } from '../../../central/managers/manager-password.ts';
import { MANAGER_PASSWORD_HASH_PATTERN } from '../../../shared/manager-password-hash.ts';
import { STATION_SECRETS } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'central', 'bin', 'central.js');

function central(args: string[], stdin: string | undefined): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

type ConfigFile = { managers?: Record<string, string> } & Record<string, unknown>;
const readConfig = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ConfigFile;

// Each spawn starts tsx, which takes seconds on a loaded 2-core machine.
describe('central managers add', { timeout: 60_000 }, () => {
  let broker: MosquittoBroker;
  let dir: string;
  let configFile: string;
  const base = () => ({
    broker: { url: broker.url },
    dataDir: 'data',
    http: { port: 0 },
    adminHttp: { port: 0 },
    stationsFile: 'stations.json',
    timeBank: { pointsPerHour: 3 },
  });

  beforeAll(async () => {
    broker = await startMosquitto({ websockets: false });
    dir = mkdtempSync(join(tmpdir(), 'central-managers-'));
    writeFileSync(join(dir, 'stations.json'), JSON.stringify({ 'ST-0001': { siteId: 'SITE-01', secret: STATION_SECRETS['ST-0001'], name: { zh: '一号站', en: 'Station 1' } } }));
    configFile = join(dir, 'central.json');
    writeFileSync(configFile, JSON.stringify(base()), { mode: 0o644 });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('creates a manager from the password on stdin, keeping the rest of the file, mode 0600', async () => {
    const run = await central(['managers', 'add', 'alice', '--config', configFile], 'first password 1\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`manager alice added to ${configFile}`);
    const config = readConfig(configFile);
    expect(config.managers?.alice).toMatch(MANAGER_PASSWORD_HASH_PATTERN);
    expect(JSON.stringify(config)).not.toContain('first password 1');
    expect(await verifyManagerPassword('first password 1', config.managers?.alice)).toBe(true);
    const { managers: _managers, ...rest } = config;
    expect(rest).toEqual(base());
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
  });

  it('rotates: a second add sets a new password, and the old one stops working; other managers stay', async () => {
    expect((await central(['managers', 'add', 'bob', '--config', configFile], 'bobs own password\n')).code).toBe(0);
    const bobBefore = readConfig(configFile).managers?.bob;
    const run = await central(['managers', 'add', 'alice', '--config', configFile], 'second password 2');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('manager alice: new password set');
    const { managers } = readConfig(configFile);
    expect(await verifyManagerPassword('second password 2', managers?.alice)).toBe(true);
    expect(await verifyManagerPassword('first password 1', managers?.alice)).toBe(false);
    expect(managers?.bob).toBe(bobBefore);
  });

  it.each([
    ['an empty password', '', 'no password given'],
    ['an empty line', '\n', 'no password given'],
    ['a short password', 'short\n', 'the password is too short: use at least 12 characters'],
  ])('refuses %s, exits 2 and leaves the file as it was', async (_what, stdin, message) => {
    const before = readFileSync(configFile, 'utf8');
    const run = await central(['managers', 'add', 'alice', '--config', configFile], stdin);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('nothing was changed');
    expect(readFileSync(configFile, 'utf8')).toBe(before);
  });

  it('is in central --help', async () => {
    const help = await central(['--help'], undefined);
    expect(help.stdout).toContain('central managers add NAME --config FILE');
    expect(help.stdout).toContain('"adminHttp" (default 127.0.0.1:8091)');
  });

  it('refuses a bad name and a missing --config', async () => {
    const bad = await central(['managers', 'add', 'a b', '--config', configFile], 'a fine long password\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a valid manager name');
    expect((await central(['managers', 'add', 'carol'], 'a fine long password\n')).stderr).toContain('--config FILE is required');
  });

  it('central run accepts what it wrote: the manager signs in with the new password only', async () => {
    const child = spawn(process.execPath, [BIN, 'run', '--config', configFile], { env: { ...process.env, VS_CENTRAL_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const line = await eventually(() => stdout.split('\n').find((l) => l.includes('"msg":"admin http listening"')), 30_000, 'the admin listener');
      const { port } = JSON.parse(line) as { port: number };
      const as = (password: string) => fetch(`http://127.0.0.1:${port}/api/seq-gaps`, { headers: { authorization: `Basic ${Buffer.from(`alice:${password}`).toString('base64')}` } });
      expect((await as('second password 2')).status).toBe(200);
      expect((await as('first password 1')).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('central run refuses an old sha256: entry at start, saying the exact command that re-creates it', async () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...base(), managers: { carol: `sha256:${'ab'.repeat(32)}` } }));
    const run = await central(['run', '--config', old], undefined);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`managers.carol: is an unsalted "sha256:" hash, which central no longer accepts: set this manager's password again with "central managers add carol --config ${old}"`);
    expect(run.stdout).not.toContain('http listening');

    // Following the advice fixes it, even though the file was refused.
    const fix = await central(['managers', 'add', 'carol', '--config', old], 'carols new password\n');
    expect(fix.code).toBe(0);
    expect(await verifyManagerPassword('carols new password', readConfig(old).managers?.carol)).toBe(true);
  });
});

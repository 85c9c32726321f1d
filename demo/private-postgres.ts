/**
 * A private PostgreSQL server in a temp folder, on a free loopback port: the tests'
 * database (as `test/helpers/mosquitto.ts` is their broker) and the demo's with
 * `--store postgres`. Debian's server refuses to run as root, so under root the data
 * folder goes to the `postgres` user and the server runs as that user.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers/free-port.ts';

export interface PrivatePostgres {
  port: number;
  /** Superuser URL of database `postgres`; use createDatabase() for a fresh one. */
  adminUrl: string;
  dir: string;
  /** Creates an empty database owned by the superuser and returns its URL. */
  createDatabase(name: string): Promise<string>;
  log(): string;
  stop(): Promise<void>;
  /** From a synchronous exit handler: immediate shutdown, nothing awaited. */
  killNow(): void;
}

export interface PrivatePostgresOptions {
  /** Keep the folder after stop() (the demo keeps its data in ./var). */
  dir?: string;
  /** Tests trade durability of the server itself for speed; never in the demo's real mode. */
  fsync?: boolean;
  /**
   * Own process group, so a terminal's Ctrl-C reaches only its parent, which stops the
   * server last (the demo: central replicas still write while they stop).
   */
  detached?: boolean;
}

const SUPERUSER = 'vs';

/** The newest Debian PostgreSQL, or `VS_PG_BIN`. */
export function postgresBinDir(): string {
  if (process.env.VS_PG_BIN) return process.env.VS_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: run `apt-get install postgresql` (or set VS_PG_BIN to its bin folder)');
  }
  return join(root, versions[0]!, 'bin');
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pg-'));
  mkdirSync(dir, { recursive: true });
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { stdio: 'pipe', ...(user ?? {}) },
    );
  }
  const port = await freePort();
  let output = '';
  const args = [
    '-D', data,
    '-p', String(port),
    '-k', dir,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'max_connections=200',
    ...(options.fsync === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const child: ChildProcess = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached === true, ...(user ?? {}) });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} before accepting connections:\n${output}`);
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    port,
    adminUrl,
    dir,
    log: () => output,
    killNow: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    },
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": use lowercase letters, digits and _`);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGINT'); // fast shutdown: roll back open transactions, then exit
        });
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

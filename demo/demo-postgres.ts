/**
 * `npm start -- --store postgres`: a private PostgreSQL whose data stays in the demo's
 * var dir (VAR-DIR/postgres), so a restart keeps every check-in. Unlike the tests'
 * servers it keeps fsync on: this is the demo of a store that must not lose a write.
 */
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { postgresBinDir, startPrivatePostgres } from './private-postgres.ts';

export const DEMO_DATABASE = 'volunteers';

export interface DemoPostgres {
  /** The database the central replicas share (the private server trusts loopback: no password). */
  url: string;
  dir: string;
  /** True when this start created the database (the demo then seeds its history). */
  freshDatabase: boolean;
  stop(): Promise<void>;
  killNow(): void;
}

/** Null when PostgreSQL is installed; otherwise what to tell the user. */
export function postgresMissing(): string | null {
  let problem: string;
  try {
    const bin = postgresBinDir();
    if (existsSync(join(bin, 'postgres')) && existsSync(join(bin, 'initdb'))) return null;
    problem = `no postgres and initdb in ${bin}`;
  } catch (err) {
    problem = (err as Error).message;
  }
  return `--store postgres needs PostgreSQL's server programs on this machine, and they are not here (${problem}).\n` +
    'Install them (Debian/Ubuntu: sudo apt-get install postgresql), or run the demo without --store postgres.';
}

export async function startDemoPostgres(varDir: string): Promise<DemoPostgres> {
  // Under root the server runs as the postgres user (private-postgres.ts), which must be
  // able to pass through the var dir to its own folder: traverse only, no listing.
  if (process.getuid?.() === 0) chmodSync(varDir, 0o711);
  const server = await startPrivatePostgres({ dir: join(varDir, 'postgres'), detached: true });
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    let exists: boolean;
    try {
      exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEMO_DATABASE])).rowCount !== 0;
    } finally {
      await admin.end();
    }
    const url = exists ? server.adminUrl.replace(/\/postgres$/, `/${DEMO_DATABASE}`) : await server.createDatabase(DEMO_DATABASE);
    return { url, dir: server.dir, freshDatabase: !exists, stop: () => server.stop(), killNow: () => server.killNow() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

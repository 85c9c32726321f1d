/**
 * The system as `npm start` runs it (demo/main.ts: broker, central, two agents, the
 * web server, demo content), on free ports with a throwaway var directory. The
 * launcher builds whichever of dist/kiosk, dist/console and dist/phone is stale.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/free-port.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 300_000;

export interface RunningDemo {
  ports: { web: number; mqtt: number; ws: number; central: number };
  kioskUrl: string;
  consoleUrl: string;
  /** The trivial index page of the same web server. */
  indexUrl: string;
  /** The phone app without a code (central's public listener). */
  phoneUrl: string;
  /** The phone check-in address prefix the kiosk QR carries. */
  phoneCheckinPrefix: string;
  stop(): Promise<void>;
}

export async function startDemo(): Promise<RunningDemo> {
  const ports = { web: await freePort(), mqtt: await freePort(), ws: await freePort(), central: await freePort() };
  const work = mkdtempSync(join(tmpdir(), 'bench-web-'));
  const launcher: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'demo/main.ts', '--no-keys', '--var-dir', join(work, 'var'), '--web-port', String(ports.web), '--mqtt-port', String(ports.mqtt), '--ws-port', String(ports.ws), '--central-port', String(ports.central)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => launcher.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
      launcher.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
      const poll = setInterval(() => {
        if (!output.includes('"demo ready"')) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 200);
    });
  } catch (err) {
    launcher.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
  const web = `http://127.0.0.1:${ports.web}`;
  return {
    ports,
    kioskUrl: `${web}/stations/ST-0001/`,
    consoleUrl: `${web}/console/`,
    indexUrl: `${web}/`,
    phoneUrl: `http://localhost:${ports.central}/phone/`,
    phoneCheckinPrefix: `http://localhost:${ports.central}/c/`,
    async stop() {
      // As Ctrl-C does: the launcher stops every part it started.
      launcher.kill('SIGINT');
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}

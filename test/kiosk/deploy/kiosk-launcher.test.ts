/** The launcher waits for the origin, then runs Chromium under cage with the touchscreen flags. */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.ts';

const LAUNCHER = fileURLToPath(new URL('../../../kiosk/deploy/kiosk-launcher.sh', import.meta.url));

function fakeCage(dir: string): { bin: string; argsFile: string } {
  const argsFile = join(dir, 'args.txt');
  const bin = join(dir, 'cage');
  writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$@" > ${argsFile}\n`);
  chmodSync(bin, 0o755);
  return { bin, argsFile };
}

function runLauncher(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', [LAUNCHER], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('kiosk launcher', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('waits until the origin answers, then launches Chromium in kiosk mode with touch flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
    const cage = fakeCage(dir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/stations/ST-0001/`;
    const run = runLauncher({ KIOSK_URL: url, KIOSK_PROFILE_DIR: join(dir, 'profile'), CAGE_BIN: cage.bin, CHROMIUM_BIN: '/usr/bin/chromium' });
    // The origin comes up 1.5 s later; the launcher must still be waiting.
    await new Promise((r) => setTimeout(r, 1_500));
    server = createServer((_req, res) => res.end('ok')).listen(port, '127.0.0.1');
    const { code, stderr } = await run;
    expect(code).toBe(0);
    expect(stderr).toContain('waiting for');
    const args = readFileSync(cage.argsFile, 'utf8').split('\n');
    expect(args.slice(0, 3)).toEqual(['-d', '--', '/usr/bin/chromium']);
    expect(args).toContain('--kiosk');
    expect(args).toContain(url);
    for (const flag of ['--noerrdialogs', '--disable-translate', '--disable-pinch', '--overscroll-history-navigation=0']) expect(args).toContain(flag);
    // The screen watchdog's DevTools endpoint, on loopback only.
    expect(args).toContain('--remote-debugging-address=127.0.0.1');
    expect(args).toContain('--remote-debugging-port=9222');
    // The profile holds the check-in key: the kiosk user's alone, though the test's umask is not 0077.
    expect((statSync(join(dir, 'profile')).mode & 0o777).toString(8)).toBe('700');
  });

  it('gives up waiting after KIOSK_WAIT_SECONDS and starts from the offline copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
    const cage = fakeCage(dir);
    const port = await freePort();
    const { code, stderr } = await runLauncher({ KIOSK_URL: `http://127.0.0.1:${port}/`, KIOSK_WAIT_SECONDS: '2', KIOSK_PROFILE_DIR: join(dir, 'p'), CAGE_BIN: cage.bin });
    expect(code).toBe(0);
    expect(stderr).toContain('did not answer within 2s');
    expect(readFileSync(cage.argsFile, 'utf8')).toContain('--kiosk');
  });

  it('refuses to start without KIOSK_URL', async () => {
    const { code, stderr } = await runLauncher({});
    expect(code).not.toBe(0);
    expect(stderr).toContain('KIOSK_URL must be set');
  });
});

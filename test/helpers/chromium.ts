/** Debian's Chromium driven by playwright-core: no browser download, ever. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A persistent profile, for tests that need a service worker and storage to survive
 * a reload or a browser restart (offline boot).
 */
export async function launchPersistentChromium(userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'))): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface DevToolsChromium {
  /** The browser's DevTools WebSocket, bound to 127.0.0.1 on a port Chromium picked. */
  wsEndpoint: string;
  pid: number;
  kill(): Promise<void>;
}

/**
 * Chromium as the kiosk launcher starts it on a station PC: a separate process showing
 * `url`, with remote debugging on loopback, for tests that attach over CDP themselves.
 */
export async function launchChromiumWithDevTools(url: string): Promise<DevToolsChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-devtools-'));
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1', `--user-data-dir=${profile}`, url], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const wsEndpoint = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        child.stderr.off('data', onData);
        child.stderr.resume();
        resolve(match[1]!);
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}) before DevTools listened: ${stderr.slice(-500)}`)));
  });
  return {
    wsEndpoint,
    pid: child.pid!,
    async kill() {
      // The whole process group: Chromium's helpers would otherwise outlive it for a moment.
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/**
 * A real pseudo-terminal pair from socat: the code under test opens `devicePath`
 * like a serial port, and a device emulator reads and writes `hostPath`'s peer.
 * `unplug()` kills socat, which makes both ends vanish as an unplugged USB reader
 * does; `replug()` brings them back at the same paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually.ts';

export interface PtyPair {
  /** The path the code under test opens (as if it were /dev/ttyUSB0). */
  devicePath: string;
  /** The path the device emulator opens. */
  emulatorPath: string;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export const SOCAT_BIN = process.env.SOCAT_BIN ?? 'socat';

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'pty-'));
  const devicePath = join(dir, 'ttyREADER');
  const emulatorPath = join(dir, 'ttyDEVICE');
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(SOCAT_BIN, [`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${emulatorPath}`], { stdio: 'ignore' });
    await eventually(() => existsSync(devicePath) && existsSync(emulatorPath), 5000, 'socat pty links');
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
    await eventually(() => !existsSync(devicePath), 5000, 'socat to remove its links');
  };

  await start();
  return { devicePath, emulatorPath, unplug: stop, replug: start, close: stop };
}

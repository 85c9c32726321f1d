/** Reads a shipped systemd unit's [Service] settings, and runs `systemd-analyze verify` on it where installed. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export function serviceSettings(file: string): Map<string, string> {
  const text = readFileSync(file, 'utf8');
  const body = text.slice(text.indexOf('[Service]'), text.indexOf('[Install]'));
  return new Map(body.split('\n').filter((line) => /^[A-Za-z]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

export const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

/** systemd's complaints about the unit (unknown keys, bad values), less the binaries this machine lacks. */
export function systemdComplaints(file: string): string[] {
  const copy = join(mkdtempSync(join(tmpdir(), 'units-')), basename(file));
  copyFileSync(file, copy);
  const run = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.split('\n').filter((line) => line.trim() !== '' && !/is not executable: No such file or directory/.test(line));
}

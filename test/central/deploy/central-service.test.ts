// The central systemd unit keeps what central writes private and runs the real binary.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const unit = readFileSync(join(root, 'central', 'deploy', 'central.service'), 'utf8');
/** `Key=value` lines of the [Service] section. */
const service = new Map(
  unit
    .split('[Service]')[1]!
    .split('[Install]')[0]!
    .split('\n')
    .filter((line) => /^\w+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

describe('central/deploy/central.service', () => {
  it('sets UMask=0077 and a 0700 state directory, the one folder it may write', () => {
    expect(service.get('UMask')).toBe('0077');
    expect(service.get('StateDirectory')).toBe('central');
    expect(service.get('StateDirectoryMode')).toBe('0700');
    expect(service.get('ReadWritePaths')).toBe('/var/lib/central');
    expect(service.get('User')).toBe('central');
  });

  it('runs the central binary of this repository with a config file', () => {
    const exec = service.get('ExecStart')!;
    expect(exec).toMatch(/^\/opt\/volunteer-stations\/central\/bin\/central\.js run --config \/etc\/central\/central\.json$/);
    expect(existsSync(join(root, exec.split(' ')[0]!.replace('/opt/volunteer-stations/', '')))).toBe(true);
  });
});

/**
 * The files `npm start` writes into var/demo: folders 0700 and files 0600 under a
 * permissive umask (secrets, and outboxes with full card uids), the data folders the
 * agents and central fill included; an older var/demo with loose modes is tightened.
 * The kiosk PIN is the salted PBKDF2 form the kiosk verifies.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KIOSK_PIN, writeDemoFiles } from '../../demo/demo-files.ts';
import type { DemoOptions } from '../../demo/options.ts';
import { parseManagerPinHash, verifyManagerPin } from '../../shared/manager-pin.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

function everything(dir: string): string[] {
  return [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((entry) => join(dir, entry))];
}

function options(varDir: string): DemoOptions {
  return { ports: { web: 18800, mqtt: 18801, ws: 18802, central: 18803 }, varDir, kioskDist: 'dist/kiosk', consoleDist: 'dist/console', keys: false };
}

describe('demo files', () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('makes every folder 0700 and every file 0600, the data folders of central and the agents too', () => {
    const varDir = join(mkdtempSync(join(tmpdir(), 'demo-files-')), 'var', 'demo');
    writeDemoFiles(options(varDir));
    const paths = everything(varDir);
    for (const dir of ['central/data', 'stations/ST-0001/data', 'stations/ST-0002/data', 'logs']) expect(paths).toContain(join(varDir, dir));
    expect(paths.filter((p) => statSync(p).isFile())).toContain(join(varDir, 'secrets.json'));
    for (const path of paths) expect([path, mode(path)]).toEqual([path, statSync(path).isDirectory() ? '700' : '600']);
  });

  it('tightens a var/demo an older demo left readable by others', () => {
    const varDir = mkdtempSync(join(tmpdir(), 'demo-files-'));
    mkdirSync(join(varDir, 'stations', 'ST-0001', 'data'), { recursive: true });
    writeFileSync(join(varDir, 'secrets.json'), '{}');
    for (const path of [varDir, join(varDir, 'stations'), join(varDir, 'stations', 'ST-0001'), join(varDir, 'stations', 'ST-0001', 'data')]) chmodSync(path, 0o755);
    chmodSync(join(varDir, 'secrets.json'), 0o644);
    writeDemoFiles(options(varDir));
    for (const path of everything(varDir)) expect([path, mode(path)]).toEqual([path, statSync(path).isDirectory() ? '700' : '600']);
  });

  it('gives each kiosk the demo PIN as salted PBKDF2', async () => {
    const files = writeDemoFiles(options(mkdtempSync(join(tmpdir(), 'demo-files-'))));
    for (const config of Object.values(files.kioskConfigs)) {
      expect(parseManagerPinHash(config.managerPinHash ?? '')).toMatchObject({ kind: 'pbkdf2', iterations: 600_000 });
      expect(await verifyManagerPin(DEMO_KIOSK_PIN, config.managerPinHash)).toEqual({ ok: true });
      expect(await verifyManagerPin('0000', config.managerPinHash)).toEqual({ ok: false, reason: 'wrong-pin' });
    }
  });
});

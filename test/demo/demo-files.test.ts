/**
 * The files `npm start` writes into var/demo: folders 0700 and files 0600 under a
 * permissive umask (secrets, and outboxes with full card uids), the agents' data
 * folders included; an older var/demo with loose modes is tightened, central's data
 * folder too (which central creates itself, inside the private central folder).
 * The kiosk PIN is the salted PBKDF2 form the kiosk verifies.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

  it('makes every folder 0700 and every file 0600, the agents\' data folders too', () => {
    const varDir = join(mkdtempSync(join(tmpdir(), 'demo-files-')), 'var', 'demo');
    writeDemoFiles(options(varDir));
    const paths = everything(varDir);
    for (const dir of ['central', 'stations/ST-0001/data', 'stations/ST-0002/data', 'logs']) expect(paths).toContain(join(varDir, dir));
    // Left to central: its absence tells the demo to seed the volunteers' history.
    expect(paths).not.toContain(join(varDir, 'central', 'data'));
    expect(paths.filter((p) => statSync(p).isFile())).toContain(join(varDir, 'secrets.json'));
    for (const path of paths) expect([path, mode(path)]).toEqual([path, statSync(path).isDirectory() ? '700' : '600']);
  });

  it('tightens a var/demo an older demo left readable by others', () => {
    const varDir = mkdtempSync(join(tmpdir(), 'demo-files-'));
    mkdirSync(join(varDir, 'stations', 'ST-0001', 'data'), { recursive: true });
    mkdirSync(join(varDir, 'central', 'data'), { recursive: true });
    writeFileSync(join(varDir, 'secrets.json'), '{}');
    const loose = [varDir, join(varDir, 'central'), join(varDir, 'central', 'data'), join(varDir, 'stations'), join(varDir, 'stations', 'ST-0001'), join(varDir, 'stations', 'ST-0001', 'data')];
    for (const path of loose) chmodSync(path, 0o755);
    chmodSync(join(varDir, 'secrets.json'), 0o644);
    writeDemoFiles(options(varDir));
    for (const path of everything(varDir)) expect([path, mode(path)]).toEqual([path, statSync(path).isDirectory() ? '700' : '600']);
  });

  it("keeps central's live check-in age limit, and writes the months of history for `central demo-history import`", () => {
    const files = writeDemoFiles(options(mkdtempSync(join(tmpdir(), 'demo-files-'))));
    const central = JSON.parse(readFileSync(files.centralConfigFile, 'utf8')) as { timeBank?: Record<string, unknown> };
    expect(central.timeBank?.maxCheckInAgeHours).toBeUndefined();
    const history = JSON.parse(readFileSync(files.historyFile, 'utf8')) as { at: string }[];
    expect(history.length).toBeGreaterThan(200);
    expect(Math.min(...history.map((c) => Date.parse(c.at)))).toBeLessThan(Date.now() - 100 * 86_400_000);
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

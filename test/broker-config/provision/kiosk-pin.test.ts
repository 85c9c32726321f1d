/** `npm run provision -- kiosk-pin`: the PIN from standard input into kiosk-config.json, as the kiosk verifies it. */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskConfigSchema, validate } from '../../../shared/index.ts';
import { parseManagerPinHash, verifyManagerPin } from '../../../shared/manager-pin.ts';
import { provisionOk, readJson, tempDir } from '../../helpers/broker-harness.ts';

function kioskPin(out: string, stationId: string, input: string) {
  return spawnSync('npm', ['run', '--silent', 'provision', '--', 'kiosk-pin', stationId, '--out', out], { encoding: 'utf8', input });
}

const kioskFile = (out: string) => join(out, 'stations/ST-0001/kiosk-config.json');

describe('provision kiosk-pin', () => {
  it('writes a salted PBKDF2 hash the kiosk accepts for that PIN only, and keeps the rest of the config', async () => {
    const out = tempDir('prov-pin-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const before = readJson<Record<string, unknown>>(kioskFile(out));
    const run = kioskPin(out, 'ST-0001', '4812\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('provision: station ST-0001: kiosk manager PIN set');
    expect(run.stdout + run.stderr).not.toContain('4812');
    const after = readJson<Record<string, unknown> & { managerPinHash: string }>(kioskFile(out));
    expect(after).toEqual({ ...before, managerPinHash: expect.stringMatching(/^pbkdf2-sha256\$600000\$/) });
    expect(validate(KioskConfigSchema, after).ok).toBe(true);
    expect(parseManagerPinHash(after.managerPinHash)).toMatchObject({ kind: 'pbkdf2', iterations: 600_000 });
    expect(await verifyManagerPin('4812', after.managerPinHash)).toEqual({ ok: true });
    expect(await verifyManagerPin('4813', after.managerPinHash)).toEqual({ ok: false, reason: 'wrong-pin' });
    expect((statSync(kioskFile(out)).mode & 0o777).toString(8)).toBe('600');

    // A re-run of `provision station` keeps the PIN; a new kiosk-pin replaces it, with a new salt.
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    expect(readJson<{ managerPinHash: string }>(kioskFile(out)).managerPinHash).toBe(after.managerPinHash);
    expect(kioskPin(out, 'ST-0001', '4812').status).toBe(0);
    expect(readJson<{ managerPinHash: string }>(kioskFile(out)).managerPinHash).not.toBe(after.managerPinHash);
  });

  it('replaces a legacy sha256: PIN', async () => {
    const out = tempDir('prov-pin-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const config = readJson<Record<string, unknown>>(kioskFile(out));
    writeFileSync(kioskFile(out), JSON.stringify({ ...config, managerPinHash: `sha256:${'a'.repeat(64)}` }), { mode: 0o600 });
    expect(kioskPin(out, 'ST-0001', '2468\r\n').status).toBe(0);
    expect(await verifyManagerPin('2468', readJson<{ managerPinHash: string }>(kioskFile(out)).managerPinHash)).toEqual({ ok: true });
  });

  it.each([['123'], ['12345678901234'], ['12 34'], ['abcd'], ['']])('refuses the PIN %j, saying what a PIN is, and changes nothing', (pin) => {
    const out = tempDir('prov-pin-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', out);
    const before = readFileSync(kioskFile(out), 'utf8');
    const run = kioskPin(out, 'ST-0001', `${pin}\n`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the PIN must be 4 to 12 digits');
    expect(readFileSync(kioskFile(out), 'utf8')).toBe(before);
  });

  it('refuses a station that is not provisioned, saying how to provision it', () => {
    const out = tempDir('prov-pin-');
    const run = kioskPin(out, 'ST-0009', '2468\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('station ST-0009 is not provisioned in this directory');
  });
});

// The signing key is created once, 0600, in the data folder, and reused; a damaged key file is a clear error.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE_NAME } from '../../../central/certificates/signing-key.ts';

describe('certificate signing key', () => {
  it('is created 0600 on first use and the same key is loaded again', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vs-key-')), 'data');
    const first = loadOrCreateSigningKey(dir);
    const file = join(dir, SIGNING_KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = loadOrCreateSigningKey(dir);
    expect(again.keyId).toBe(first.keyId);
    expect(again.verify('hello', first.sign('hello'))).toBe(true);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('a damaged key file is refused with what to do, not replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vs-key-'));
    writeFileSync(join(dir, SIGNING_KEY_FILE_NAME), 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateSigningKey(dir)).toThrow(/not a usable Ed25519 private key .*restore it from the backup/);
    expect(readFileSync(join(dir, SIGNING_KEY_FILE_NAME), 'utf8')).toBe('not a key');
  });
});

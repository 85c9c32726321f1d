// Manager password hashes: scrypt, salted, self-describing, verified in constant time.
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashManagerPassword, verifyManagerPassword } from '../../../central/managers/manager-password.ts';
import { MANAGER_PASSWORD_HASH_PATTERN, MANAGER_SCRYPT_DEFAULTS, parseManagerPasswordHash } from '../../../shared/manager-password-hash.ts';

describe('manager password hashes', () => {
  it('are scrypt$N$r$p$salt$hash with the default cost, and the hash is scrypt of the password with that salt', () => {
    const text = hashManagerPassword('correct horse battery');
    expect(text).toMatch(MANAGER_PASSWORD_HASH_PATTERN);
    const [scheme, N, r, p, salt, hash] = text.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(['scrypt', MANAGER_SCRYPT_DEFAULTS.N, MANAGER_SCRYPT_DEFAULTS.r, MANAGER_SCRYPT_DEFAULTS.p]);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    // Computed independently with node:crypto.
    const expected = scryptSync('correct horse battery', Buffer.from(salt!, 'base64url'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    expect(hash).toBe(expected.toString('base64url'));
  });

  it('are salted: the same password never gives the same text', () => {
    expect(hashManagerPassword('same password here')).not.toBe(hashManagerPassword('same password here'));
  });

  it('verify the right password only', async () => {
    const text = hashManagerPassword('correct horse battery');
    expect(await verifyManagerPassword('correct horse battery', text)).toBe(true);
    expect(await verifyManagerPassword('correct horse batterY', text)).toBe(false);
    expect(await verifyManagerPassword('', text)).toBe(false);
  });

  it('verify with the cost the hash names, so hashes made with another cost keep working', async () => {
    const cheap = hashManagerPassword('an older cheaper hash', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyManagerPassword('an older cheaper hash', cheap)).toBe(true);
  });

  it('refuse a tampered hash, and no stored hash at all (an unknown manager)', async () => {
    const text = hashManagerPassword('correct horse battery');
    const last = text.at(-2) === 'A' ? 'B' : 'A';
    expect(await verifyManagerPassword('correct horse battery', `${text.slice(0, -2)}${last}${text.at(-1)}`)).toBe(false);
    expect(await verifyManagerPassword('correct horse battery', text.replace('scrypt$32768$', 'scrypt$16384$'))).toBe(false);
    expect(await verifyManagerPassword('correct horse battery', undefined)).toBe(false);
    expect(await verifyManagerPassword('correct horse battery', 'sha256:' + '0'.repeat(64))).toBe(false);
  });

  it('parse only sane parameters', () => {
    const text = hashManagerPassword('x'.repeat(12), { N: 1024, r: 8, p: 1 });
    expect(parseManagerPasswordHash(text)).toMatchObject({ N: 1024, r: 8, p: 1 });
    expect(parseManagerPasswordHash(text.replace('$1024$', '$1000$'))).toBeUndefined();
    expect(parseManagerPasswordHash(text.replace('$1024$', `$${2 ** 21}$`))).toBeUndefined();
    expect(parseManagerPasswordHash(text.replace('$8$1$', '$99$1$'))).toBeUndefined();
    expect(parseManagerPasswordHash('sha256:' + 'a'.repeat(64))).toBeUndefined();
  });
});

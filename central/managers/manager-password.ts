/**
 * Manager passwords, salted and stretched with scrypt (RFC 7914, node:crypto), in the
 * self-describing text format of shared/manager-password-hash.ts. Verification runs
 * scrypt with the stored parameters and compares in constant time.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { base64urlDecode } from '../../shared/base64url.ts';
import { formatManagerPasswordHash, MANAGER_SCRYPT_DEFAULTS, parseManagerPasswordHash } from '../../shared/manager-password-hash.ts';

/** Shorter passwords are refused by `central managers add`. */
export const MIN_MANAGER_PASSWORD_LENGTH = 12;

function scryptOptions({ N, r, p }: { N: number; r: number; p: number }): ScryptOptions {
  // node's default maxmem (32 MiB) is exactly 128·N·r at the defaults; leave headroom.
  return { N, r, p, maxmem: 256 * N * r };
}

function scryptAsync(password: string, salt: Uint8Array, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export function hashManagerPassword(password: string, params: { N: number; r: number; p: number } = MANAGER_SCRYPT_DEFAULTS): string {
  const salt = randomBytes(MANAGER_SCRYPT_DEFAULTS.saltBytes);
  const hash = scryptSync(password.normalize('NFC'), salt, MANAGER_SCRYPT_DEFAULTS.keyBytes, scryptOptions(params));
  return formatManagerPasswordHash(params, salt, hash);
}

/** Computed once: an unknown name costs the same scrypt as a known one. */
let decoyHash: string | undefined;

/**
 * True when `password` matches `stored`. `stored` undefined (no such manager) still runs
 * one scrypt against a decoy, so the answer time does not tell names apart.
 */
export async function verifyManagerPassword(password: string, stored: string | undefined): Promise<boolean> {
  decoyHash ??= hashManagerPassword('decoy: no manager has this password');
  const parsed = parseManagerPasswordHash(stored ?? decoyHash);
  if (!parsed) return false;
  const expected = base64urlDecode(parsed.hash);
  const given = await scryptAsync(password, base64urlDecode(parsed.salt), expected.length, scryptOptions(parsed));
  return timingSafeEqual(given, expected) && stored !== undefined;
}

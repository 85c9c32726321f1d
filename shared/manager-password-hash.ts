/**
 * The text format of a manager password hash in the central config's `managers`:
 *   scrypt$N$r$p$salt$hash
 * N, r, p are scrypt's cost, block size and parallelism (RFC 7914 §2); salt (16 bytes)
 * and hash (32 bytes) are base64url without padding. The format names its parameters, so
 * hashes made with other costs keep verifying after the defaults are raised. The hashing
 * itself is node:crypto's scrypt, in central (and the demo); this module only formats.
 */
import { base64urlEncode } from './base64url.ts';

/** 2^15 × 8 × 128 B = 32 MiB and about 0.1 s per verification on a small server. */
export const MANAGER_SCRYPT_DEFAULTS = { N: 32768, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

export const MANAGER_PASSWORD_HASH_PATTERN = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

export interface ManagerPasswordHash {
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

/** Bounds that keep one verification under ~1 GiB and a few seconds, whatever the file says. */
function saneParameters(N: number, r: number, p: number): boolean {
  return N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

export function parseManagerPasswordHash(text: string): ManagerPasswordHash | undefined {
  const match = MANAGER_PASSWORD_HASH_PATTERN.exec(text);
  if (!match) return undefined;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!saneParameters(N, r, p)) return undefined;
  return { N, r, p, salt: match[4]!, hash: match[5]! };
}

export function formatManagerPasswordHash(params: { N: number; r: number; p: number }, salt: Uint8Array, hash: Uint8Array): string {
  return ['scrypt', params.N, params.r, params.p, base64urlEncode(salt), base64urlEncode(hash)].join('$');
}

/** What to tell the operator for an entry that is not a scrypt hash. */
export function managerHashProblem(text: string): string {
  if (/^sha256:/.test(text)) {
    return 'is an unsalted "sha256:" hash, which central no longer accepts: set this manager\'s password again with "central managers add NAME --config FILE"';
  }
  return 'must be a "scrypt$N$r$p$salt$hash" made by "central managers add NAME --config FILE"';
}

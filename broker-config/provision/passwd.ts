/**
 * Mosquitto 2's own password file format, so the broker verifies what we write:
 * `username:$7$101$<base64 salt>$<base64 hash>`, where `$7$` is PBKDF2-HMAC-SHA512
 * with 101 iterations, a 12-byte random salt and a 64-byte derived key
 * (mosquitto 2.0 src/password_mosq.c, the format `mosquitto_passwd` writes).
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const SHA512_PBKDF2_TAG = '7';
const ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;

export class PasswdFormatError extends Error {
  readonly code = 'PASSWD_FORMAT';
  constructor(lineNumber: number, reason: string) {
    super(`passwd line ${lineNumber}: ${reason}`);
    this.name = 'PasswdFormatError';
  }
}

export function hashMosquittoPassword(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const key = pbkdf2Sync(password, salt, ITERATIONS, KEY_BYTES, 'sha512');
  return `$${SHA512_PBKDF2_TAG}$${ITERATIONS}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `hash` (the part after `username:`) is a `$7$` hash of `password`. */
export function verifyMosquittoPassword(password: string, hash: string): boolean {
  const parts = hash.split('$');
  // ['', '7', '101', salt, key]
  if (parts.length !== 5 || parts[1] !== SHA512_PBKDF2_TAG) return false;
  const iterations = Number(parts[2]);
  if (!Number.isInteger(iterations) || iterations < 1) return false;
  const salt = Buffer.from(parts[3]!, 'base64');
  const expected = Buffer.from(parts[4]!, 'base64');
  if (expected.length === 0) return false;
  const actual = pbkdf2Sync(password, salt, iterations, expected.length, 'sha512');
  return timingSafeEqual(actual, expected);
}

/** username -> hash, in file order. Blank lines and `#` comments are skipped. */
export function parsePasswdFile(text: string): Map<string, string> {
  const users = new Map<string, string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new PasswdFormatError(index + 1, 'expected "username:hash"');
    users.set(line.slice(0, colon), line.slice(colon + 1));
  });
  return users;
}

export function renderPasswdFile(users: ReadonlyMap<string, string>): string {
  const names = [...users.keys()].sort();
  return names.map((name) => `${name}:${users.get(name)}\n`).join('');
}

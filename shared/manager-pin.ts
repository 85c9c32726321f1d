/**
 * The kiosk manager PIN, stored as a salted PBKDF2 hash (protocol v2 §Kiosk manager
 * PIN; RFC 8018 §5.2 PBKDF2 with HMAC-SHA-256):
 *
 *   pbkdf2-sha256$ITERATIONS$SALT$HASH
 *
 * SALT and HASH are base64url without padding; the salt is at least 16 random bytes,
 * the hash 32 bytes of PBKDF2(UTF-8(PIN), salt, ITERATIONS). The format names its own
 * parameters, so a deployment can raise the count without a format change.
 *
 * The kiosk verifies with WebCrypto; Node writers (provisioning, the demo) may derive
 * with node:crypto's pbkdf2Sync and encode with `encodeManagerPinHash`.
 *
 * The count: 600,000 is OWASP's 2023 figure for PBKDF2-HMAC-SHA256. On the x86 box
 * this was written on (with SHA instructions) it takes 80-100 ms in Chromium 156 and
 * ~120 ms in Node 20. A Raspberry Pi 4 has no SHA instructions; taking SHA-256 there as
 * about 5x slower (an estimate, not measured here) puts one check near 0.5 s, once
 * per "Open" press and off the main thread, which a manager can wait for. No count makes a 4-digit PIN safe from
 * someone holding the hash (10^4 guesses); what protects it is that kiosk-config.json
 * is served on loopback only, the salt (no precomputed tables), and the kiosk's
 * growing delay after wrong PINs.
 */
import { base64urlDecode, base64urlEncode } from './base64url.ts';

export const MANAGER_PIN_ALGORITHM = 'pbkdf2-sha256';
export const MANAGER_PIN_ITERATIONS = 600_000;
/** Fewer than this is refused as too weak; more than the maximum would stall a kiosk for many seconds. */
export const MANAGER_PIN_MIN_ITERATIONS = 100_000;
export const MANAGER_PIN_MAX_ITERATIONS = 5_000_000;
export const MANAGER_PIN_SALT_BYTES = 16;
export const MANAGER_PIN_HASH_BYTES = 32;
/** The kiosk's keypad: digits only, at most 12. */
export const MANAGER_PIN_PATTERN = /^[0-9]{4,12}$/;

/** What `KioskConfig.managerPinHash` accepts: the PBKDF2 format, or the legacy SHA-256 one (refused by the panel). */
export const MANAGER_PIN_HASH_PATTERN = /^(pbkdf2-sha256\$[1-9][0-9]{0,8}\$[A-Za-z0-9_-]{22,86}\$[A-Za-z0-9_-]{43}|sha256:[0-9a-f]{64})$/;

export interface ManagerPinHashParts {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

export type ParsedManagerPinHash =
  | ({ kind: 'pbkdf2' } & ManagerPinHashParts)
  /** Unsalted SHA-256 (protocol v1): never verified, the PIN must be provisioned again. */
  | { kind: 'legacy-sha256' }
  | { kind: 'unusable'; reason: string };

export function isValidManagerPin(pin: string): boolean {
  return MANAGER_PIN_PATTERN.test(pin);
}

export function encodeManagerPinHash({ iterations, salt, hash }: ManagerPinHashParts): string {
  return `${MANAGER_PIN_ALGORITHM}$${iterations}$${base64urlEncode(salt)}$${base64urlEncode(hash)}`;
}

export function parseManagerPinHash(text: string): ParsedManagerPinHash {
  if (/^sha256:[0-9a-f]{64}$/.test(text)) return { kind: 'legacy-sha256' };
  const parts = text.split('$');
  if (parts.length !== 4 || parts[0] !== MANAGER_PIN_ALGORITHM) return { kind: 'unusable', reason: `not "${MANAGER_PIN_ALGORITHM}$ITERATIONS$SALT$HASH"` };
  const iterations = /^[1-9][0-9]{0,8}$/.test(parts[1]!) ? Number(parts[1]) : NaN;
  if (!(iterations >= MANAGER_PIN_MIN_ITERATIONS && iterations <= MANAGER_PIN_MAX_ITERATIONS)) {
    return { kind: 'unusable', reason: `iterations must be ${MANAGER_PIN_MIN_ITERATIONS} to ${MANAGER_PIN_MAX_ITERATIONS}` };
  }
  let salt: Uint8Array;
  let hash: Uint8Array;
  try {
    salt = base64urlDecode(parts[2]!);
    hash = base64urlDecode(parts[3]!);
  } catch (err) {
    return { kind: 'unusable', reason: (err as Error).message };
  }
  if (salt.length < MANAGER_PIN_SALT_BYTES) return { kind: 'unusable', reason: `the salt must be at least ${MANAGER_PIN_SALT_BYTES} bytes` };
  if (hash.length !== MANAGER_PIN_HASH_BYTES) return { kind: 'unusable', reason: `the hash must be ${MANAGER_PIN_HASH_BYTES} bytes` };
  return { kind: 'pbkdf2', iterations, salt, hash };
}

/** PBKDF2-HMAC-SHA256 of the PIN's UTF-8 bytes, with WebCrypto (browser and Node alike). */
export async function deriveManagerPinBits(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations }, key, MANAGER_PIN_HASH_BYTES * 8);
  return new Uint8Array(bits);
}

export async function hashManagerPin(pin: string, options: { iterations?: number; salt?: Uint8Array } = {}): Promise<string> {
  if (!isValidManagerPin(pin)) throw new Error('a manager PIN is 4 to 12 digits (the kiosk keypad has digits only)');
  const iterations = options.iterations ?? MANAGER_PIN_ITERATIONS;
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(MANAGER_PIN_SALT_BYTES));
  return encodeManagerPinHash({ iterations, salt, hash: await deriveManagerPinBits(pin, salt, iterations) });
}

/** Compares every byte whatever the first difference, so the time says nothing about the hash. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export type ManagerPinCheck = { ok: true } | { ok: false; reason: 'wrong-pin' | 'legacy-sha256' | 'unusable' | 'not-configured' };

export async function verifyManagerPin(pin: string, stored: string | undefined): Promise<ManagerPinCheck> {
  if (stored === undefined) return { ok: false, reason: 'not-configured' };
  const parsed = parseManagerPinHash(stored);
  if (parsed.kind !== 'pbkdf2') return { ok: false, reason: parsed.kind };
  const derived = await deriveManagerPinBits(pin, parsed.salt, parsed.iterations);
  return equalInConstantTime(derived, parsed.hash) ? { ok: true } : { ok: false, reason: 'wrong-pin' };
}

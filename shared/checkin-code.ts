/**
 * The rotating check-in code (docs/protocol.md §Rotating check-in code):
 *   T     = floor(unixMillis / 1000 / period)
 * v1, keyed by the station secret K (32 decoded bytes):
 *   mac   = HMAC-SHA256(K, UTF-8("{stationId}.{T}"))
 *   token = "{stationId}.{T}.{first 16 chars of base64url(mac)}"
 * v2, keyed by the kiosk's own key, so one stolen kiosk config can be revoked alone:
 *   Kk    = HKDF-SHA256(IKM = K, salt = empty, info = UTF-8("vs kiosk checkin key v2" || kioskId), 32 bytes)
 *   mac   = HMAC-SHA256(Kk, UTF-8("{stationId}.{kioskId}.{T}"))
 *   token = "{stationId}.{kioskId}.{T}.{first 16 chars of base64url(mac)}"
 * Ids never contain ".", so the number of parts tells the versions apart.
 * One WebCrypto implementation serves the kiosk (browser) and the central service (Node).
 */
import { base64urlDecode, base64urlEncode, InvalidBase64urlError } from './base64url.ts';
import { assertValidId, isValidId } from './ids.ts';

export const CHECKIN_SECRET_BYTES = 32;
export const DEFAULT_PERIOD_SECONDS = 10;
const MAC_CHARS = 16;
const encoder = new TextEncoder();

export class InvalidCheckinSecretError extends Error {
  readonly code = 'INVALID_CHECKIN_SECRET';
  constructor(reason: string) {
    super(`check-in secret is not valid: ${reason}. It must be ${CHECKIN_SECRET_BYTES} random bytes written as base64url without padding (43 characters).`);
    this.name = 'InvalidCheckinSecretError';
  }
}

export function decodeCheckinSecret(secret: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(secret);
  } catch (err) {
    throw new InvalidCheckinSecretError(err instanceof InvalidBase64urlError ? err.message : String(err));
  }
  if (bytes.length !== CHECKIN_SECRET_BYTES) throw new InvalidCheckinSecretError(`it decodes to ${bytes.length} bytes`);
  return bytes;
}

/** Imports a station secret or a kiosk key as a non-extractable HMAC key, so it can be stored but never read back. */
export async function importCheckinKey(secret: string): Promise<CryptoKey> {
  const raw = decodeCheckinSecret(secret);
  return crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** A fresh secret for provisioning. */
export function generateCheckinSecret(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(CHECKIN_SECRET_BYTES)));
}

export function checkinStep(unixMillis: number, periodSeconds = DEFAULT_PERIOD_SECONDS): number {
  return Math.floor(unixMillis / 1000 / periodSeconds);
}

/** Milliseconds until the code of `unixMillis` stops being the current one. */
export function msUntilNextStep(unixMillis: number, periodSeconds = DEFAULT_PERIOD_SECONDS): number {
  const periodMs = periodSeconds * 1000;
  return periodMs - (unixMillis % periodMs);
}

async function macOf(key: CryptoKey, text: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(text));
  return base64urlEncode(new Uint8Array(mac)).slice(0, MAC_CHARS);
}

export async function checkinTokenForStep(key: CryptoKey, stationId: string, step: number): Promise<string> {
  assertValidId(stationId, 'stationId');
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
  return `${stationId}.${step}.${await macOf(key, `${stationId}.${step}`)}`;
}

export async function checkinToken(key: CryptoKey, stationId: string, unixMillis: number, periodSeconds = DEFAULT_PERIOD_SECONDS): Promise<string> {
  return checkinTokenForStep(key, stationId, checkinStep(unixMillis, periodSeconds));
}

/** The token is always the text after the last `/` of the scanned URL. */
export function checkinUrl(baseUrl: string, token: string): string {
  return `${baseUrl}${token}`;
}

export interface ParsedCheckinToken {
  stationId: string;
  step: number;
  mac: string;
}

export function parseCheckinToken(token: string): ParsedCheckinToken | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!match) return null;
  const [, stationId, step, mac] = match;
  if (!isValidId(stationId)) return null;
  return { stationId, step: Number(step), mac: mac! };
}

export type CheckinTokenRejection = 'malformed' | 'wrong-station' | 'unknown-station' | 'expired' | 'not-yet-valid' | 'bad-mac';

export type CheckinTokenVerdict =
  | { ok: true; stationId: string; step: number }
  | { ok: false; reason: CheckinTokenRejection; stationId?: string };

export interface VerifyCheckinTokenOptions {
  nowMillis: number;
  periodSeconds?: number;
  /** When set, a token of any other station is rejected as `wrong-station`. */
  expectedStationId?: string;
  /** Looks up the station's key; undefined means the station is not known. */
  keyFor(stationId: string): Promise<CryptoKey | undefined> | CryptoKey | undefined;
}

/**
 * Accepts steps T-1 .. T+1 of the verifier's clock. Acceptance "once per volunteer"
 * is the caller's job: it needs storage this module does not have.
 */
export async function verifyCheckinToken(token: string, options: VerifyCheckinTokenOptions): Promise<CheckinTokenVerdict> {
  const parsed = parseCheckinToken(token);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const { stationId, step } = parsed;
  if (options.expectedStationId !== undefined && options.expectedStationId !== stationId) {
    return { ok: false, reason: 'wrong-station', stationId };
  }
  const key = await options.keyFor(stationId);
  if (!key) return { ok: false, reason: 'unknown-station', stationId };
  const rejection = await checkMacThenClock(key, `${stationId}.${step}`, parsed, options);
  return rejection ? { ok: false, reason: rejection, stationId } : { ok: true, stationId, step };
}

// Check the MAC before the clock, so a forged token never learns whether its step was fresh.
async function checkMacThenClock(
  key: CryptoKey,
  macInput: string,
  parsed: { step: number; mac: string },
  options: { nowMillis: number; periodSeconds?: number },
): Promise<'bad-mac' | 'expired' | 'not-yet-valid' | undefined> {
  const expected = await macOf(key, macInput);
  if (!constantTimeEqual(expected, parsed.mac)) return 'bad-mac';
  const now = checkinStep(options.nowMillis, options.periodSeconds ?? DEFAULT_PERIOD_SECONDS);
  if (parsed.step < now - 1) return 'expired';
  if (parsed.step > now + 1) return 'not-yet-valid';
  return undefined;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// --- protocol v2: a key per kiosk -------------------------------------------

/** HKDF `info` prefix of a kiosk key; the kiosk id follows it directly. */
export const KIOSK_KEY_INFO_PREFIX = 'vs kiosk checkin key v2';

/** The HKDF `info` bytes for one kiosk, for the Node implementations (provisioning, demo). */
export function kioskKeyInfo(kioskId: string): Uint8Array {
  return encoder.encode(`${KIOSK_KEY_INFO_PREFIX}${assertValidId(kioskId, 'kioskId')}`);
}

/**
 * The kiosk's own 32-byte key from the station secret, as base64url (the format of
 * `checkin.kioskKey`). Only provisioning and central hold the station secret.
 */
export async function deriveKioskKey(stationSecret: string, kioskId: string): Promise<string> {
  const ikm = await crypto.subtle.importKey('raw', decodeCheckinSecret(stationSecret) as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits']);
  const info = kioskKeyInfo(kioskId) as Uint8Array<ArrayBuffer>;
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, ikm, CHECKIN_SECRET_BYTES * 8);
  return base64urlEncode(new Uint8Array(bits));
}

export async function kioskCheckinTokenForStep(key: CryptoKey, stationId: string, kioskId: string, step: number): Promise<string> {
  assertValidId(stationId, 'stationId');
  assertValidId(kioskId, 'kioskId');
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
  return `${stationId}.${kioskId}.${step}.${await macOf(key, `${stationId}.${kioskId}.${step}`)}`;
}

/** A v2 token, with `key` imported from the kiosk's `checkin.kioskKey`. */
export async function kioskCheckinToken(key: CryptoKey, stationId: string, kioskId: string, unixMillis: number, periodSeconds = DEFAULT_PERIOD_SECONDS): Promise<string> {
  return kioskCheckinTokenForStep(key, stationId, kioskId, checkinStep(unixMillis, periodSeconds));
}

export interface ParsedKioskCheckinToken extends ParsedCheckinToken {
  kioskId: string;
}

export function parseKioskCheckinToken(token: string): ParsedKioskCheckinToken | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!match) return null;
  const [, stationId, kioskId, step, mac] = match;
  return { stationId: stationId!, kioskId: kioskId!, step: Number(step), mac: mac! };
}

export type AnyParsedCheckinToken = ({ version: 1 } & ParsedCheckinToken) | ({ version: 2 } & ParsedKioskCheckinToken);

/** Either version; null when the text is neither. */
export function parseAnyCheckinToken(token: string): AnyParsedCheckinToken | null {
  const v1 = parseCheckinToken(token);
  if (v1) return { version: 1, ...v1 };
  const v2 = parseKioskCheckinToken(token);
  return v2 ? { version: 2, ...v2 } : null;
}

export type KioskCheckinTokenVerdict =
  | { ok: true; stationId: string; kioskId: string; step: number }
  | { ok: false; reason: CheckinTokenRejection; stationId?: string; kioskId?: string };

export interface VerifyKioskCheckinTokenOptions extends Omit<VerifyCheckinTokenOptions, 'keyFor'> {
  /** The kiosk's HMAC key (derived from its station's secret); undefined: the station is not known. */
  keyFor(stationId: string, kioskId: string): Promise<CryptoKey | undefined> | CryptoKey | undefined;
}

/** The v2 twin of verifyCheckinToken: same window, same order of checks. Revocation is the caller's policy. */
export async function verifyKioskCheckinToken(token: string, options: VerifyKioskCheckinTokenOptions): Promise<KioskCheckinTokenVerdict> {
  const parsed = parseKioskCheckinToken(token);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const { stationId, kioskId, step } = parsed;
  if (options.expectedStationId !== undefined && options.expectedStationId !== stationId) {
    return { ok: false, reason: 'wrong-station', stationId, kioskId };
  }
  const key = await options.keyFor(stationId, kioskId);
  if (!key) return { ok: false, reason: 'unknown-station', stationId, kioskId };
  const rejection = await checkMacThenClock(key, `${stationId}.${kioskId}.${step}`, parsed, options);
  return rejection ? { ok: false, reason: rejection, stationId, kioskId } : { ok: true, stationId, kioskId, step };
}

/**
 * The rotating check-in code of protocol v1 §Rotating check-in code:
 *   T     = floor(unixMillis / 1000 / period)
 *   mac   = HMAC-SHA256(K, UTF-8("{stationId}.{T}"))   K = the 32 decoded secret bytes
 *   token = "{stationId}.{T}.{first 16 chars of base64url(mac)}"
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

/** Imports the secret as a non-extractable HMAC key, so it can be stored but never read back. */
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

async function macFor(key: CryptoKey, stationId: string, step: number): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${stationId}.${step}`));
  return base64urlEncode(new Uint8Array(mac)).slice(0, MAC_CHARS);
}

export async function checkinTokenForStep(key: CryptoKey, stationId: string, step: number): Promise<string> {
  assertValidId(stationId, 'stationId');
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
  return `${stationId}.${step}.${await macFor(key, stationId, step)}`;
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
  const { stationId, step, mac } = parsed;
  if (options.expectedStationId !== undefined && options.expectedStationId !== stationId) {
    return { ok: false, reason: 'wrong-station', stationId };
  }
  const key = await options.keyFor(stationId);
  if (!key) return { ok: false, reason: 'unknown-station', stationId };
  // Check the MAC before the clock, so a forged token never learns whether its step was fresh.
  const expected = await macFor(key, stationId, step);
  if (!constantTimeEqual(expected, mac)) return { ok: false, reason: 'bad-mac', stationId };
  const now = checkinStep(options.nowMillis, options.periodSeconds ?? DEFAULT_PERIOD_SECONDS);
  if (step < now - 1) return { ok: false, reason: 'expired', stationId };
  if (step > now + 1) return { ok: false, reason: 'not-yet-valid', stationId };
  return { ok: true, stationId, step };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

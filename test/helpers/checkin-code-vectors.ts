/**
 * Rotating-code test vectors computed independently of shared/ with node:crypto,
 * so the WebCrypto implementation is checked against a second implementation.
 * v1 codes are keyed by the station secret, v2 codes by a kiosk key derived from it.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface CheckinVector {
  secret: string;
  stationId: string;
  period: number;
  unixMillis: number;
  step: number;
  token: string;
}

export function referenceToken(secret: string, stationId: string, step: number): string {
  const key = Buffer.from(secret, 'base64url');
  const mac = createHmac('sha256', key).update(`${stationId}.${step}`, 'utf8').digest('base64url');
  return `${stationId}.${step}.${mac.slice(0, 16)}`;
}

export function makeVectors(): CheckinVector[] {
  const fixedSecret = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64url');
  const cases: Array<[string, string, number, number]> = [
    [fixedSecret, 'ST-0001', 10, 1_764_400_000_000],
    // The last millisecond of a step and the first of the next.
    [fixedSecret, 'ST-0001', 10, 1_764_400_009_999],
    [fixedSecret, 'ST-0001', 10, 1_764_400_010_000],
    [fixedSecret, 'park_gate-7', 30, 1_764_400_029_999],
    [fixedSecret, 'park_gate-7', 30, 1_764_400_030_000],
    [randomBytes(32).toString('base64url'), 'K', 10, 0],
    [randomBytes(32).toString('base64url'), 'a'.repeat(64), 60, 4_102_444_800_000],
  ];
  return cases.map(([secret, stationId, period, unixMillis]) => {
    const step = Math.floor(unixMillis / 1000 / period);
    return { secret, stationId, period, unixMillis, step, token: referenceToken(secret, stationId, step) };
  });
}

/** v2: HKDF-SHA256(station secret, salt empty, info "vs kiosk checkin key v2" + kioskId), 32 bytes, base64url. */
export function referenceKioskKey(stationSecret: string, kioskId: string): string {
  const derived = hkdfSync('sha256', Buffer.from(stationSecret, 'base64url'), Buffer.alloc(0), Buffer.from(`vs kiosk checkin key v2${kioskId}`, 'utf8'), 32);
  return Buffer.from(derived).toString('base64url');
}

export function referenceKioskToken(kioskKey: string, stationId: string, kioskId: string, step: number): string {
  const mac = createHmac('sha256', Buffer.from(kioskKey, 'base64url')).update(`${stationId}.${kioskId}.${step}`, 'utf8').digest('base64url');
  return `${stationId}.${kioskId}.${step}.${mac.slice(0, 16)}`;
}

/**
 * The worked example of docs/protocol.md (K = bytes 0..31, kiosk K-0001 of ST-0001,
 * 2025-11-29T07:06:40Z, period 10), as literal text: a change that moved both
 * implementations the same way would still be caught here.
 */
export const KIOSK_KNOWN_ANSWER = {
  stationSecret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
  stationId: 'ST-0001',
  kioskId: 'K-0001',
  period: 10,
  unixMillis: 1_764_400_000_000,
  kioskKey: 'LxkcUHySR5JTx_0xwelJZkY8dyTcp5aKhf-1QfPIAp8',
  token: 'ST-0001.K-0001.176440000.RGi5xhCBU8eIlUBm',
  v1Token: 'ST-0001.176440000.bhqhizdkXVByAFtq',
} as const;

export interface KioskCheckinVector extends Omit<CheckinVector, 'secret'> {
  stationSecret: string;
  kioskId: string;
  kioskKey: string;
}

export function makeKioskVectors(): KioskCheckinVector[] {
  const fixedSecret = KIOSK_KNOWN_ANSWER.stationSecret;
  const cases: Array<[string, string, string, number, number]> = [
    [fixedSecret, 'ST-0001', 'K-0001', 10, 1_764_400_000_000],
    // Two kiosks of one station: different keys, different tokens.
    [fixedSecret, 'ST-0001', 'K-0002', 10, 1_764_400_000_000],
    [fixedSecret, 'ST-0001', 'K-0001', 10, 1_764_400_009_999],
    [fixedSecret, 'ST-0001', 'K-0001', 10, 1_764_400_010_000],
    [fixedSecret, 'park_gate-7', 'kiosk_east-2', 30, 1_764_400_029_999],
    [randomBytes(32).toString('base64url'), 'S', 'K', 10, 0],
    [randomBytes(32).toString('base64url'), 'a'.repeat(64), 'b'.repeat(64), 60, 4_102_444_800_000],
  ];
  return cases.map(([stationSecret, stationId, kioskId, period, unixMillis]) => {
    const step = Math.floor(unixMillis / 1000 / period);
    const kioskKey = referenceKioskKey(stationSecret, kioskId);
    return { stationSecret, stationId, kioskId, kioskKey, period, unixMillis, step, token: referenceKioskToken(kioskKey, stationId, kioskId, step) };
  });
}

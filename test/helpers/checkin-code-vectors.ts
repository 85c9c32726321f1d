/**
 * Rotating-code test vectors computed independently of shared/ with node:crypto,
 * so the WebCrypto implementation is checked against a second implementation.
 */
import { createHmac, randomBytes } from 'node:crypto';

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

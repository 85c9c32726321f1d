import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkinStep,
  checkinToken,
  decodeCheckinSecret,
  generateCheckinSecret,
  importCheckinKey,
  InvalidCheckinSecretError,
  msUntilNextStep,
  parseCheckinToken,
  verifyCheckinToken,
} from '../../shared/index.ts';
import { makeVectors, referenceToken } from '../helpers/checkin-code-vectors.ts';

const secret = Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i)).toString('base64url');
const T0 = 1_764_400_000_000; // a step boundary for period 10

async function verifyAt(token: string, nowMillis: number, expectedStationId?: string) {
  const key = await importCheckinKey(secret);
  return verifyCheckinToken(token, { nowMillis, expectedStationId, keyFor: (id) => (id === 'ST-0001' ? key : undefined) });
}

describe('rotating check-in code', () => {
  it.each(makeVectors())('matches node:crypto for $stationId at $unixMillis (period $period)', async (vector) => {
    const key = await importCheckinKey(vector.secret);
    expect(checkinStep(vector.unixMillis, vector.period)).toBe(vector.step);
    expect(await checkinToken(key, vector.stationId, vector.unixMillis, vector.period)).toBe(vector.token);
  });

  it('changes token exactly at the step boundary', async () => {
    const key = await importCheckinKey(secret);
    const before = await checkinToken(key, 'ST-0001', T0 - 1);
    const at = await checkinToken(key, 'ST-0001', T0);
    const later = await checkinToken(key, 'ST-0001', T0 + 9_999);
    expect(before).not.toBe(at);
    expect(later).toBe(at);
    expect(msUntilNextStep(T0)).toBe(10_000);
    expect(msUntilNextStep(T0 + 9_999)).toBe(1);
  });

  it('accepts steps T-1, T and T+1 and rejects T-2 and T+2', async () => {
    const step = checkinStep(T0);
    const tokenAt = (s: number) => referenceToken(secret, 'ST-0001', s);
    for (const offset of [-1, 0, 1]) {
      expect(await verifyAt(tokenAt(step + offset), T0)).toEqual({ ok: true, stationId: 'ST-0001', step: step + offset });
    }
    expect(await verifyAt(tokenAt(step - 2), T0)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verifyAt(tokenAt(step + 2), T0)).toMatchObject({ ok: false, reason: 'not-yet-valid' });
  });

  it('rejects a token of another station when the verifier expects one', async () => {
    const token = referenceToken(secret, 'ST-0001', checkinStep(T0));
    expect(await verifyAt(token, T0, 'ST-0002')).toMatchObject({ ok: false, reason: 'wrong-station' });
  });

  it('rejects a token of a station it has no key for', async () => {
    const token = referenceToken(secret, 'ST-0009', checkinStep(T0));
    expect(await verifyAt(token, T0)).toMatchObject({ ok: false, reason: 'unknown-station' });
  });

  it('rejects a tampered MAC and a MAC made with another key', async () => {
    const token = referenceToken(secret, 'ST-0001', checkinStep(T0));
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await verifyAt(token.slice(0, -1) + last, T0)).toMatchObject({ ok: false, reason: 'bad-mac' });
    const forged = referenceToken(randomBytes(32).toString('base64url'), 'ST-0001', checkinStep(T0));
    expect(await verifyAt(forged, T0)).toMatchObject({ ok: false, reason: 'bad-mac' });
  });

  it.each(['', 'ST-0001', 'ST-0001.123', 'ST-0001.abc.AAAAAAAAAAAAAAAA', 'ST/0001.1.AAAAAAAAAAAAAAAA', 'ST-0001.1.AAAA', 'ST-0001.1.AAAAAAAAAAAAAAA+'])(
    'rejects the malformed token %j',
    async (token) => {
      expect(parseCheckinToken(token)).toBeNull();
      expect(await verifyAt(token, T0)).toEqual({ ok: false, reason: 'malformed' });
    },
  );

  it.each([
    ['padding', `${secret}=`],
    ['standard base64 characters', secret.replace(/-|_/g, '+').replace(/^./, '/')],
    ['31 bytes', Buffer.alloc(31, 7).toString('base64url')],
    ['33 bytes', Buffer.alloc(33, 7).toString('base64url')],
    ['empty', ''],
    ['whitespace', ` ${secret}`],
  ])('refuses a bad base64url secret (%s)', async (_label, bad) => {
    expect(() => decodeCheckinSecret(bad)).toThrow(InvalidCheckinSecretError);
    await expect(importCheckinKey(bad)).rejects.toThrow(/32 random bytes/);
  });

  it('generates 32-byte secrets that import as non-extractable keys', async () => {
    const fresh = generateCheckinSecret();
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(fresh, 'base64url')).toHaveLength(32);
    const key = await importCheckinKey(fresh);
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkinStep,
  checkinToken,
  decodeCheckinSecret,
  deriveKioskKey,
  generateCheckinSecret,
  importCheckinKey,
  InvalidCheckinSecretError,
  kioskCheckinToken,
  msUntilNextStep,
  parseAnyCheckinToken,
  parseCheckinToken,
  parseKioskCheckinToken,
  verifyCheckinToken,
  verifyKioskCheckinToken,
} from '../../shared/index.ts';
import { KIOSK_KNOWN_ANSWER, makeKioskVectors, makeVectors, referenceKioskKey, referenceKioskToken, referenceToken } from '../helpers/checkin-code-vectors.ts';

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

describe('rotating check-in code v2: a key per kiosk', () => {
  const kioskKey = referenceKioskKey(secret, 'K-0001');

  async function verifyV2At(token: string, nowMillis: number, expectedStationId?: string) {
    return verifyKioskCheckinToken(token, {
      nowMillis,
      expectedStationId,
      keyFor: async (stationId, kioskId) => (stationId === 'ST-0001' ? importCheckinKey(await deriveKioskKey(secret, kioskId)) : undefined),
    });
  }

  it('matches the worked example of docs/protocol.md, byte for byte', async () => {
    const k = KIOSK_KNOWN_ANSWER;
    expect(await deriveKioskKey(k.stationSecret, k.kioskId)).toBe(k.kioskKey);
    expect(await kioskCheckinToken(await importCheckinKey(k.kioskKey), k.stationId, k.kioskId, k.unixMillis, k.period)).toBe(k.token);
    expect(await checkinToken(await importCheckinKey(k.stationSecret), k.stationId, k.unixMillis, k.period)).toBe(k.v1Token);
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
    for (const text of [k.kioskKey, k.token, k.v1Token]) expect(doc).toContain(text);
  });

  it.each(makeKioskVectors())('matches node:crypto for kiosk $kioskId of $stationId at $unixMillis (period $period)', async (vector) => {
    expect(await deriveKioskKey(vector.stationSecret, vector.kioskId)).toBe(vector.kioskKey);
    const key = await importCheckinKey(vector.kioskKey);
    expect(await kioskCheckinToken(key, vector.stationId, vector.kioskId, vector.unixMillis, vector.period)).toBe(vector.token);
    expect(parseKioskCheckinToken(vector.token)).toEqual({ stationId: vector.stationId, kioskId: vector.kioskId, step: vector.step, mac: vector.token.slice(-16) });
  });

  it('gives each kiosk of a station its own key, and neither is the station secret', async () => {
    const one = await deriveKioskKey(secret, 'K-0001');
    const two = await deriveKioskKey(secret, 'K-0002');
    expect(new Set([one, two, secret]).size).toBe(3);
    expect(await deriveKioskKey(generateCheckinSecret(), 'K-0001')).not.toBe(one);
  });

  it('accepts T-1..T+1 only, and refuses another kiosk\'s key, a tampered kiosk id and another station', async () => {
    const step = checkinStep(T0);
    for (const offset of [-1, 0, 1]) {
      expect(await verifyV2At(referenceKioskToken(kioskKey, 'ST-0001', 'K-0001', step + offset), T0)).toEqual({ ok: true, stationId: 'ST-0001', kioskId: 'K-0001', step: step + offset });
    }
    expect(await verifyV2At(referenceKioskToken(kioskKey, 'ST-0001', 'K-0001', step - 2), T0)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verifyV2At(referenceKioskToken(kioskKey, 'ST-0001', 'K-0001', step + 2), T0)).toMatchObject({ ok: false, reason: 'not-yet-valid' });
    // K-0001's key minting a code that claims to be K-0002: the MAC does not fit K-0002's key.
    expect(await verifyV2At(referenceKioskToken(kioskKey, 'ST-0001', 'K-0002', step), T0)).toMatchObject({ ok: false, reason: 'bad-mac', kioskId: 'K-0002' });
    // The station secret itself does not make v2 codes.
    expect(await verifyV2At(referenceKioskToken(secret, 'ST-0001', 'K-0001', step), T0)).toMatchObject({ ok: false, reason: 'bad-mac' });
    const good = referenceKioskToken(kioskKey, 'ST-0001', 'K-0001', step);
    expect(await verifyV2At(good, T0, 'ST-0002')).toMatchObject({ ok: false, reason: 'wrong-station' });
    expect(await verifyV2At(referenceKioskToken(kioskKey, 'ST-0009', 'K-0001', step), T0)).toMatchObject({ ok: false, reason: 'unknown-station' });
  });

  it('tells the versions apart by their parts, and never confuses a v2 token with a v1 one', async () => {
    const v1 = referenceToken(secret, 'ST-0001', 5);
    const v2 = referenceKioskToken(kioskKey, 'ST-0001', 'K-0001', 5);
    expect(parseAnyCheckinToken(v1)).toMatchObject({ version: 1, stationId: 'ST-0001', step: 5 });
    expect(parseAnyCheckinToken(v2)).toMatchObject({ version: 2, stationId: 'ST-0001', kioskId: 'K-0001', step: 5 });
    expect(parseCheckinToken(v2)).toBeNull();
    expect(parseKioskCheckinToken(v1)).toBeNull();
    expect(await verifyAt(v2, T0)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyV2At(v1, T0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each(['ST-0001.K-0001.1.AAAA', 'ST-0001.K/1.1.AAAAAAAAAAAAAAAA', 'ST-0001.K-0001.x.AAAAAAAAAAAAAAAA', 'ST-0001..1.AAAAAAAAAAAAAAAA', `ST-0001.${'k'.repeat(65)}.1.AAAAAAAAAAAAAAAA`, 'a.b.c.d.e'])(
    'rejects the malformed v2 token %j',
    async (token) => {
      expect(parseAnyCheckinToken(token)).toBeNull();
      expect(await verifyV2At(token, T0)).toEqual({ ok: false, reason: 'malformed' });
    },
  );

  it('refuses to derive a key for a bad kiosk id or from a bad secret', async () => {
    await expect(deriveKioskKey(secret, 'K.1')).rejects.toThrow(/kioskId "K\.1" is not valid/);
    await expect(deriveKioskKey('short', 'K-0001')).rejects.toThrow(InvalidCheckinSecretError);
  });
});

/** Protocol v2 fields of the kiosk config and the stations file: a kiosk key or a station secret, revocations, the v1 window. */
import { describe, expect, it } from 'vitest';
import { KioskConfigSchema, StationsFileSchema, validate } from '../../../shared/index.ts';
import { KIOSK_KNOWN_ANSWER } from '../../helpers/checkin-code-vectors.ts';

const kiosk = (checkin: Record<string, unknown>) => ({
  kioskId: 'K-0001',
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  broker: { url: 'ws://127.0.0.1:9001' },
  checkin: { baseUrl: 'https://checkin.example.org/c/', ...checkin },
});

const station = (extra: Record<string, unknown>) => ({ 'ST-0001': { siteId: 'SITE-01', secret: KIOSK_KNOWN_ANSWER.stationSecret, name: { zh: '站', en: 'Station' }, ...extra } });

describe('kiosk config: kioskKey (v2) or secret (v1)', () => {
  it('accepts a v2 config with a kiosk key and a v1 config with the station secret', () => {
    expect(validate(KioskConfigSchema, kiosk({ kioskKey: KIOSK_KNOWN_ANSWER.kioskKey }))).toMatchObject({ ok: true });
    expect(validate(KioskConfigSchema, kiosk({ secret: KIOSK_KNOWN_ANSWER.stationSecret }))).toMatchObject({ ok: true });
  });

  it.each([
    ['both', { kioskKey: KIOSK_KNOWN_ANSWER.kioskKey, secret: KIOSK_KNOWN_ANSWER.stationSecret }, /^checkin: must have exactly one of "kioskKey" \(protocol v2\) or "secret" \(v1\)$/],
    ['neither', {}, /^checkin: must have exactly one of/],
    ['a 16-byte kiosk key', { kioskKey: 'AAECAwQFBgcICQoLDA0ODw' }, /^checkin\.kioskKey: must be 32 bytes as base64url/],
  ])('refuses %s, naming the path', (_label, checkin, message) => {
    const result = validate(KioskConfigSchema, kiosk(checkin));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.stringMatching(message)]);
  });
});

describe('stations file: revokedKiosks and acceptV1TokensUntil', () => {
  it('accepts both, and an entry without them (a v1 station)', () => {
    expect(validate(StationsFileSchema, station({ revokedKiosks: ['K-0001', 'K-0002'], acceptV1TokensUntil: '2026-01-15T00:00:00.000Z' }))).toMatchObject({ ok: true });
    expect(validate(StationsFileSchema, station({}))).toMatchObject({ ok: true });
  });

  it.each([
    ['a revoked id with "/"', { revokedKiosks: ['K/1'] }, /^ST-0001\.revokedKiosks\.0: must be 1 to 64 characters/],
    ['a date without a time', { acceptV1TokensUntil: '2026-01-15' }, /^ST-0001\.acceptV1TokensUntil: must be an ISO-8601 UTC time/],
  ])('refuses %s, naming the path', (_label, extra, message) => {
    const result = validate(StationsFileSchema, station(extra));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.stringMatching(message)]);
  });
});

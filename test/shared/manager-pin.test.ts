/** The kiosk manager PIN hash: PBKDF2-HMAC-SHA256 against published vectors and node:crypto, its format, and its refusals. */
import { createHash, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KioskConfigSchema, validate } from '../../shared/index.ts';
import {
  deriveManagerPinBits,
  encodeManagerPinHash,
  equalInConstantTime,
  hashManagerPin,
  MANAGER_PIN_ITERATIONS,
  parseManagerPinHash,
  verifyManagerPin,
} from '../../shared/manager-pin.ts';

const FAST = 100_000; // the minimum the kiosk accepts; keeps the suite quick
const salt = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('manager PIN hash', () => {
  it('derives PBKDF2-HMAC-SHA256 as RFC 7914 §11 publishes it (first 32 bytes)', async () => {
    const bits = await deriveManagerPinBits('Password', new TextEncoder().encode('NaCl'), 80_000);
    expect(Buffer.from(bits).toString('hex')).toBe('4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56');
  });

  it('writes pbkdf2-sha256$ITERATIONS$SALT$HASH, the same bytes node:crypto derives', async () => {
    const stored = await hashManagerPin('2468', { iterations: FAST, salt });
    const expected = pbkdf2Sync('2468', salt, FAST, 32, 'sha256').toString('base64url');
    expect(stored).toBe(`pbkdf2-sha256$100000$${Buffer.from(salt).toString('base64url')}$${expected}`);
    expect(validate(KioskConfigSchema.entries.managerPinHash, stored).ok).toBe(true);
  });

  it('uses 600,000 iterations and a fresh 16-byte salt by default', async () => {
    const [a, b] = [await hashManagerPin('2468'), await hashManagerPin('2468')];
    const [pa, pb] = [parseManagerPinHash(a), parseManagerPinHash(b)];
    expect(pa).toMatchObject({ kind: 'pbkdf2', iterations: MANAGER_PIN_ITERATIONS });
    expect(pa.kind === 'pbkdf2' && pa.salt).toHaveLength(16);
    expect(a).not.toBe(b);
    expect(await verifyManagerPin('2468', a)).toEqual({ ok: true });
    expect(pb.kind).toBe('pbkdf2');
  });

  it('accepts the right PIN and refuses a wrong one, including a prefix and a longer PIN', async () => {
    const stored = await hashManagerPin('2468', { iterations: FAST });
    expect(await verifyManagerPin('2468', stored)).toEqual({ ok: true });
    for (const pin of ['2469', '246', '24680', '', '8642']) expect(await verifyManagerPin(pin, stored)).toEqual({ ok: false, reason: 'wrong-pin' });
  });

  it('verifies a hash a Node writer made with pbkdf2Sync (provisioning, the demo)', async () => {
    const hash = pbkdf2Sync('135790', salt, FAST, 32, 'sha256');
    expect(await verifyManagerPin('135790', encodeManagerPinHash({ iterations: FAST, salt, hash }))).toEqual({ ok: true });
  });

  it('refuses the unsalted v1 sha256: form even for the right PIN', async () => {
    const legacy = `sha256:${createHash('sha256').update('2468').digest('hex')}`;
    expect(validate(KioskConfigSchema.entries.managerPinHash, legacy).ok).toBe(true);
    expect(parseManagerPinHash(legacy)).toEqual({ kind: 'legacy-sha256' });
    expect(await verifyManagerPin('2468', legacy)).toEqual({ ok: false, reason: 'legacy-sha256' });
    expect(await verifyManagerPin('2468', undefined)).toEqual({ ok: false, reason: 'not-configured' });
  });

  it.each([
    ['too few iterations', `pbkdf2-sha256$99999$${'A'.repeat(22)}$${'A'.repeat(43)}`, /iterations must be/],
    ['too many iterations', `pbkdf2-sha256$5000001$${'A'.repeat(22)}$${'A'.repeat(43)}`, /iterations must be/],
    ['a short salt', `pbkdf2-sha256$600000$${'A'.repeat(20)}$${'A'.repeat(43)}`, /salt/],
    ['non-canonical base64url', `pbkdf2-sha256$600000$${'A'.repeat(21)}B$${'A'.repeat(43)}`, /trailing bits/],
    ['another algorithm', `pbkdf2-sha1$600000$${'A'.repeat(22)}$${'A'.repeat(43)}`, /not "pbkdf2-sha256/],
  ])('names what is wrong with %s, and never verifies it', async (_what, stored, reason) => {
    const parsed = parseManagerPinHash(stored);
    expect(parsed.kind).toBe('unusable');
    expect(parsed.kind === 'unusable' && parsed.reason).toMatch(reason);
    expect(await verifyManagerPin('2468', stored)).toEqual({ ok: false, reason: 'unusable' });
  });

  it('refuses a PIN the kiosk keypad cannot type', async () => {
    for (const pin of ['123', '1234567890123', '12a4', ' 1234']) await expect(hashManagerPin(pin, { iterations: FAST })).rejects.toThrow(/4 to 12 digits/);
  });

  it('keeps a config with a malformed hash out of the kiosk, with the command that makes one', () => {
    const result = validate(KioskConfigSchema.entries.managerPinHash, 'sha256:ABC');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.join()).toContain('npm run provision -- kiosk-pin');
  });

  it('compares byte arrays whole', () => {
    expect(equalInConstantTime(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(equalInConstantTime(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(equalInConstantTime(Uint8Array.of(9, 2, 3), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(equalInConstantTime(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });
});

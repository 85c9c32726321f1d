import { describe, expect, it } from 'vitest';
import { cardUidFromDecimal, InvalidCardUidError, isCardUid, normaliseCardUid, redactCardUid } from '../../shared/index.ts';

describe('card uid normalisation', () => {
  it.each([
    ['04a1b2c3', '04A1B2C3'],
    ['04:A1:B2:C3', '04A1B2C3'],
    ['04-a1-b2-c3-d4-e5-f6', '04A1B2C3D4E5F6'],
    [' 0x0A1B2C3D4E ', '0A1B2C3D4E'],
    ['04 A1 B2 C3 D4 E5 F6 07 08 09', '04A1B2C3D4E5F6070809'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseCardUid(input)).toBe(expected);
    expect(isCardUid(expected)).toBe(true);
  });

  it.each([
    ['too short', '04A1B2'],
    ['too long', '04A1B2C3D4E5F60708090A'],
    ['odd length', '04A1B2C3D'],
    ['not hex', '04A1B2CZ'],
    ['empty', ''],
  ])('rejects a uid that is %s', (_label, input) => {
    expect(() => normaliseCardUid(input)).toThrow(InvalidCardUidError);
  });

  it('converts 10-digit decimal card numbers to the 4-byte hex uid', () => {
    expect(cardUidFromDecimal('0012345678')).toBe('00BC614E');
    expect(cardUidFromDecimal('4294967295')).toBe('FFFFFFFF');
    expect(() => cardUidFromDecimal('4294967296')).toThrow(/4 bytes/);
    expect(() => cardUidFromDecimal('12AB')).toThrow(InvalidCardUidError);
  });

  it('keeps only the last 4 hex digits for logs', () => {
    expect(redactCardUid('04A1B2C3D4')).toBe('…C3D4');
    expect(redactCardUid('04A1B2C3D4')).not.toContain('04A1');
  });

  it('says isCardUid is false for lower case and separators', () => {
    expect(isCardUid('04a1b2c3')).toBe(false);
    expect(isCardUid('04:A1:B2:C3')).toBe(false);
    expect(isCardUid(1234)).toBe(false);
  });
});

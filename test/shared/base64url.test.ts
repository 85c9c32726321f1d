import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, InvalidBase64urlError } from '../../shared/index.ts';

describe('base64url', () => {
  it('round-trips every length against node:crypto', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      const text = base64urlEncode(bytes);
      expect(text).toBe(bytes.toString('base64url'));
      expect(Buffer.from(base64urlDecode(text))).toEqual(bytes);
    }
  });

  it.each([['A'], ['AB=='], ['ab+c'], ['ab/c'], ['ab c'], ['AB']])('rejects %j', (text) => {
    // 'AB' has non-zero trailing bits (canonical form of byte 0x00 is 'AA').
    expect(() => base64urlDecode(text)).toThrow(InvalidBase64urlError);
  });
});

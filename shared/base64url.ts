/** RFC 4648 §5 base64url without padding, for browser and Node alike (no Buffer, no atob). */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map(Array.from(ALPHABET, (c, i) => [c, i] as const));

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (b1 !== undefined) out += ALPHABET[(n >> 6) & 63]!;
    if (b2 !== undefined) out += ALPHABET[n & 63]!;
  }
  return out;
}

export class InvalidBase64urlError extends Error {
  readonly code = 'INVALID_BASE64URL';
  constructor(reason: string) {
    super(`not valid base64url: ${reason}`);
    this.name = 'InvalidBase64urlError';
  }
}

/** Strict: rejects padding, `+`/`/`, whitespace and non-canonical trailing bits. */
export function base64urlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new InvalidBase64urlError('its length cannot come from whole bytes');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (const c of text) {
    const v = LOOKUP.get(c);
    if (v === undefined) throw new InvalidBase64urlError(`character ${JSON.stringify(c)} is not in the base64url alphabet (no padding allowed)`);
    bits = (bits << 6) | v;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  if ((bits & ((1 << bitCount) - 1)) !== 0) throw new InvalidBase64urlError('trailing bits are not zero');
  return out;
}

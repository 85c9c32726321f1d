/** Card uid rules of protocol v1 §Identifiers: upper-case hex, 8 to 20 digits, whole bytes. */

export const CARD_UID_PATTERN = /^(?:[0-9A-F]{2}){4,10}$/;

export class InvalidCardUidError extends Error {
  readonly code = 'INVALID_CARD_UID';
  constructor(reason: string) {
    super(`card uid is not valid: ${reason}`);
    this.name = 'InvalidCardUidError';
  }
}

/**
 * Accepts what readers and people type: any case, an optional `0x`, and `:`, `-`,
 * `.` or space between bytes. Returns the canonical form (`04A1B2C3`).
 */
export function normaliseCardUid(input: string): string {
  const compact = input.trim().replace(/^0x/i, '').replace(/[\s:.-]/g, '').toUpperCase();
  if (!/^[0-9A-F]*$/.test(compact)) throw new InvalidCardUidError('only hex digits and the separators ": - ." are allowed');
  if (compact.length % 2 !== 0) throw new InvalidCardUidError(`${compact.length} hex digits is not a whole number of bytes`);
  if (!CARD_UID_PATTERN.test(compact)) throw new InvalidCardUidError(`expected 4 to 10 bytes (8 to 20 hex digits), got ${compact.length / 2}`);
  return compact;
}

export function isCardUid(value: unknown): value is string {
  return typeof value === 'string' && CARD_UID_PATTERN.test(value);
}

/**
 * Many 125 kHz readers print the 4 tag bytes as a 10-digit decimal number
 * (e.g. `0012345678`). Converts that to the 8-digit hex uid.
 */
export function cardUidFromDecimal(decimal: string): string {
  const digits = decimal.trim();
  if (!/^\d{1,10}$/.test(digits)) throw new InvalidCardUidError('a decimal card number has 1 to 10 digits');
  const value = Number(digits);
  if (value > 0xffffffff) throw new InvalidCardUidError('a decimal card number must fit in 4 bytes (at most 4294967295)');
  return value.toString(16).toUpperCase().padStart(8, '0');
}

/** For logs: only the last 4 hex digits of a uid are ever written (`…C3D4`). */
export function redactCardUid(uid: string): string {
  return `…${uid.slice(-4)}`;
}

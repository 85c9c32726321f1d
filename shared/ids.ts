/** Identifier rules of protocol v1 §Identifiers: stationId, kioskId, siteId. */

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ID_RULE = '1 to 64 characters of A-Z a-z 0-9 _ -';

export class InvalidIdentifierError extends Error {
  readonly code = 'INVALID_IDENTIFIER';
  constructor(
    readonly kind: string,
    readonly value: unknown,
  ) {
    super(`${kind} ${JSON.stringify(value)} is not valid: it must be ${ID_RULE} (no spaces, "/", "+" or "#").`);
    this.name = 'InvalidIdentifierError';
  }
}

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Returns `value` unchanged, or throws an InvalidIdentifierError naming `kind`. */
export function assertValidId(value: unknown, kind = 'identifier'): string {
  if (!isValidId(value)) throw new InvalidIdentifierError(kind, value);
  return value;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** Typed errors of the central service; `code` is stable, the message says what to do. */

export class CentralConfigError extends Error {
  readonly code = 'CENTRAL_CONFIG_INVALID';
  constructor(
    readonly file: string,
    /** Every problem as `path: message`. */
    readonly issues: readonly string[],
  ) {
    super(`${file}: configuration is not valid:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'CentralConfigError';
  }
}

export class UsageError extends Error {
  readonly code = 'CENTRAL_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class ContentFileError extends Error {
  readonly code = 'CENTRAL_CONTENT_INVALID';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`${file}: content is not valid, nothing was published:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'ContentFileError';
  }
}

export class StoreSchemaError extends Error {
  readonly code = 'CENTRAL_STORE_SCHEMA';
  constructor(message: string) {
    super(message);
    this.name = 'StoreSchemaError';
  }
}

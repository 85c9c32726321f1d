/**
 * Typed errors of the central service; `code` is stable, the message says what to do.
 * A bad config file is the shared ConfigFileError.
 */
import { describeFileProblems } from '../shared/index.ts';

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
    super(describeFileProblems(file, 'content is not valid, nothing was published', issues, 'Fix each problem above, then publish again.'));
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

/** Typed errors of the station agent: a `code` for logs and tests, a message for people. */

export type AgentErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'OUTBOX_UNWRITABLE'
  | 'READER_NOT_SIMULATED'
  | 'PN532_TIMEOUT'
  | 'PN532_BAD_RESPONSE';

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

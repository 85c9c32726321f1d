/** Typed errors of the station agent: a `code` for logs and tests, a message for people. */

export type AgentErrorCode = 'CONFIG_INVALID' | 'PN532_TIMEOUT' | 'PN532_BAD_RESPONSE';

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

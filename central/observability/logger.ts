/**
 * pino logger of the central service. Code logs card uids only through
 * `redactCardUid` (last 4 hex); the redact paths are a second line of defence for
 * fields that must never reach a log whole.
 */
import pino, { type Logger } from 'pino';

export type CentralLogger = Logger;

export const REDACTED_LOG_PATHS = ['phone', '*.phone', 'card.uid', '*.card.uid', 'uid', '*.uid', 'secret', '*.secret', 'password', '*.password', 'authorization', '*.authorization'];

export function createCentralLogger(level: string, destination: pino.DestinationStream = pino.destination(1)): CentralLogger {
  return pino({ level, base: { service: 'central' }, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, destination);
}


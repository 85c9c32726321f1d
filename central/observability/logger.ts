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

/** Wraps an event listener so a throw is logged with its owner instead of killing the process. */
export function guarded<A extends unknown[]>(log: CentralLogger, owner: string, listener: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const maybe = listener(...args);
      if (maybe instanceof Promise) maybe.catch((err: unknown) => log.error({ err, owner }, 'listener failed'));
    } catch (err) {
      log.error({ err, owner }, 'listener failed');
    }
  };
}

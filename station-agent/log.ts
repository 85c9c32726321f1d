/**
 * pino JSON to stdout. Card uids never reach a log line whole: callers pass
 * `redactCardUid(uid)`, and this serializer redacts any `uid` field as a backstop.
 */
import pino, { type Logger } from 'pino';
import { redactCardUid } from '../shared/index.ts';

export type { Logger };

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { uid: (uid: unknown) => (typeof uid === 'string' ? redactCardUid(uid) : uid) },
  });
}

/** Runs an event listener so that a throw is logged with its owner instead of killing the process. */
export function guarded<A extends unknown[]>(logger: Logger, owner: string, listener: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      listener(...args);
    } catch (err) {
      logger.error({ err, owner }, 'listener failed');
    }
  };
}

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


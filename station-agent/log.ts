/**
 * pino JSON to stdout. Card uids never reach a log line whole: callers pass
 * `redactCardUid(uid)`, and this serializer redacts any `uid` field as a backstop.
 * Written synchronously: with pino's default asynchronous stdout, a line whose write was
 * still in flight (a pipe answering EAGAIN) when the agent exited came out after the
 * lines flushed at exit, or not at all; the agent logs a few lines a minute, and each one
 * reaches journald in order before the process goes.
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
  }, pino.destination({ dest: 1, sync: true }));
}


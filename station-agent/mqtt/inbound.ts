/**
 * Messages the agent subscribes to: Results settle outbox entries, Commands may inject
 * simulated taps. Anything malformed or foreign is logged and dropped, never thrown.
 * Results are settled in batches: each batch is one fsync'd outbox transaction, so a
 * lone Result goes through on the next tick, and under a flood at most one batch is
 * written per `batchWindowMs`.
 */
import { CommandSchema, parseJson, ResultSchema, type Command, type Result } from '../../shared/index.ts';
import type { Logger } from '../log.ts';

export interface InboundDeps {
  resultsTopic: string;
  cmdTopic: string;
  logger: Logger;
  /** A batch of valid Results, in arrival order. */
  results(batch: Result[]): void;
  /** `retained`: the packet's RETAIN flag, so the handler can refuse a replayed command. */
  command(command: Command, retained: boolean): void;
  batchWindowMs?: number;
}

export class InboundRouter {
  private batch: Result[] = [];
  private flushScheduled = false;
  private lastFlushAt = 0;

  constructor(private readonly deps: InboundDeps) {}

  handle(topic: string, payload: Buffer, retained: boolean): void {
    const { logger } = this.deps;
    if (topic === this.deps.resultsTopic) {
      const parsed = parseJson(ResultSchema, payload);
      if (!parsed.ok) return logger.warn({ topic, issues: parsed.issues }, 'malformed Result dropped');
      this.batch.push(parsed.value);
      this.scheduleFlush();
      return;
    }
    if (topic === this.deps.cmdTopic) {
      const parsed = parseJson(CommandSchema, payload);
      if (!parsed.ok) return logger.warn({ topic, issues: parsed.issues }, 'malformed or unknown Command dropped');
      this.deps.command(parsed.value, retained);
      return;
    }
    logger.debug({ topic }, 'message on an unexpected topic dropped');
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const wait = this.lastFlushAt + (this.deps.batchWindowMs ?? 20) - performance.now();
    if (wait <= 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.flushScheduled = false;
    this.lastFlushAt = performance.now();
    const batch = this.batch;
    this.batch = [];
    this.deps.results(batch);
  }
}

/**
 * Messages the agent subscribes to: Results settle outbox entries (batched into one
 * outbox transaction per tick), Commands may inject simulated taps. Anything
 * malformed or foreign is logged and dropped, never thrown.
 */
import { CommandSchema, parseJson, ResultSchema, type Command, type Result } from '../../shared/index.ts';
import type { Logger } from '../log.ts';

export interface InboundDeps {
  resultsTopic: string;
  cmdTopic: string;
  logger: Logger;
  /** A batch of valid Results, in arrival order. */
  results(batch: Result[]): void;
  command(command: Command): void;
}

export class InboundRouter {
  private batch: Result[] = [];

  constructor(private readonly deps: InboundDeps) {}

  handle(topic: string, payload: Buffer): void {
    const { logger } = this.deps;
    if (topic === this.deps.resultsTopic) {
      const parsed = parseJson(ResultSchema, payload);
      if (!parsed.ok) return logger.warn({ topic, issues: parsed.issues }, 'malformed Result dropped');
      if (this.batch.push(parsed.value) === 1) setImmediate(() => this.flush());
      return;
    }
    if (topic === this.deps.cmdTopic) {
      const parsed = parseJson(CommandSchema, payload);
      if (!parsed.ok) return logger.warn({ topic, issues: parsed.issues }, 'malformed or unknown Command dropped');
      this.deps.command(parsed.value);
      return;
    }
    logger.debug({ topic }, 'message on an unexpected topic dropped');
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.deps.results(batch);
  }
}

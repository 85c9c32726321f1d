/**
 * Deletes delivered check-ins once they are past the audit window
 * (`auditRetentionDays`): at start, then hourly. Pending entries are never pruned.
 */
import type { Logger } from '../log.ts';
import type { Outbox } from './outbox.ts';

const DAY_MS = 86_400_000;

export interface OutboxPrunerDeps {
  outbox: Pick<Outbox, 'prune'>;
  retentionDays: number;
  logger: Logger;
  intervalMs?: number;
  now?: () => number;
}

export class OutboxPruner {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: OutboxPrunerDeps) {}

  start(): void {
    this.prune();
    this.timer = setInterval(() => this.prune(), this.deps.intervalMs ?? 3_600_000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private prune(): void {
    const now = (this.deps.now ?? Date.now)();
    const pruned = this.deps.outbox.prune(new Date(now - this.deps.retentionDays * DAY_MS));
    if (pruned > 0) this.deps.logger.info({ pruned }, 'delivered check-ins past the audit window pruned');
  }
}

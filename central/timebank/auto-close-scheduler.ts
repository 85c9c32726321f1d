/**
 * Closes sessions still open at the daily cutoff and flags them for review. It checks
 * once a minute (and at start), so a cutoff passed while the service was down is
 * applied as soon as it is back; each session is closed at its own cutoff time. With
 * several replicas only the holder of the jobs lease runs it (central/jobs/job-leader.ts).
 */
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { TimeBankRules } from './rules.ts';

const CHECK_EVERY_MS = 60_000;

export class AutoCloseScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: { store: CentralStore; rules: TimeBankRules; log: CentralLogger; metrics: CentralMetrics; now?: () => Date; leader?: { holds(): boolean } }) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  async runOnce(): Promise<number> {
    const { store, rules, log, metrics, leader } = this.deps;
    if (leader && !leader.holds()) return 0;
    let closed = 0;
    const run = (async () => {
      try {
        closed = await store.autoCloseDueSessions(rules, (this.deps.now?.() ?? new Date()).getTime());
        if (closed > 0) {
          metrics.autoClosedTotal.inc(closed);
          log.info({ closed, cutoff: rules.dailyCutoff }, 'open sessions auto-closed at the daily cutoff, flagged for review');
        }
      } catch (err) {
        log.error({ err }, 'auto-closing sessions failed; will retry');
      }
    })();
    this.running = run;
    await run;
    return closed;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/**
 * Expires earned points older than `timeBank.pointsExpireAfterYears` (bank-rules.ts),
 * on central's timer: at start, then hourly. Each run is idempotent (request ids
 * `expired:{entryId}`), so running it twice, or on two replicas at once, appends each
 * expiry once; with several replicas (issue 13) one of them is enough to run it, and
 * `runOnce` is the entry a leader election would call. Without the setting it does nothing.
 */
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { TimeBankRules } from './rules.ts';

const CHECK_EVERY_MS = 60 * 60_000;

export class PointsExpiryJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: { store: CentralStore; rules: Pick<TimeBankRules, 'pointsExpireAfterYears'>; log: CentralLogger; now?: () => Date }) {}

  start(): void {
    if (this.deps.rules.pointsExpireAfterYears === undefined) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Returns how many `expired` entries this run appended. */
  async runOnce(): Promise<number> {
    const years = this.deps.rules.pointsExpireAfterYears;
    if (years === undefined) return 0;
    const run = (async () => {
      try {
        const appended = await this.deps.store.bank.expirePoints((this.deps.now?.() ?? new Date()).getTime(), years);
        if (appended > 0) this.deps.log.info({ appended, years }, 'unspent earned points expired');
        return appended;
      } catch (err) {
        this.deps.log.error({ err }, 'expiring points failed; will retry');
        return 0;
      }
    })();
    this.running = run;
    return run;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/**
 * Expires earned points older than `timeBank.pointsExpireAfterYears` (bank-rules.ts),
 * on central's timer: at start, then hourly. Each run is idempotent (request ids
 * `expired:{entryId}`), so running it twice, or on two replicas at once, appends each
 * expiry once; with several replicas only the holder of the jobs lease runs it
 * (central/jobs/job-leader.ts). Without the setting it does nothing.
 */
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { TimeBankRules } from './rules.ts';

const CHECK_EVERY_MS = 60 * 60_000;

export class PointsExpiryJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: { store: CentralStore; rules: Pick<TimeBankRules, 'pointsExpireAfterYears'>; log: CentralLogger; now?: () => Date; leader?: { holds(): boolean } }) {}

  start(): void {
    if (this.deps.rules.pointsExpireAfterYears === undefined) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Returns how many `expired` entries this run appended. */
  async runOnce(): Promise<number> {
    const years = this.deps.rules.pointsExpireAfterYears;
    if (years === undefined || (this.deps.leader && !this.deps.leader.holds())) return 0;
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

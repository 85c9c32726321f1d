/**
 * Returns reservations not handed over in time (issue 12: valid 15 min): every 30 s (and
 * at start) the due ones expire, each once whichever replica gets there first (the store
 * moves a reservation out of `reserved` by compare-and-set), their points come back as a
 * `reversed` entry and their unit goes back on the shelf; the sites' rewards views follow.
 */
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { RewardsViewPublisher } from './rewards-view-publisher.ts';

export const EXPIRE_EVERY_MS = 30_000;

export class ReservationExpiryScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: { store: CentralStore; views: RewardsViewPublisher; log: CentralLogger; now?: () => Date }) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), EXPIRE_EVERY_MS);
    this.timer.unref();
  }

  async runOnce(): Promise<number> {
    const { store, views, log } = this.deps;
    const run = (async () => {
      try {
        const expired = await store.shop.expireDue((this.deps.now?.() ?? new Date()).toISOString());
        if (expired.length === 0) return 0;
        log.info({ expired: expired.length }, 'reservations not handed over in time expired; points and stock returned');
        for (const siteId of new Set(expired.map((r) => r.siteId))) await views.refresh(siteId);
        return expired.length;
      } catch (err) {
        log.error({ err }, 'expiring reservations failed; will retry');
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

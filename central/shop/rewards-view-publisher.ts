/**
 * Keeps each site's retained RewardsView (`R/sites/{siteId}/rewards`, protocol v2) in
 * step with the store: at start for every site with a catalogue, and after each
 * redemption, expiry, cancel or reversal, republished only when a bucket or an item
 * changed (the kiosk needs no exact count, so most redemptions publish nothing).
 * Any replica may publish: the view is built from the store, so the last one wins and is right.
 */
import type { RewardsView, Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralStore } from '../store/central-store.ts';
import { rewardsViewOf, sameRewardsView } from './shop-rules.ts';

export interface RewardsViewPublisherDeps {
  store: CentralStore;
  mqtt: Pick<CentralMqtt, 'publish'>;
  topics: Topics;
  log: CentralLogger;
  now?: () => Date;
}

export class RewardsViewPublisher {
  private readonly published = new Map<string, RewardsView>();

  constructor(private readonly deps: RewardsViewPublisherDeps) {}

  async refreshAll(): Promise<void> {
    for (const siteId of await this.deps.store.shop.listSites()) await this.refresh(siteId);
  }

  /** Publishes the site's view if it differs from the last one this replica published; true when it did. */
  async refresh(siteId: string): Promise<boolean> {
    const { store, mqtt, topics, log } = this.deps;
    try {
      const view = rewardsViewOf(siteId, await store.shop.listItems(siteId), (this.deps.now?.() ?? new Date()).toISOString());
      if (sameRewardsView(this.published.get(siteId), view)) return false;
      await mqtt.publish(topics.siteRewards(siteId), view, { retain: true });
      this.published.set(siteId, view);
      return true;
    } catch (err) {
      log.warn({ err, siteId }, 'publishing the rewards view failed; it is retried on the next change');
      return false;
    }
  }
}

/**
 * Queues the daily digests that are due (subscription-rules.ts `digestDue`) into the alert
 * outbox. Runs in the alert evaluator's pass, so only on the jobs-lease holder; the store's
 * `claimDigest` makes it once per address and local day across replicas and restarts.
 */
import type { CentralLogger } from '../observability/logger.ts';
import type { AlertSubscriptionStore, StoredAlertSubscription } from '../store/alert-subscription-store.ts';
import { digestBody } from './digest-email.ts';
import { MAILTO } from './email-delivery.ts';
import { coversSite, digestDue } from './subscription-rules.ts';

export async function queueDueDigests(store: AlertSubscriptionStore, subscriptions: readonly StoredAlertSubscription[], nowMs: number, timeZone: string, log: CentralLogger): Promise<void> {
  for (const subscription of subscriptions) {
    const due = digestDue(subscription, nowMs, timeZone);
    if (!due) continue;
    const episodes = (await store.episodesDuring(new Date(due.fromMs).toISOString(), new Date(due.toMs).toISOString())).filter((e) => coversSite(subscription, e.siteId));
    const delivery = { url: `${MAILTO}${subscription.email}`, body: digestBody(due.date, timeZone, due.fromMs, due.toMs, episodes) };
    if (await store.claimDigest(subscription.account, subscription.email, due.date, delivery, nowMs)) {
      log.info({ account: subscription.account, date: due.date, episodes: episodes.length }, 'alert digest queued');
    }
  }
}

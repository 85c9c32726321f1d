/**
 * Delivers the alert events queued in the store's webhook outbox (alert-store.ts): one
 * JSON POST per event and webhook, and one email per event (email-delivery.ts). A failure (network error, timeout, non-2xx) is retried
 * with the shared full-jitter backoff, kept in the store across restarts, for up to 24 h;
 * a delivery still failing then is dropped with an error in the log. With several
 * replicas only the holder of the jobs lease delivers, so each event goes out once (a
 * crash between the receiver's answer and the removal from the outbox can repeat one).
 */
import { backoffDelay, type BackoffOptions } from '../../shared/index.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { AlertStore, QueuedDelivery } from '../store/alert-store.ts';
import type { AlertEvent } from './alert-episodes.ts';
import { MAILTO, type AlertEmailSender } from './email-delivery.ts';

export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
const DEFAULT_RETRY: BackoffOptions = { baseMs: 5_000, capMs: 30 * 60_000 };
const TIMEOUT_MS = 10_000;
const BATCH = 50;

export interface WebhookTarget {
  url: string;
  /** Absent: every site. */
  sites?: readonly string[] | undefined;
}

/** The protocol's webhook body (docs/protocol.md "Alert webhooks"). */
export function webhookBody(event: AlertEvent): string {
  const device = event.deviceKind === 'station' ? { stationId: event.deviceId } : { kioskId: event.deviceId };
  return JSON.stringify({ v: 1, alert: event.alert, state: event.state, ...device, siteId: event.siteId, since: event.since, at: event.at });
}

/** One delivery per webhook and one per email block whose sites include the event's (all when absent). */
export function deliveriesFor(event: AlertEvent, webhooks: readonly WebhookTarget[], email?: { to: readonly string[]; sites?: readonly string[] | undefined }): QueuedDelivery[] {
  const targets = [...webhooks.map((hook) => ({ url: hook.url, sites: hook.sites })), ...(email ? [{ url: `${MAILTO}${email.to.join(',')}`, sites: email.sites }] : [])];
  return targets.filter((target) => !target.sites || target.sites.includes(event.siteId)).map((target) => ({ url: target.url, body: webhookBody(event) }));
}

export interface WebhookDeliveryDeps {
  alerts: AlertStore;
  log: CentralLogger;
  nowMs: () => number;
  retry?: BackoffOptions;
  leader?: { holds(): boolean };
  /** Set when `alerts.email` is configured; `mailto:` rows go through it. */
  sendEmail?: AlertEmailSender;
}

export class WebhookDelivery {
  private running: Promise<void> | undefined;

  constructor(private readonly deps: WebhookDeliveryDeps) {}

  /** One pass over the due deliveries; concurrent calls share the pass in progress. */
  runOnce(): Promise<void> {
    if (this.deps.leader && !this.deps.leader.holds()) return Promise.resolve();
    this.running ??= this.deliverDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverDue(): Promise<void> {
    const { alerts, log, nowMs } = this.deps;
    for (const delivery of await alerts.dueDeliveries(nowMs(), BATCH)) {
      const problem = delivery.url.startsWith(MAILTO) ? await this.email(delivery.url, delivery.body) : await post(delivery.url, delivery.body);
      if (problem === undefined) {
        await alerts.removeDelivery(delivery.id);
        continue;
      }
      const now = nowMs();
      if (now - delivery.createdAtMs >= GIVE_UP_AFTER_MS) {
        log.error({ url: redactUrl(delivery.url), attempts: delivery.attempts + 1, problem, body: delivery.body }, 'alert webhook given up after 24 h of failures');
        await alerts.removeDelivery(delivery.id);
        continue;
      }
      const delayMs = backoffDelay(delivery.attempts, this.deps.retry ?? DEFAULT_RETRY);
      log.warn({ url: redactUrl(delivery.url), attempts: delivery.attempts + 1, problem, retryInMs: delayMs }, 'alert webhook failed; will retry');
      await alerts.deliveryFailed(delivery.id, now + delayMs, problem);
    }
  }

  private async email(url: string, body: string): Promise<string | undefined> {
    if (!this.deps.sendEmail) return 'alerts.email is no longer configured';
    try {
      await this.deps.sendEmail(url.slice(MAILTO.length).split(','), body);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  async stop(): Promise<void> {
    await this.running;
  }
}

/** undefined when the receiver took it (2xx); otherwise what went wrong. */
async function post(url: string, body: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    await response.body?.cancel();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Webhook URLs often carry a token in the path or query: log the origin only. */
function redactUrl(url: string): string {
  if (url.startsWith(MAILTO)) return 'alerts.email';
  try {
    return new URL(url).origin;
  } catch {
    return 'webhook url (not a valid URL)';
  }
}

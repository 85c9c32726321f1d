/**
 * Who of the subscribers hears of an alert event, and when (issue 14). Pure: times are
 * local to the programme's zone (Asia/Shanghai) through shared/local-time.ts.
 * - Outside quiet hours an immediate subscriber is mailed at once.
 * - Inside them, a subscriber with a digest hears of it in the next digest only; one
 *   without a digest is mailed when quiet hours end (the outbox holds the mail until then).
 * - A digest is due once per local day, at or after `digestAt`, from the first day whose
 *   digest time comes after the subscription was made.
 */
import { localDate, localTimeOfDay, nextDate, zonedInstant } from '../../shared/local-time.ts';
import type { AlertSubscription } from '../../shared/index.ts';
import type { QueuedDelivery } from '../store/alert-store.ts';
import type { StoredAlertSubscription } from '../store/alert-subscription-store.ts';
import type { AlertEvent } from './alert-episodes.ts';
import { MAILTO } from './email-delivery.ts';
import { webhookBody } from './webhook-delivery.ts';

const DAY_MS = 24 * 60 * 60_000;

export function coversSite(subscription: Pick<AlertSubscription, 'sites'>, siteId: string): boolean {
  return subscription.sites === 'all' || subscription.sites.includes(siteId);
}

/** True when `HH:MM` lies in [from, to); a window whose `from` is after `to` crosses midnight. */
export function inQuietHours(timeOfDay: string, quiet: { from: string; to: string }): boolean {
  return quiet.from < quiet.to ? timeOfDay >= quiet.from && timeOfDay < quiet.to : timeOfDay >= quiet.from || timeOfDay < quiet.to;
}

/** The instant the quiet hours that hold at `nowMs` end. */
export function quietHoursEnd(nowMs: number, quiet: { from: string; to: string }, timeZone: string): number {
  const today = localDate(nowMs, timeZone);
  const endToday = zonedInstant(today, quiet.to, timeZone);
  return endToday > nowMs ? endToday : zonedInstant(nextDate(today), quiet.to, timeZone);
}

/** The immediate mails of one event: one outbox row per subscribed address. */
export function subscriberDeliveries(event: AlertEvent, subscriptions: readonly AlertSubscription[], nowMs: number, timeZone: string): QueuedDelivery[] {
  const deliveries: QueuedDelivery[] = [];
  const body = webhookBody(event);
  for (const s of subscriptions) {
    if (!s.immediate || !coversSite(s, event.siteId)) continue;
    const quiet = s.quietHours && inQuietHours(localTimeOfDay(nowMs, timeZone), s.quietHours) ? s.quietHours : undefined;
    if (!quiet) deliveries.push({ url: `${MAILTO}${s.email}`, body });
    else if (s.digestAt === undefined) deliveries.push({ url: `${MAILTO}${s.email}`, body, notBeforeMs: quietHoursEnd(nowMs, quiet, timeZone) });
  }
  return deliveries;
}

export interface DigestDue {
  /** The local date the digest is for. */
  date: string;
  /** The 24 h it covers, ending at the digest time. */
  fromMs: number;
  toMs: number;
}

/** The digest this subscription owes at `nowMs`, if any. */
export function digestDue(subscription: StoredAlertSubscription, nowMs: number, timeZone: string): DigestDue | undefined {
  if (subscription.digestAt === undefined) return undefined;
  const date = localDate(nowMs, timeZone);
  const toMs = zonedInstant(date, subscription.digestAt, timeZone);
  if (nowMs < toMs || toMs < subscription.createdAtMs) return undefined;
  if (subscription.lastDigestDate !== undefined && subscription.lastDigestDate >= date) return undefined;
  return { date, fromMs: toMs - DAY_MS, toMs };
}

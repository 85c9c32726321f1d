/**
 * Alert email subscriptions (issue 14): per manager account, the addresses it subscribed,
 * their sites, quiet hours and daily digest, and the local date of the last digest queued.
 * `claimDigest` records that date and queues the digest in one transaction, so a digest goes
 * out once a day whichever replica asks and however often central restarts.
 */
import type { AlertSubscription } from '../../shared/index.ts';
import type { QueuedDelivery } from './alert-store.ts';

export interface StoredAlertSubscription extends AlertSubscription {
  account: string;
  createdAtMs: number;
  /** `YYYY-MM-DD` (local) of the last digest queued. */
  lastDigestDate?: string;
}

/** An episode as a digest lists it. */
export interface DigestEpisode {
  alert: string;
  deviceId: string;
  deviceKind: 'station' | 'kiosk';
  siteId: string;
  since: string;
  openedAt: string;
  closedAt: string | null;
}

export interface AlertSubscriptionStore {
  listFor(account: string): Promise<StoredAlertSubscription[]>;
  listAll(): Promise<StoredAlertSubscription[]>;
  /** The account's whole set; an address kept keeps its creation time and last digest. */
  replaceFor(account: string, subscriptions: readonly AlertSubscription[], nowMs: number): Promise<void>;
  /** Records `date` as the subscription's last digest and queues `delivery`, unless a digest for `date` or later is recorded; true if queued. */
  claimDigest(account: string, email: string, date: string, delivery: QueuedDelivery, nowMs: number): Promise<boolean>;
  /** Episodes open at some instant of [fromIso, toIso], oldest first. */
  episodesDuring(fromIso: string, toIso: string): Promise<DigestEpisode[]>;
}

export function alertSubscriptionsSchema(dialect: 'sqlite' | 'pg'): string {
  const ms = dialect === 'pg' ? 'bigint' : 'INTEGER';
  return `
    CREATE TABLE alert_subscriptions (
      account TEXT NOT NULL,
      email TEXT NOT NULL,
      sites TEXT NOT NULL,
      quiet_from TEXT,
      quiet_to TEXT,
      immediate INTEGER NOT NULL,
      digest_at TEXT,
      created_at_ms ${ms} NOT NULL,
      last_digest_date TEXT,
      PRIMARY KEY (account, email)
    );
  `;
}

export interface AlertSubscriptionRow {
  account: string;
  email: string;
  sites: string;
  quiet_from: string | null;
  quiet_to: string | null;
  immediate: number;
  digest_at: string | null;
  created_at_ms: number | string;
  last_digest_date: string | null;
}

export function subscriptionOf(row: AlertSubscriptionRow): StoredAlertSubscription {
  return {
    account: row.account,
    email: row.email,
    sites: JSON.parse(row.sites) as AlertSubscription['sites'],
    ...(row.quiet_from && row.quiet_to ? { quietHours: { from: row.quiet_from, to: row.quiet_to } } : {}),
    immediate: row.immediate === 1,
    ...(row.digest_at ? { digestAt: row.digest_at } : {}),
    createdAtMs: Number(row.created_at_ms),
    ...(row.last_digest_date ? { lastDigestDate: row.last_digest_date } : {}),
  };
}

/** The values of one row, in SUBSCRIPTION_COLUMNS order. */
export function subscriptionValues(account: string, s: AlertSubscription, nowMs: number): (string | number | null)[] {
  return [account, s.email, JSON.stringify(s.sites), s.quietHours?.from ?? null, s.quietHours?.to ?? null, s.immediate ? 1 : 0, s.digestAt ?? null, nowMs];
}

export const SUBSCRIPTION_COLUMNS = 'account, email, sites, quiet_from, quiet_to, immediate, digest_at, created_at_ms';
/** An upsert keeps created_at_ms and last_digest_date. */
export const SUBSCRIPTION_UPDATE = 'sites = excluded.sites, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, immediate = excluded.immediate, digest_at = excluded.digest_at';
export const SUBSCRIPTION_ORDER = 'ORDER BY account, email';

export interface DigestEpisodeRow {
  alert: string;
  device_id: string;
  device_kind: 'station' | 'kiosk';
  site_id: string;
  since: string;
  opened_at: string;
  closed_at: string | null;
}

export function digestEpisodeOf(row: DigestEpisodeRow): DigestEpisode {
  return { alert: row.alert, deviceId: row.device_id, deviceKind: row.device_kind, siteId: row.site_id, since: row.since, openedAt: row.opened_at, closedAt: row.closed_at };
}

/** ISO-8601 UTC strings from toISOString() order as their instants. */
/** The `to` parameter comes first in the text (SQLite binds `?` in order). */
export function episodesDuringSql(fromParam: string, toParam: string): string {
  return `SELECT alert, device_id, device_kind, site_id, since, opened_at, closed_at FROM alert_episodes WHERE opened_at <= ${toParam} AND (closed_at IS NULL OR closed_at >= ${fromParam}) ORDER BY opened_at, id`;
}

/** The PostgreSQL alert email subscriptions (alert-subscription-store.ts). */
import type pg from 'pg';
import {
  alertSubscriptionsSchema,
  digestEpisodeOf,
  episodesDuringSql,
  subscriptionOf,
  subscriptionValues,
  SUBSCRIPTION_COLUMNS,
  SUBSCRIPTION_ORDER,
  SUBSCRIPTION_UPDATE,
  type AlertSubscriptionRow,
  type AlertSubscriptionStore,
  type DigestEpisodeRow,
} from '../alert-subscription-store.ts';
import { inTransaction } from './pg-tx.ts';

export const PG_ALERT_SUBSCRIPTIONS_SCHEMA = alertSubscriptionsSchema('pg');

export function createPgAlertSubscriptions(pool: pg.Pool): AlertSubscriptionStore {
  return {
    listFor: async (account) => (await pool.query<AlertSubscriptionRow>(`SELECT * FROM alert_subscriptions WHERE account = $1 ${SUBSCRIPTION_ORDER}`, [account])).rows.map(subscriptionOf),
    listAll: async () => (await pool.query<AlertSubscriptionRow>(`SELECT * FROM alert_subscriptions ${SUBSCRIPTION_ORDER}`)).rows.map(subscriptionOf),
    replaceFor: (account, subscriptions, nowMs) =>
      inTransaction(pool, async (tx) => {
        await tx.query('DELETE FROM alert_subscriptions WHERE account = $1 AND NOT (email = ANY($2::text[]))', [account, subscriptions.map((s) => s.email)]);
        for (const s of subscriptions) {
          await tx.query(`INSERT INTO alert_subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (account, email) DO UPDATE SET ${SUBSCRIPTION_UPDATE}`, subscriptionValues(account, s, nowMs));
        }
      }),
    claimDigest: (account, email, date, delivery, nowMs) =>
      inTransaction(pool, async (tx) => {
        const claimed = await tx.query('UPDATE alert_subscriptions SET last_digest_date = $1 WHERE account = $2 AND email = $3 AND (last_digest_date IS NULL OR last_digest_date < $1)', [date, account, email]);
        if (claimed.rowCount !== 1) return false;
        await tx.query('INSERT INTO alert_deliveries (url, body, next_attempt_at_ms, created_at_ms) VALUES ($1, $2, $3, $4)', [delivery.url, delivery.body, delivery.notBeforeMs ?? nowMs, nowMs]);
        return true;
      }),
    episodesDuring: async (fromIso, toIso) => (await pool.query<DigestEpisodeRow>(episodesDuringSql('$1', '$2'), [fromIso, toIso])).rows.map(digestEpisodeOf),
  };
}

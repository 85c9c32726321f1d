/** The SQLite alert email subscriptions (alert-subscription-store.ts). */
import type Database from 'better-sqlite3';
import {
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
} from './alert-subscription-store.ts';

export function createSqliteAlertSubscriptions(db: Database.Database): AlertSubscriptionStore {
  const upsert = db.prepare(`INSERT INTO alert_subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, email) DO UPDATE SET ${SUBSCRIPTION_UPDATE}`);
  const claim = db.prepare('UPDATE alert_subscriptions SET last_digest_date = ? WHERE account = ? AND email = ? AND (last_digest_date IS NULL OR last_digest_date < ?)');
  const queue = db.prepare('INSERT INTO alert_deliveries (url, body, next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, ?)');
  return {
    listFor: async (account) => db.prepare<[string], AlertSubscriptionRow>(`SELECT * FROM alert_subscriptions WHERE account = ? ${SUBSCRIPTION_ORDER}`).all(account).map(subscriptionOf),
    listAll: async () => db.prepare<[], AlertSubscriptionRow>(`SELECT * FROM alert_subscriptions ${SUBSCRIPTION_ORDER}`).all().map(subscriptionOf),
    replaceFor: async (account, subscriptions, nowMs) =>
      db
        .transaction(() => {
          const kept = JSON.stringify(subscriptions.map((s) => s.email));
          db.prepare('DELETE FROM alert_subscriptions WHERE account = ? AND email NOT IN (SELECT value FROM json_each(?))').run(account, kept);
          for (const s of subscriptions) upsert.run(...subscriptionValues(account, s, nowMs));
        })
        .immediate(),
    claimDigest: async (account, email, date, delivery, nowMs) =>
      db
        .transaction(() => {
          const claimed = claim.run(date, account, email, date).changes === 1;
          if (claimed) queue.run(delivery.url, delivery.body, delivery.notBeforeMs ?? nowMs, nowMs);
          return claimed;
        })
        .immediate(),
    episodesDuring: async (fromIso, toIso) => db.prepare<[string, string], DigestEpisodeRow>(episodesDuringSql('?', '?')).all(toIso, fromIso).map(digestEpisodeOf),
  };
}

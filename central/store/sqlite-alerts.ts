/** The SQLite alert episodes and webhook outbox (alert-store.ts). */
import type Database from 'better-sqlite3';
import { ACK_SQL, ackOutcome, EPISODE_BY_ID_SQL, episodeListSql, episodeViewOf, type AlertEpisodeViewRow } from './alert-history.ts';
import { deliveryOf, EPISODE_COLUMNS, episodeOf, type AlertDeliveryRow, type AlertEpisodeRow, type AlertStore, type QueuedDelivery } from './alert-store.ts';

export function createSqliteAlerts(db: Database.Database): AlertStore {
  const insertEpisode = db.prepare(`INSERT INTO alert_episodes (${EPISODE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const closeEpisode = db.prepare('UPDATE alert_episodes SET closed_at = ? WHERE alert = ? AND device_id = ? AND closed_at IS NULL');
  const queue = db.prepare('INSERT INTO alert_deliveries (url, body, next_attempt_at_ms, created_at_ms) VALUES (?, ?, ?, ?)');
  const ackEpisode = db.prepare(ACK_SQL(() => '?'));
  const episodeById = db.prepare<[number], AlertEpisodeViewRow>(EPISODE_BY_ID_SQL(() => '?'));
  const queueAll = (deliveries: readonly QueuedDelivery[], nowMs: number) => {
    for (const delivery of deliveries) queue.run(delivery.url, delivery.body, delivery.notBeforeMs ?? nowMs, nowMs);
  };
  return {
    openEpisode: async (e, deliveries, nowMs) =>
      db
        .transaction(() => {
          const opened = insertEpisode.run(e.alert, e.deviceId, e.deviceKind, e.stationId, e.siteId, e.since, e.openedAt).changes === 1;
          if (opened) queueAll(deliveries, nowMs);
          return opened;
        })
        .immediate(),
    closeEpisode: async (alert, deviceId, closedAt, deliveries, nowMs) =>
      db
        .transaction(() => {
          const closed = closeEpisode.run(closedAt, alert, deviceId).changes === 1;
          if (closed) queueAll(deliveries, nowMs);
          return closed;
        })
        .immediate(),
    listOpenEpisodes: async () => db.prepare<[], AlertEpisodeRow>(`SELECT ${EPISODE_COLUMNS} FROM alert_episodes WHERE closed_at IS NULL ORDER BY id`).all().map(episodeOf),
    listEpisodes: async (query) => {
      const { sql, params } = episodeListSql(query, () => '?');
      return db.prepare<(string | number)[], AlertEpisodeViewRow>(sql).all(...params).map(episodeViewOf);
    },
    episodeById: async (id) => {
      const row = episodeById.get(id);
      return row ? episodeViewOf(row) : undefined;
    },
    acknowledgeEpisode: async (id, ack) =>
      db
        .transaction(() => {
          const updated = ackEpisode.run(ack.by, ack.at, ack.note ?? null, id).changes === 1;
          return ackOutcome(updated, episodeById.get(id));
        })
        .immediate(),
    dueDeliveries: async (nowMs, limit) =>
      db.prepare<[number, number], AlertDeliveryRow>('SELECT * FROM alert_deliveries WHERE next_attempt_at_ms <= ? ORDER BY id LIMIT ?').all(nowMs, limit).map(deliveryOf),
    removeDelivery: async (id) => {
      db.prepare('DELETE FROM alert_deliveries WHERE id = ?').run(id);
    },
    deliveryFailed: async (id, nextAttemptAtMs, error) => {
      db.prepare('UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ? WHERE id = ?').run(nextAttemptAtMs, error, id);
    },
  };
}

/** The PostgreSQL alert episodes and webhook outbox (alert-store.ts). */
import type pg from 'pg';
import { alertsSchema, deliveryOf, EPISODE_COLUMNS, episodeOf, type AlertDeliveryRow, type AlertEpisodeRow, type AlertStore, type QueuedDelivery } from '../alert-store.ts';
import { ACK_SQL, ackOutcome, EPISODE_BY_ID_SQL, episodeListSql, episodeViewOf, type AlertEpisodeViewRow } from '../alert-history.ts';
import { inTransaction, type PgTx } from './pg-tx.ts';

export const PG_ALERTS_SCHEMA = alertsSchema('pg');

async function queueAll(tx: PgTx, deliveries: readonly QueuedDelivery[], nowMs: number): Promise<void> {
  for (const delivery of deliveries) {
    await tx.query('INSERT INTO alert_deliveries (url, body, next_attempt_at_ms, created_at_ms) VALUES ($1, $2, $3, $4)', [delivery.url, delivery.body, delivery.notBeforeMs ?? nowMs, nowMs]);
  }
}

export function createPgAlerts(pool: pg.Pool): AlertStore {
  return {
    openEpisode: (e, deliveries, nowMs) =>
      inTransaction(pool, async (tx) => {
        const inserted = await tx.query(`INSERT INTO alert_episodes (${EPISODE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, [
          e.alert,
          e.deviceId,
          e.deviceKind,
          e.stationId,
          e.siteId,
          e.since,
          e.openedAt,
        ]);
        const opened = inserted.rowCount === 1;
        if (opened) await queueAll(tx, deliveries, nowMs);
        return opened;
      }),
    closeEpisode: (alert, deviceId, closedAt, deliveries, nowMs) =>
      inTransaction(pool, async (tx) => {
        const updated = await tx.query('UPDATE alert_episodes SET closed_at = $1 WHERE alert = $2 AND device_id = $3 AND closed_at IS NULL', [closedAt, alert, deviceId]);
        const closed = updated.rowCount === 1;
        if (closed) await queueAll(tx, deliveries, nowMs);
        return closed;
      }),
    listOpenEpisodes: async () => (await pool.query<AlertEpisodeRow>(`SELECT ${EPISODE_COLUMNS} FROM alert_episodes WHERE closed_at IS NULL ORDER BY id`)).rows.map(episodeOf),
    listEpisodes: async (query) => {
      const { sql, params } = episodeListSql(query, (i) => `$${i}`);
      return (await pool.query<AlertEpisodeViewRow>(sql, params)).rows.map(episodeViewOf);
    },
    episodeById: async (id) => {
      const [row] = (await pool.query<AlertEpisodeViewRow>(EPISODE_BY_ID_SQL((i) => `$${i}`), [id])).rows;
      return row ? episodeViewOf(row) : undefined;
    },
    acknowledgeEpisode: (id, ack) =>
      inTransaction(pool, async (tx) => {
        const updated = await tx.query(ACK_SQL((i) => `$${i}`), [ack.by, ack.at, ack.note ?? null, id]);
        const [row] = (await tx.query<AlertEpisodeViewRow>(EPISODE_BY_ID_SQL((i) => `$${i}`), [id])).rows;
        return ackOutcome(updated.rowCount === 1, row);
      }),
    dueDeliveries: async (nowMs, limit) =>
      (await pool.query<AlertDeliveryRow>('SELECT * FROM alert_deliveries WHERE next_attempt_at_ms <= $1 ORDER BY id LIMIT $2', [nowMs, limit])).rows.map(deliveryOf),
    removeDelivery: async (id) => {
      await pool.query('DELETE FROM alert_deliveries WHERE id = $1', [id]);
    },
    deliveryFailed: async (id, nextAttemptAtMs, error) => {
      await pool.query('UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at_ms = $1, last_error = $2 WHERE id = $3', [nextAttemptAtMs, error, id]);
    },
  };
}

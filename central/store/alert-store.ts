/**
 * Alert episodes and their webhook outbox (issue 14), in the store so they survive a
 * restart and are shared by every replica. At most one episode per alert and device is
 * open (a partial unique index), so a second open — after a restart, or by another
 * replica — changes nothing. Opening or closing an episode queues its deliveries in the
 * same transaction, so an event is never recorded without them, nor queued twice.
 */
import type { AckOutcome, AlertAck, AlertEpisodeQuery, AlertEpisodeView } from './alert-history.ts';

export interface AlertEpisodeRecord {
  alert: string;
  /** The station id, or the kiosk id for kiosk alerts. */
  deviceId: string;
  deviceKind: 'station' | 'kiosk';
  stationId: string;
  siteId: string;
  since: string;
  openedAt: string;
}

export interface QueuedDelivery {
  url: string;
  /** The JSON body, exactly as it will be POSTed. */
  body: string;
  /** Not sent before this instant (a recipient's quiet hours); absent: at once. */
  notBeforeMs?: number;
}

export interface AlertDelivery extends QueuedDelivery {
  id: number;
  attempts: number;
  nextAttemptAtMs: number;
  createdAtMs: number;
}

export interface AlertStore {
  /** Opens the episode and queues `deliveries`, unless one is open for this alert and device; true if it opened. */
  openEpisode(episode: AlertEpisodeRecord, deliveries: readonly QueuedDelivery[], nowMs: number): Promise<boolean>;
  /** Closes the open episode and queues `deliveries`; false (and nothing queued) if none was open. */
  closeEpisode(alert: string, deviceId: string, closedAt: string, deliveries: readonly QueuedDelivery[], nowMs: number): Promise<boolean>;
  listOpenEpisodes(): Promise<AlertEpisodeRecord[]>;
  /** Episodes with their ids and acks, newest first (alert-history.ts). */
  listEpisodes(query: AlertEpisodeQuery): Promise<AlertEpisodeView[]>;
  episodeById(id: number): Promise<AlertEpisodeView | undefined>;
  /** Records who acknowledged the episode (open or closed), unless someone already has: the first ack is kept. */
  acknowledgeEpisode(id: number, ack: AlertAck): Promise<AckOutcome>;
  /** Deliveries whose next attempt is due at `nowMs`, oldest first. */
  dueDeliveries(nowMs: number, limit: number): Promise<AlertDelivery[]>;
  /** Delivered, or given up: removed from the outbox. */
  removeDelivery(id: number): Promise<void>;
  deliveryFailed(id: number, nextAttemptAtMs: number, error: string): Promise<void>;
}

/** Both stores' tables; `bigint` for PostgreSQL's millisecond columns, INTEGER for SQLite's. */
export function alertsSchema(dialect: 'sqlite' | 'pg'): string {
  const id = dialect === 'pg' ? 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const ms = dialect === 'pg' ? 'bigint' : 'INTEGER';
  return `
    CREATE TABLE alert_episodes (
      id ${id},
      alert TEXT NOT NULL,
      device_id TEXT NOT NULL,
      device_kind TEXT NOT NULL,
      station_id TEXT NOT NULL,
      site_id TEXT NOT NULL,
      since TEXT NOT NULL,
      opened_at TEXT NOT NULL,
      closed_at TEXT
    );
    CREATE UNIQUE INDEX alert_episodes_one_open ON alert_episodes (alert, device_id) WHERE closed_at IS NULL;
    CREATE TABLE alert_deliveries (
      id ${id},
      url TEXT NOT NULL,
      body TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at_ms ${ms} NOT NULL,
      created_at_ms ${ms} NOT NULL,
      last_error TEXT
    );
    CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at_ms);
  `;
}

export interface AlertEpisodeRow {
  alert: string;
  device_id: string;
  device_kind: 'station' | 'kiosk';
  station_id: string;
  site_id: string;
  since: string;
  opened_at: string;
}

export function episodeOf(row: AlertEpisodeRow): AlertEpisodeRecord {
  return { alert: row.alert, deviceId: row.device_id, deviceKind: row.device_kind, stationId: row.station_id, siteId: row.site_id, since: row.since, openedAt: row.opened_at };
}

export interface AlertDeliveryRow {
  id: number;
  url: string;
  body: string;
  attempts: number;
  next_attempt_at_ms: number;
  created_at_ms: number;
}

export function deliveryOf(row: AlertDeliveryRow): AlertDelivery {
  return { id: Number(row.id), url: row.url, body: row.body, attempts: row.attempts, nextAttemptAtMs: Number(row.next_attempt_at_ms), createdAtMs: Number(row.created_at_ms) };
}

export const EPISODE_COLUMNS = 'alert, device_id, device_kind, station_id, site_id, since, opened_at';

/**
 * Alert episodes as the console lists them (issue 14, alerts in the console): open and
 * closed, newest first, with who acknowledged each. Shared by both stores; each supplies
 * its placeholders. An acknowledgement is kept once: a second one is refused and the
 * first is returned, so two managers acking at once never overwrite each other.
 */
import { EPISODE_COLUMNS, episodeOf, type AlertEpisodeRecord, type AlertEpisodeRow } from './alert-store.ts';

export interface AlertAck {
  /** The manager account that acknowledged. */
  by: string;
  at: string;
  note?: string;
}

export interface AlertEpisodeView extends AlertEpisodeRecord {
  id: number;
  closedAt: string | null;
  ack: AlertAck | null;
}

export interface AlertEpisodeQuery {
  /** `open`: not yet closed; `all`: closed ones too. */
  state: 'open' | 'all';
  /** Only these sites' episodes; all when absent. */
  siteIds?: readonly string[];
  deviceId?: string;
  /** Episodes that were open at some time in [fromIso, toIso): opened before `toIso`, not closed before `fromIso`. */
  fromIso?: string;
  toIso?: string;
  limit: number;
}

export type AckOutcome = { ok: true; episode: AlertEpisodeView } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'already-acknowledged'; episode: AlertEpisodeView };

/** Acks are bounded so a pasted essay cannot fill the store. */
export const ACK_NOTE_MAX = 200;

/** SQLite 16 / PostgreSQL 10: who acknowledged an episode, when, and an optional note. */
export const ALERT_ACK_MIGRATION = `
  ALTER TABLE alert_episodes ADD COLUMN acked_by TEXT;
  ALTER TABLE alert_episodes ADD COLUMN acked_at TEXT;
  ALTER TABLE alert_episodes ADD COLUMN ack_note TEXT;
  CREATE INDEX alert_episodes_history ON alert_episodes (opened_at, id);
`;

export interface AlertEpisodeViewRow extends AlertEpisodeRow {
  id: number | string;
  closed_at: string | null;
  acked_by: string | null;
  acked_at: string | null;
  ack_note: string | null;
}

export const EPISODE_VIEW_COLUMNS = `id, ${EPISODE_COLUMNS}, closed_at, acked_by, acked_at, ack_note`;

export function episodeViewOf(row: AlertEpisodeViewRow): AlertEpisodeView {
  const ack = row.acked_by === null || row.acked_at === null ? null : { by: row.acked_by, at: row.acked_at, ...(row.ack_note ? { note: row.ack_note } : {}) };
  return { id: Number(row.id), ...episodeOf(row), closedAt: row.closed_at, ack };
}

/** The list query and its parameters, `placeholder(i)` numbering from 1. */
export function episodeListSql(query: AlertEpisodeQuery, placeholder: (i: number) => string): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const param = (value: string | number) => {
    params.push(value);
    return placeholder(params.length);
  };
  if (query.state === 'open') where.push('closed_at IS NULL');
  if (query.siteIds !== undefined) where.push(query.siteIds.length === 0 ? '1 = 0' : `site_id IN (${query.siteIds.map(param).join(', ')})`);
  if (query.deviceId !== undefined) where.push(`device_id = ${param(query.deviceId)}`);
  if (query.toIso !== undefined) where.push(`opened_at < ${param(query.toIso)}`);
  if (query.fromIso !== undefined) where.push(`(closed_at IS NULL OR closed_at >= ${param(query.fromIso)})`);
  const sql = `SELECT ${EPISODE_VIEW_COLUMNS} FROM alert_episodes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY opened_at DESC, id DESC LIMIT ${param(query.limit)}`;
  return { sql, params };
}

/** Sets the ack only where none is: the first one stays. */
export const ACK_SQL = (p: (i: number) => string) => `UPDATE alert_episodes SET acked_by = ${p(1)}, acked_at = ${p(2)}, ack_note = ${p(3)} WHERE id = ${p(4)} AND acked_by IS NULL`;
export const EPISODE_BY_ID_SQL = (p: (i: number) => string) => `SELECT ${EPISODE_VIEW_COLUMNS} FROM alert_episodes WHERE id = ${p(1)}`;

export function ackOutcome(updated: boolean, row: AlertEpisodeViewRow | undefined): AckOutcome {
  if (!row) return { ok: false, reason: 'not-found' };
  return updated ? { ok: true, episode: episodeViewOf(row) } : { ok: false, reason: 'already-acknowledged', episode: episodeViewOf(row) };
}

/**
 * Proof of play (issue 14; protocol v2 §Proof of play): one row per kiosk and clock hour,
 * the screens and content versions it showed and for how long. A kiosk resends an hour
 * until the broker acknowledges it, so a repeat replaces the row: the key is kiosk + hour.
 */
import type { PlayEntry } from '../../shared/index.ts';

export interface PlayHour {
  kioskId: string;
  /** From the stations file (the kiosk's registered station and site), never the payload. */
  stationId: string;
  siteId: string;
  hourMs: number;
  entries: PlayEntry[];
  receivedAtMs: number;
}

export interface PlayQuery {
  fromMs: number;
  toMs: number;
  kioskId?: string;
  /** Only these sites' kiosks; all when absent. */
  siteIds?: readonly string[];
}

export interface PlayStore {
  /** Keeps the hour, replacing an earlier copy of the same kiosk and hour. */
  recordHour(hour: PlayHour): Promise<void>;
  /** Hours starting from `fromMs` up to, not including, `toMs`; by kiosk id, then hour. */
  hoursFor(query: PlayQuery): Promise<PlayHour[]>;
}

export function playSchema(dialect: 'sqlite' | 'pg'): string {
  const ms = dialect === 'pg' ? 'bigint' : 'INTEGER';
  return `
    CREATE TABLE play_hours (
      kiosk_id TEXT NOT NULL,
      hour_ms ${ms} NOT NULL,
      station_id TEXT NOT NULL,
      site_id TEXT NOT NULL,
      entries TEXT NOT NULL,
      received_at_ms ${ms} NOT NULL,
      PRIMARY KEY (kiosk_id, hour_ms)
    );
    CREATE INDEX play_hours_site ON play_hours (site_id, hour_ms);
  `;
}

export interface PlayHourRow {
  kiosk_id: string;
  hour_ms: number | string;
  station_id: string;
  site_id: string;
  entries: string;
  received_at_ms: number | string;
}

export const PLAY_COLUMNS = 'kiosk_id, hour_ms, station_id, site_id, entries, received_at_ms';

export const playHourOf = (row: PlayHourRow): PlayHour => ({
  kioskId: row.kiosk_id,
  stationId: row.station_id,
  siteId: row.site_id,
  hourMs: Number(row.hour_ms),
  entries: JSON.parse(row.entries) as PlayEntry[],
  receivedAtMs: Number(row.received_at_ms),
});

export const playRowParams = (hour: PlayHour): (string | number)[] => [hour.kioskId, hour.hourMs, hour.stationId, hour.siteId, JSON.stringify(hour.entries), hour.receivedAtMs];

/** The window's rows, placeholders by `placeholder(i)` from 1: from, to, then the kiosk (if any), then the sites. */
export function playHoursSql(placeholder: (i: number) => string, query: PlayQuery): string {
  let next = 3;
  const kiosk = query.kioskId === undefined ? '' : `AND kiosk_id = ${placeholder(next++)}`;
  const siteCount = query.siteIds?.length;
  const sites = siteCount === undefined ? '' : siteCount === 0 ? 'AND 1 = 0' : `AND site_id IN (${query.siteIds!.map(() => placeholder(next++)).join(', ')})`;
  return `SELECT ${PLAY_COLUMNS} FROM play_hours WHERE hour_ms >= ${placeholder(1)} AND hour_ms < ${placeholder(2)} ${kiosk} ${sites} ORDER BY kiosk_id, hour_ms`;
}

export const playQueryParams = (query: PlayQuery): (string | number)[] => [query.fromMs, query.toMs, ...(query.kioskId === undefined ? [] : [query.kioskId]), ...(query.siteIds ?? [])];

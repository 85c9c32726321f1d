/**
 * Every state transition of every station and kiosk (issue 14, uptime history), appended
 * only when the device's state changes. Availability is computed from these rows by
 * shared/uptime/availability.ts; the store only keeps them and answers by window.
 */
import type { UptimeDeviceKind, UptimeState } from '../../shared/index.ts';

export interface UptimeTransition {
  deviceKind: UptimeDeviceKind;
  /** The station id, or the kiosk id. */
  deviceId: string;
  siteId: string;
  state: UptimeState;
  atMs: number;
}

export interface UptimeQuery {
  fromMs: number;
  toMs: number;
  /** Only these sites' devices; all when absent. */
  siteIds?: readonly string[];
}

export interface UptimeStore {
  /**
   * Appends the transition unless the device's latest one already has this state (so a
   * repeated or retained status, or a second replica, records nothing); true if appended.
   * A transition older than the device's latest is recorded at the latest's time, so
   * each device's history stays in order.
   */
  recordTransition(transition: UptimeTransition): Promise<boolean>;
  /**
   * Per device, its last transition before `fromMs` (its state at the window's start) and
   * all from `fromMs` up to, not including, `toMs`; by device kind, device id, then time.
   */
  transitionsFor(query: UptimeQuery): Promise<UptimeTransition[]>;
}

export function uptimeSchema(dialect: 'sqlite' | 'pg'): string {
  const id = dialect === 'pg' ? 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const ms = dialect === 'pg' ? 'bigint' : 'INTEGER';
  return `
    CREATE TABLE uptime_transitions (
      id ${id},
      device_kind TEXT NOT NULL CHECK (device_kind IN ('station', 'kiosk')),
      device_id TEXT NOT NULL,
      site_id TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('online', 'offline', 'sleeping', 'frozen', 'blank')),
      at_ms ${ms} NOT NULL
    );
    CREATE INDEX uptime_transitions_device ON uptime_transitions (device_kind, device_id, at_ms, id);
    CREATE INDEX uptime_transitions_site ON uptime_transitions (site_id, at_ms);
  `;
}

export interface UptimeTransitionRow {
  device_kind: UptimeDeviceKind;
  device_id: string;
  site_id: string;
  state: UptimeState;
  at_ms: number | string;
}

export const transitionOf = (row: UptimeTransitionRow): UptimeTransition => ({ deviceKind: row.device_kind, deviceId: row.device_id, siteId: row.site_id, state: row.state, atMs: Number(row.at_ms) });

export const UPTIME_COLUMNS = 'device_kind, device_id, site_id, state, at_ms';

/**
 * The window's rows, `$n`/`?` placeholders by `placeholder(i)`: the last row before the
 * start of each device (that has one), then the rows inside. Site filter optional.
 */
export function transitionsSql(placeholder: (i: number) => string, siteCount: number | undefined): string {
  const sites = siteCount === undefined ? '' : siteCount === 0 ? 'AND 1 = 0' : `AND site_id IN (${Array.from({ length: siteCount }, (_, i) => placeholder(i + 3)).join(', ')})`;
  return `
    SELECT ${UPTIME_COLUMNS} FROM (
      SELECT ${UPTIME_COLUMNS}, id FROM uptime_transitions
        WHERE id IN (
          SELECT (SELECT id FROM uptime_transitions l WHERE l.device_kind = d.device_kind AND l.device_id = d.device_id AND l.at_ms < ${placeholder(1)} ORDER BY at_ms DESC, id DESC LIMIT 1)
          FROM (SELECT DISTINCT device_kind, device_id FROM uptime_transitions WHERE at_ms < ${placeholder(1)} ${sites}) d
        ) ${sites}
      UNION ALL
      SELECT ${UPTIME_COLUMNS}, id FROM uptime_transitions
        WHERE at_ms >= ${placeholder(1)} AND at_ms < ${placeholder(2)} ${sites}
    ) w ORDER BY device_kind, device_id, at_ms, id`;
}

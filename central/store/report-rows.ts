/**
 * What both report stores share (report-store.ts): the SQL definition of a service event,
 * and the merge of uncategorised sessions into the default category. sqlite-reports.ts and
 * pg/pg-reports.ts only differ in how they pass a station list.
 */
import { DEFAULT_SERVICE_CATEGORY, isServiceCategory } from '../../shared/index.ts';
import type { ServiceFigureRow } from './report-store.ts';

/** A service event (report-store.ts), over `sessions s`, in one place for both stores. */
export const CREDITED_SESSION_SQL = 's.ended_at IS NOT NULL AND s.needs_review = 0 AND s.minutes > 0';

export interface FigureGroupRow {
  month: string;
  station_id: string;
  category: string | null;
  team_id: string | null;
  minutes: number;
  events: number;
}

/**
 * Groups as the SQL returns them (ordered by month, station, category with NULL first,
 * team with NULL first), with uncategorised rows (before protocol v2) and the default
 * category merged into one group, which keeps the place of the first of them.
 */
export function mergeFigureGroups(rows: readonly FigureGroupRow[]): ServiceFigureRow[] {
  const merged = new Map<string, ServiceFigureRow>();
  for (const row of rows) {
    const category = isServiceCategory(row.category) ? row.category : DEFAULT_SERVICE_CATEGORY;
    const key = JSON.stringify([row.month, row.station_id, category, row.team_id]);
    const seen = merged.get(key);
    if (seen) {
      seen.minutes += row.minutes;
      seen.events += row.events;
    } else merged.set(key, { month: row.month, stationId: row.station_id, category, teamId: row.team_id, minutes: row.minutes, events: row.events });
  }
  return [...merged.values()];
}

/**
 * Pure rules of the programme's reports: sums of the stored figure rows by month and
 * site, category or team, the yearly target's progress, and their CSV. A site is the
 * station's `siteId` from the stations file; a station not listed there reports as
 * `unregistered`.
 */
import { SERVICE_CATEGORY_LABELS, type ServiceCategoryId, type StationsFile } from '../../shared/index.ts';
import type { ServiceFigureRow } from '../store/report-store.ts';

export type ReportDimension = 'site' | 'category' | 'team';
export const REPORT_DIMENSIONS: readonly ReportDimension[] = ['site', 'category', 'team'];

export interface ReportCell {
  month: string;
  /** A site id, a category id, or a team id (`no-team` for volunteers without one). */
  key: string;
  minutes: number;
  events: number;
}

export const NO_TEAM = 'no-team';
export const UNREGISTERED_SITE = 'unregistered';

/** Every month `YYYY-MM` from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

/** The last calendar day of a month `YYYY-MM`. */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function keyOf(row: ServiceFigureRow, by: ReportDimension, stations: StationsFile): string {
  if (by === 'category') return row.category;
  if (by === 'team') return row.teamId ?? NO_TEAM;
  return stations[row.stationId]?.siteId ?? UNREGISTERED_SITE;
}

/** Sums per month and key, sorted by month then key; months without service are absent. */
export function sumBy(rows: readonly ServiceFigureRow[], by: ReportDimension, stations: StationsFile): ReportCell[] {
  const cells = new Map<string, ReportCell>();
  for (const row of rows) {
    const key = keyOf(row, by, stations);
    const id = `${row.month}\n${key}`;
    const cell = cells.get(id) ?? { month: row.month, key, minutes: 0, events: 0 };
    cell.minutes += row.minutes;
    cell.events += row.events;
    cells.set(id, cell);
  }
  // Code-point order, so the order never depends on the locale the service runs in.
  return [...cells.values()].sort((a, b) => (a.month === b.month ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.month < b.month ? -1 : 1));
}

export function totalsOf(rows: readonly { minutes: number; events: number }[]): { minutes: number; events: number } {
  return rows.reduce((t, r) => ({ minutes: t.minutes + r.minutes, events: t.events + r.events }), { minutes: 0, events: 0 });
}

export interface TargetProgress {
  year: number;
  events: number;
  target: number;
  /** events / target, to 4 decimals; can pass 1. */
  fraction: number;
}

export function targetProgress(year: number, events: number, target: number): TargetProgress {
  return { year, events, target, fraction: Math.round((events / target) * 10_000) / 10_000 };
}

export function labelOf(by: ReportDimension, key: string, names: { sites: Map<string, string>; teams: Map<string, string> }): string {
  if (by === 'category') return SERVICE_CATEGORY_LABELS[key as ServiceCategoryId]?.zh ?? key;
  if (by === 'team') return key === NO_TEAM ? '无团队 no team' : (names.teams.get(key) ?? key);
  return names.sites.get(key) ?? key;
}

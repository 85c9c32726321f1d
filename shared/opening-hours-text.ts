/**
 * Opening hours as people type them, for the console's station editor: one text per day,
 * "09:00–17:00" or "09:00–12:00, 14:00–18:00", empty when closed. Converts between that and
 * the directory's OpeningHours (content.ts), where days with the same times share an entry,
 * so the file stays as short as a hand-written one.
 */
import type { OpeningHours } from './payloads/content.ts';

export interface Period {
  opens: string;
  closes: string;
}

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const PERIOD = /^(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2})[:：](\d{2})$/;
const pad = (n: string) => n.padStart(2, '0');

export function formatPeriods(periods: readonly Period[]): string {
  return periods.map((p) => `${p.opens}–${p.closes}`).join(', ');
}

/** The periods in `text` (commas, Chinese commas or semicolons between them), or `null` if a part is not `HH:MM–HH:MM`. */
export function parsePeriods(text: string): Period[] | null {
  const parts = text.split(/[,，;；、]/).map((part) => part.trim()).filter((part) => part !== '');
  const periods: Period[] = [];
  for (const part of parts) {
    const match = PERIOD.exec(part);
    if (!match) return null;
    periods.push({ opens: `${pad(match[1]!)}:${match[2]}`, closes: `${pad(match[3]!)}:${match[4]}` });
  }
  return periods;
}

/** Each weekday's periods (index 0 = Monday), sorted by opening time. */
export function periodsByWeekday(hours: readonly OpeningHours[]): Period[][] {
  return WEEKDAYS.map((day) =>
    hours
      .filter((h) => h.days.includes(day))
      .map((h) => ({ opens: h.opens, closes: h.closes }))
      .sort((a, b) => a.opens.localeCompare(b.opens)),
  );
}

/** Weekly hours from each weekday's periods: one entry per distinct period, with the days that keep it, in weekday order. */
export function weeklyHours(byWeekday: readonly (readonly Period[])[]): OpeningHours[] {
  const entries = new Map<string, OpeningHours>();
  byWeekday.forEach((periods, index) => {
    for (const period of periods) {
      const key = `${period.opens}-${period.closes}`;
      const entry = entries.get(key) ?? { days: [], opens: period.opens, closes: period.closes };
      entry.days.push(WEEKDAYS[index]!);
      entries.set(key, entry);
    }
  });
  return [...entries.values()];
}

/** Days as runs of consecutive weekdays, e.g. [1, 2, 3, 4, 5, 7] -> [[1, 5], [7, 7]]. */
export function weekdayRuns(days: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const day of [...new Set(days)].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

/** "Open now" from a station's weekly hours in its own time zone (content.ts OpeningHours). */
import type { OpeningHours } from './payloads/content.ts';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
export const DEFAULT_STATION_TIME_ZONE = 'Asia/Shanghai';

export interface LocalWallTime {
  year: number;
  /** 1 … 12 */
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  /** `HH:MM`, 24-hour */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** An unknown zone falls back to Asia/Shanghai instead of throwing: a typo must not blank the directory. */
export function localWallTime(now: Date, timeZone = DEFAULT_STATION_TIME_ZONE): LocalWallTime {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(now);
  } catch {
    parts = formatterFor(DEFAULT_STATION_TIME_ZONE).formatToParts(now);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    weekday: WEEKDAYS[part('weekday')] ?? 0,
    time: `${part('hour')}:${part('minute')}`,
  };
}

export function isOpenAt(hours: readonly OpeningHours[], now: Date, timeZone = DEFAULT_STATION_TIME_ZONE): boolean {
  const local = localWallTime(now, timeZone);
  return hours.some((h) => h.days.includes(local.weekday) && local.time >= h.opens && local.time < h.closes);
}

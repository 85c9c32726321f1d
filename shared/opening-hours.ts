/**
 * "Open now" from a station's weekly hours in its own time zone (content.ts OpeningHours),
 * and its holiday exceptions (protocol v2), which replace the weekly hours on their days.
 */
import { wallClock, type WallClock } from './local-time.ts';
import type { HoursException, OpeningHours } from './payloads/content.ts';

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

function wallClockOrDefault(now: Date, timeZone: string): WallClock {
  try {
    return wallClock(now.getTime(), timeZone);
  } catch {
    return wallClock(now.getTime(), DEFAULT_STATION_TIME_ZONE);
  }
}

/** An unknown zone falls back to Asia/Shanghai instead of throwing: a typo must not blank the directory. */
export function localWallTime(now: Date, timeZone = DEFAULT_STATION_TIME_ZONE): LocalWallTime {
  const w = wallClockOrDefault(now, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { year: w.year, month: w.month, day: w.day, weekday: w.weekday, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** `YYYY-MM-DD` of a local wall time. */
export function localDate(local: Pick<LocalWallTime, 'year' | 'month' | 'day'>): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}

/** The exception covering `date` (`YYYY-MM-DD`); the first listed wins if two overlap. */
export function exceptionOn(exceptions: readonly HoursException[], date: string): HoursException | undefined {
  return exceptions.find((e) => e.from <= date && date <= (e.until ?? e.from));
}

export function isOpenAt(hours: readonly OpeningHours[], now: Date, timeZone = DEFAULT_STATION_TIME_ZONE, exceptions: readonly HoursException[] = []): boolean {
  const local = localWallTime(now, timeZone);
  const exception = exceptionOn(exceptions, localDate(local));
  const within = (h: { opens: string; closes: string }) => local.time >= h.opens && local.time < h.closes;
  if (exception) return exception.hours.some(within);
  return hours.some((h) => h.days.includes(local.weekday) && within(h));
}

/** Exceptions still to come or under way within `days` days of `now`, soonest first: what a kiosk announces. */
export function exceptionsAhead(exceptions: readonly HoursException[], now: Date, timeZone = DEFAULT_STATION_TIME_ZONE, days = 14): HoursException[] {
  const today = localWallTime(now, timeZone);
  const first = localDate(today);
  const last = new Date(Date.UTC(today.year, today.month - 1, today.day + days)).toISOString().slice(0, 10);
  return exceptions.filter((e) => (e.until ?? e.from) >= first && e.from <= last).sort((a, b) => a.from.localeCompare(b.from));
}

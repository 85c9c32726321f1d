/** "Open now" from a station's weekly hours in its own time zone (content.ts OpeningHours). */
import { wallClock, type WallClock } from './local-time.ts';
import type { OpeningHours } from './payloads/content.ts';

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

export function isOpenAt(hours: readonly OpeningHours[], now: Date, timeZone = DEFAULT_STATION_TIME_ZONE): boolean {
  const local = localWallTime(now, timeZone);
  return hours.some((h) => h.days.includes(local.weekday) && local.time >= h.opens && local.time < h.closes);
}

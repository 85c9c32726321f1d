/** "Open now" from a station's weekly hours in its own time zone (content.ts OpeningHours). */
import type { OpeningHours } from '../../shared/index.ts';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
export const DEFAULT_STATION_TIME_ZONE = 'Asia/Shanghai';

function localWeekdayAndTime(now: Date, timeZone: string): { day: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: WEEKDAYS[part('weekday')] ?? 0, time: `${part('hour')}:${part('minute')}` };
}

export function isOpenAt(hours: readonly OpeningHours[], now: Date, timeZone = DEFAULT_STATION_TIME_ZONE): boolean {
  let local: { day: number; time: string };
  try {
    local = localWeekdayAndTime(now, timeZone);
  } catch {
    local = localWeekdayAndTime(now, DEFAULT_STATION_TIME_ZONE);
  }
  return hours.some((h) => h.days.includes(local.day) && local.time >= h.opens && local.time < h.closes);
}

/**
 * Calendar dates and wall-clock times in a time zone (IANA, e.g. Asia/Shanghai), without a
 * date library: Intl gives the zone's wall clock at an instant. Central (the programme's
 * day, auto-close, expiry) and the kiosk (opening hours, display schedule) share it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface WallClock {
  year: number;
  /** 1 … 12 */
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

/** The zone's calendar and clock at the instant. Throws a RangeError for an unknown zone. */
export function wallClock(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = part.value;
  }
  const n = (type: string) => Number(parts[type]);
  return { year: n('year'), month: n('month'), day: n('day'), weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0, hour: n('hour'), minute: n('minute'), second: n('second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Offsets only change on quarter-hour marks (every zone's offset is a multiple of 15 min
 * and transitions happen on local quarter hours), so one Intl lookup per zone and quarter
 * hour serves every instant in it. Intl is ~50 µs per call; this is on the check-in path.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

function offsetMs(instantMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instantMs / QUARTER_HOUR_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const w = wallClock(instantMs, timeZone);
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    offset = asUtc - Math.floor(instantMs / 1000) * 1000;
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The zone's wall clock at the instant, read through UTC getters on a shifted Date. */
function shifted(instantMs: number, timeZone: string): Date {
  return new Date(instantMs + offsetMs(instantMs, timeZone));
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(instantMs: number, timeZone: string): string {
  return shifted(instantMs, timeZone).toISOString().slice(0, 10);
}

/** `HH:MM` of the instant in the zone, for "already checked in at 09:02". */
export function localTimeOfDay(instantMs: number, timeZone: string): string {
  const d = shifted(instantMs, timeZone);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The instant when the zone's clock shows `date` `HH:MM` (`24:00` is the next midnight; two passes settle DST edges). */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  let guess = naive - offsetMs(naive, timeZone);
  guess = naive - offsetMs(guess, timeZone);
  return guess;
}

/** `YYYY-MM-DD` one calendar day later. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

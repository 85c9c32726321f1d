/** Dates, times and distances in the current kiosk locale. */
import type { OpeningHours } from '../../shared/index.ts';
import { weekdayRuns } from '../../shared/opening-hours-text.ts';
import { getLocale } from '../locales/localization.ts';

function intlLocale(): string {
  return getLocale() === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/**
 * One formatter per style and locale, made on first use: building an Intl.DateTimeFormat
 * costs about a millisecond (several at 4x CPU), and every render of the toolbar clock
 * asked for new ones, which showed in the tap-to-overlay tail on slow kiosks.
 */
function cachedFormat(options: Intl.DateTimeFormatOptions): (at: Date | string) => string {
  const byLocale = new Map<string, Intl.DateTimeFormat>();
  return (at) => {
    const locale = intlLocale();
    let format = byLocale.get(locale);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, options);
      byLocale.set(locale, format);
    }
    return format.format(new Date(at));
  };
}

export const formatTime = cachedFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
export const formatDate = cachedFormat({ weekday: 'long', month: 'long', day: 'numeric' });
export const formatShortDay = cachedFormat({ weekday: 'short', month: 'numeric', day: 'numeric' });

const calendarDay = cachedFormat({ month: 'long', day: 'numeric', timeZone: 'UTC' });
/** A station's local date `YYYY-MM-DD` (a holiday exception's day) as "1 October" / "10月1日", whatever the kiosk's zone. */
export function formatCalendarDay(date: string): string {
  return calendarDay(`${date}T00:00:00.000Z`);
}

const weekdayName = cachedFormat({ weekday: 'short', timeZone: 'UTC' });
/** An ISO weekday (1 = Monday) as "Mon" / "周一". */
export function formatWeekday(day: number): string {
  // 2026-11-30 was a Monday.
  return weekdayName(new Date(Date.UTC(2026, 10, 29 + day)));
}

/** A station's weekly hours with their days, e.g. "Mon–Fri 08:00–18:00 · Sat 09:00–12:00" / "周一至周五 08:00–18:00 · 周六 09:00–12:00". */
export function formatWeeklyHours(hours: readonly OpeningHours[]): string {
  const through = getLocale() === 'zh-CN' ? '至' : '–';
  return hours
    .map((h) => {
      const days = weekdayRuns(h.days).map(([first, last]) => (first === last ? formatWeekday(first) : `${formatWeekday(first)}${through}${formatWeekday(last)}`));
      return `${days.join(', ')} ${h.opens}–${h.closes}`;
    })
    .join(' · ');
}

/** The local calendar day, for grouping activities. */
export function dayKey(at: Date | string): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** Dates, times and distances in the current kiosk locale. */
import { getLocale } from '../locales/localization.ts';

function intlLocale(): string {
  return getLocale() === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

export function formatTime(at: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
}

export function formatDate(at: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(), { weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(at));
}

export function formatShortDay(at: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(), { weekday: 'short', month: 'numeric', day: 'numeric' }).format(new Date(at));
}

/** The local calendar day, for grouping activities. */
export function dayKey(at: Date | string): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}

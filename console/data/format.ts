/** Human-readable times for the console: durations, "… ago", local clock times, in the current locale. */
import { msg, str } from '@lit/localize';

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return msg(str`${seconds} s`, { id: 'console.duration.seconds' });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return msg(str`${minutes} min`, { id: 'console.duration.minutes' });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return msg(str`${hours} h ${minutes % 60} min`, { id: 'console.duration.hours' });
  return msg(str`${Math.floor(hours / 24)} d`, { id: 'console.duration.days' });
}

export function formatAgo(at: number | undefined | null, now: number): string {
  if (at == null) return msg('unknown', { id: 'console.ago.unknown' });
  if (now - at < 1_000) return msg('just now', { id: 'console.ago.now' });
  return msg(str`${formatDuration(now - at)} ago`, { id: 'console.ago' });
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const dayAndClockZh = new Intl.DateTimeFormat('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** "14:02:11" today, "28 Nov, 09:30" (zh: "11/28 09:30") otherwise (the console's own time zone). */
export function formatClockTime(at: number, now: number, locale: string = 'en'): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  if (sameDay) return clock.format(at);
  return locale === 'zh-CN' ? dayAndClockZh.format(at) : dayAndClock.format(at);
}

/**
 * "Copy last week's" in the content editor (issue 16): the site's activities that started
 * in the previous calendar week (Monday 00:00 to Monday 00:00 in the site's zone) again a
 * week later, at the same wall-clock times, as new items that go ahead (not cancelled).
 * One already in the list with the same title and start is not copied twice, so pressing
 * the button again, or after publishing the copies, adds nothing.
 */
import type { Activity } from '../../shared/index.ts';
import { localDate, localTimeOfDay, wallClock, zonedInstant } from '../../shared/local-time.ts';

/** The zone a directory station's hours are in when it names none (shared/payloads/content.ts). */
export const DEFAULT_SITE_ZONE = 'Asia/Shanghai';

/** `YYYY-MM-DD` `days` calendar days after `date`. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instants the previous calendar week and this one start at, in `timeZone`. */
export function weekStarts(nowMs: number, timeZone: string): { previous: number; current: number } {
  const monday = addDays(localDate(nowMs, timeZone), 1 - wallClock(nowMs, timeZone).weekday);
  return { previous: zonedInstant(addDays(monday, -7), '00:00', timeZone), current: zonedInstant(monday, '00:00', timeZone) };
}

/**
 * The same wall-clock time seven calendar days later in `timeZone`: 7 × 24 h in a zone
 * without daylight saving (Asia/Shanghai), an hour more or less across a change. Offsets
 * are whole minutes, so the seconds and milliseconds carry over as they are.
 */
export function weekLater(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(zonedInstant(addDays(localDate(ms, timeZone), 7), localTimeOfDay(ms, timeZone), timeZone) + (ms % 60_000)).toISOString();
}

const sameTitle = (a: Activity['title'], b: Activity['title']) => a.zh === b.zh && a.en === b.en;

/**
 * The copies to add to `activities` (not the list itself), in start order; `newId(n)`
 * names the n-th copy. Returns none when last week had nothing or all is copied already.
 */
export function copyLastWeek(activities: readonly Activity[], nowMs: number, timeZone: string, newId: (n: number) => string): Activity[] {
  const { previous, current } = weekStarts(nowMs, timeZone);
  const lastWeek = activities.filter((a) => previous <= Date.parse(a.startsAt) && Date.parse(a.startsAt) < current).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const copies: Activity[] = [];
  for (const original of lastWeek) {
    const { cancelled: _cancelled, ...kept } = original;
    const startsAt = weekLater(original.startsAt, timeZone);
    const taken = [...activities, ...copies].some((a) => sameTitle(a.title, original.title) && Date.parse(a.startsAt) === Date.parse(startsAt));
    if (taken) continue;
    copies.push({
      ...kept,
      id: newId(copies.length),
      startsAt,
      endsAt: weekLater(original.endsAt, timeZone),
      ...(original.showFrom ? { showFrom: weekLater(original.showFrom, timeZone) } : {}),
      ...(original.showUntil ? { showUntil: weekLater(original.showUntil, timeZone) } : {}),
    });
  }
  return copies;
}

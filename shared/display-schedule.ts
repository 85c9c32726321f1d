/**
 * When a kiosk's screen should be on (issue 14): during the station's opening hours
 * (directory content), or a kiosk's own `display.hours` from its config, and for a few
 * minutes after a touch or a card tap outside them. Pure: the kiosk passes the clock.
 */
import type { DirectoryStation, HoursException, OpeningHours } from './payloads/content.ts';
import type { KioskConfig } from './config/kiosk.ts';
import { zonedInstant } from './local-time.ts';
import { DEFAULT_STATION_TIME_ZONE, isOpenAt, localWallTime } from './opening-hours.ts';

export const DEFAULT_WAKE_MINUTES = 5;
const MINUTE_MS = 60_000;
/** Far enough to cross a weekend and a week with only one open day. */
const LOOKAHEAD_DAYS = 8;

export interface DisplaySchedule {
  /** Undefined or empty: no hours known, so the screen never sleeps. */
  hours?: readonly OpeningHours[];
  /** The station's holiday exceptions: a holiday closure sleeps the screen like closing time. */
  exceptions?: readonly HoursException[];
  timeZone: string;
  wakeMs: number;
}

export type DisplayReason = 'no-hours' | 'open' | 'woken' | 'closed';

export interface DisplayDecision {
  state: 'on' | 'sleeping';
  reason: DisplayReason;
  /** The next instant the state flips; undefined when it never does (no hours, or open every minute). */
  changesAt?: Date;
}

/** The kiosk's `display.hours` override wins over its station's directory hours and holiday exceptions. */
export function displayScheduleFor(station: Pick<DirectoryStation, 'hours' | 'timeZone' | 'exceptions'> | undefined, display: KioskConfig['display']): DisplaySchedule {
  return {
    hours: display?.hours ?? station?.hours,
    // A kiosk's own hours are its whole schedule; the station's holidays come with the station's hours.
    ...(!display?.hours && station?.exceptions ? { exceptions: station.exceptions } : {}),
    timeZone: display?.timeZone ?? station?.timeZone ?? DEFAULT_STATION_TIME_ZONE,
    wakeMs: (display?.wakeMinutes ?? DEFAULT_WAKE_MINUTES) * MINUTE_MS,
  };
}

function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Instants after `now` where opening hours (weekly or an exception's) start or end, and midnights, where an exception may begin; soonest first. */
function hourBoundariesAfter(hours: readonly OpeningHours[], exceptions: readonly HoursException[], now: Date, timeZone: string): number[] {
  const today = localWallTime(now, timeZone);
  const all = [...hours, ...exceptions.flatMap((e) => e.hours)];
  const times = [...new Set([...all.flatMap((h) => [h.opens, h.closes]), ...(exceptions.length > 0 ? ['00:00'] : [])])];
  const instants: number[] = [];
  for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset)).toISOString().slice(0, 10);
    for (const time of times) {
      const at = zonedInstant(date, time, timeZone);
      if (at > now.getTime()) instants.push(at);
    }
  }
  return instants.sort((a, b) => a - b);
}

/**
 * Whether the screen should be on at `now`. `wokenUntil` (epoch ms) is the end of the
 * last wake by a touch or card tap; the kiosk sets it to `now + schedule.wakeMs`.
 */
export function decideDisplay(schedule: DisplaySchedule, now: Date, wokenUntil = 0): DisplayDecision {
  const hours = schedule.hours ?? [];
  if (hours.length === 0) return { state: 'on', reason: 'no-hours' };
  const timeZone = isKnownZone(schedule.timeZone) ? schedule.timeZone : DEFAULT_STATION_TIME_ZONE;
  const exceptions = schedule.exceptions ?? [];
  const onAt = (at: number) => at < wokenUntil || isOpenAt(hours, new Date(at), timeZone, exceptions);
  const open = isOpenAt(hours, now, timeZone, exceptions);
  const state = open || now.getTime() < wokenUntil ? 'on' : 'sleeping';
  const reason: DisplayReason = open ? 'open' : state === 'on' ? 'woken' : 'closed';
  const candidates = [...hourBoundariesAfter(hours, exceptions, now, timeZone), ...(wokenUntil > now.getTime() ? [wokenUntil] : [])].sort((a, b) => a - b);
  const flip = candidates.find((at) => onAt(at) !== (state === 'on'));
  return { state, reason, ...(flip !== undefined ? { changesAt: new Date(flip) } : {}) };
}

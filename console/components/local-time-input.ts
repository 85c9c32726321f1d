/** Between ISO instants and what a `datetime-local` input holds, in this browser's zone. */

/** `2026-11-29T01:00:00.000Z` -> the `datetime-local` value in this browser's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as an ISO instant; what is not a time is sent as typed, for the server to name. */
export function localInstant(local: string): string {
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
}

/** Longest an activity may run past midnight for its end time to be read as the next day's. */
const OVERNIGHT_MAX_MS = 12 * 3_600_000;

/**
 * One day's times as the activity form holds them (a date, a start and an end time) as
 * ISO instants. An end time before the start is on the next day when that makes the
 * activity at most 12 hours long, as an evening patrol from 22:00 to 01:00 is; a longer
 * one (10:00 to 09:00) is most likely a typing slip and goes to the server as typed, to be
 * refused beside the field. What is not a time is sent as typed too, for the server to name.
 */
export function localSpan(date: string, starts: string, ends: string): { startsAt: string; endsAt: string } {
  const startsAt = localInstant(`${date}T${starts}`);
  const endsAt = localInstant(`${date}T${ends}`);
  if (Number.isNaN(Date.parse(startsAt)) || Number.isNaN(Date.parse(endsAt)) || Date.parse(endsAt) >= Date.parse(startsAt)) return { startsAt, endsAt };
  // The next calendar day at the same wall-clock time, in this browser's zone.
  const next = new Date(`${date}T${ends}`);
  next.setDate(next.getDate() + 1);
  return next.getTime() - Date.parse(startsAt) <= OVERNIGHT_MAX_MS ? { startsAt, endsAt: next.toISOString() } : { startsAt, endsAt };
}

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

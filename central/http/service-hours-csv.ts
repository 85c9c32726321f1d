/**
 * CSV export of service hours (RFC 4180, CRLF, UTF-8 with BOM so spreadsheet apps
 * read Chinese names): one row per session in the date range.
 */
import type { SessionRecord } from '../store/central-store.ts';

export const SERVICE_HOURS_COLUMNS = [
  'session_id',
  'volunteer_id',
  'volunteer_name',
  'station_id',
  'date',
  'started_at',
  'ended_at',
  'minutes',
  'hours',
  'points',
  'closed_by',
  'needs_review',
] as const;

export function csvField(value: string | number | boolean | undefined): string {
  const text = value === undefined ? '' : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function serviceHoursCsv(sessions: readonly SessionRecord[]): string {
  const rows = sessions.map((s) =>
    [
      s.id,
      s.volunteerId,
      s.volunteerName,
      s.stationId,
      s.localDate,
      s.startedAt,
      s.endedAt,
      s.minutes,
      s.minutes === undefined ? undefined : (s.minutes / 60).toFixed(2),
      s.points,
      s.endedAt === undefined ? 'open' : s.closedBy,
      s.needsReview,
    ]
      .map(csvField)
      .join(','),
  );
  return `\uFEFF${[SERVICE_HOURS_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

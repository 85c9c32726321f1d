/**
 * Session rows as both stores read them (snake_case columns, NULL for absent, reasons
 * comma-joined in the order raised): shared by sqlite-store.ts and pg/pg-store.ts.
 */
import type { ReviewReason } from '../../shared/index.ts';
import type { SessionRecord } from './central-store.ts';

export interface SessionRow {
  id: string;
  volunteer_id: string;
  volunteer_name: string;
  station_id: string;
  local_date: string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  points: number | null;
  closed_by: SessionRecord['closedBy'] | null;
  needs_review: number;
  open_checkin_id: string;
  close_checkin_id: string | null;
  /** Comma-separated, in the order they were raised. */
  review_reasons: string | null;
}

export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    volunteerName: row.volunteer_name,
    stationId: row.station_id,
    localDate: row.local_date,
    startedAt: row.started_at,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    ...(row.minutes !== null ? { minutes: row.minutes } : {}),
    ...(row.points !== null ? { points: row.points } : {}),
    ...(row.closed_by !== null ? { closedBy: row.closed_by } : {}),
    needsReview: row.needs_review === 1,
    ...(row.review_reasons !== null ? { reviewReasons: row.review_reasons.split(',') as ReviewReason[] } : {}),
    openCheckInId: row.open_checkin_id,
    ...(row.close_checkin_id !== null ? { closeCheckInId: row.close_checkin_id } : {}),
  };
}

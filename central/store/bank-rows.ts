/**
 * The bank's rows as both stores read them, and the store-side rules of stars (when an
 * award changes anything, when an application is refused or repeated, what the audit
 * says): shared by sqlite-bank.ts and pg/pg-bank.ts so both answer alike. The hours'
 * rules themselves are timebank/bank-rules.ts.
 */
import { DEFAULT_SERVICE_CATEGORY, type ServiceCategoryId } from '../../shared/index.ts';
import type { RecordedSession, StarApplication, StarDecideOutcome, TeamFigures, TeamRecord } from './bank-store.ts';

export interface ApplicationRow {
  id: string;
  volunteer_id: string;
  star: number;
  minutes: number;
  applied_at: string;
  status: StarApplication['status'];
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
}

export function applicationFromRow(row: ApplicationRow): StarApplication {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    star: row.star,
    minutes: row.minutes,
    appliedAt: row.applied_at,
    status: row.status,
    ...(row.decided_at !== null ? { decidedAt: row.decided_at } : {}),
    ...(row.decided_by !== null ? { decidedBy: row.decided_by } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

export interface TeamRow {
  id: string;
  name: string;
  leader_volunteer_id: string | null;
}

export function teamFromRow(row: TeamRow): TeamRecord {
  return { id: row.id, name: row.name, ...(row.leader_volunteer_id !== null ? { leaderVolunteerId: row.leader_volunteer_id } : {}) };
}

export interface RecordedSessionRow {
  id: string;
  station_id: string;
  category: string | null;
  local_date: string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  points: number | null;
  needs_review: number;
}

export function recordedSessionFromRow(r: RecordedSessionRow): RecordedSession {
  return {
    id: r.id,
    stationId: r.station_id,
    category: (r.category ?? DEFAULT_SERVICE_CATEGORY) as ServiceCategoryId,
    localDate: r.local_date,
    startedAt: r.started_at,
    ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}),
    ...(r.minutes !== null ? { minutes: r.minutes } : {}),
    ...(r.points !== null ? { points: r.points } : {}),
    needsReview: r.needs_review === 1,
  };
}

export interface TeamMemberRow {
  id: string;
  name: string;
  minutes: number | null;
  sessions: number;
  star: number | null;
}

export function teamFiguresOf(team: TeamRow, memberRows: readonly TeamMemberRow[]): TeamFigures {
  const members = memberRows.map((m) => ({ volunteerId: m.id, name: m.name, minutes: m.minutes ?? 0, sessions: m.sessions, star: m.star ?? 0 }));
  return {
    ...teamFromRow(team),
    totalMinutes: members.reduce((sum, m) => sum + m.minutes, 0),
    sessions: members.reduce((sum, m) => sum + m.sessions, 0),
    members: members.map(({ sessions: _sessions, ...m }) => m),
  };
}

/** Sessions that count as service: closed, and not waiting for a manager (SQL, the same in both stores). */
export const CREDITED_SESSIONS = 'needs_review = 0 AND ended_at IS NOT NULL';

/** An award changes something only when it is above the awarded star. */
export function awardRaises(awardedStar: number, star: number): boolean {
  return star > awardedStar;
}

/** An application must aim above the awarded star, and at most at 5. */
export function applicationEligible(awardedStar: number, star: number): boolean {
  return star > awardedStar && star <= 5;
}

/** A decision on an already decided application: the same one re-sent (a retried click) is answered with it. */
export function decidedAgain(row: ApplicationRow, decision: 'approved' | 'declined', actor: string): StarDecideOutcome {
  const application = applicationFromRow(row);
  return row.status === decision && row.decided_by === actor ? { ok: true, application, repeated: true } : { ok: false, reason: 'already-decided', application };
}

export function awardAuditDetail(from: number, to: number, applicationId: string | null, reason?: string): Record<string, unknown> {
  return { from, to, ...(applicationId ? { applicationId } : {}), ...(reason ? { reason } : {}) };
}

export function decisionAuditDetail(row: ApplicationRow, decision: 'approved' | 'declined', from: number, reason?: string): Record<string, unknown> {
  return { applicationId: row.id, star: row.star, from, to: decision === 'approved' ? Math.max(from, row.star) : from, ...(reason ? { reason } : {}) };
}

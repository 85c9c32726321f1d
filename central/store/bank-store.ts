/**
 * The time bank's service record, stars and teams (issue 12, protocol v2 §Time bank).
 * Hours are the service record: the minutes of closed sessions that do not wait for a
 * manager (`needs_review = 0`), per category and per local month; they are never spent
 * or capped. Points are the ledger's (ledger-store.ts).
 *
 * Stars: one awarded star per volunteer; in `apply` mode a volunteer files an
 * application (at most one pending at a time; applying again while one is pending
 * returns it), and a manager approves or declines it, exactly once (compare-and-set on
 * `pending`), with the decision audited.
 */
import type { ServiceCategoryId } from '../../shared/index.ts';

export interface MinutesBy<K extends string> {
  key: K;
  minutes: number;
  /** Service events (场次): closed, credited sessions. */
  sessions: number;
}

export interface ServiceRecordSummary {
  volunteerId: string;
  totalMinutes: number;
  sessions: number;
  byCategory: MinutesBy<ServiceCategoryId>[];
  /** Local months `YYYY-MM`, newest first. */
  byMonth: MinutesBy<string>[];
}

export interface RecordedSession {
  id: string;
  stationId: string;
  category: ServiceCategoryId;
  localDate: string;
  startedAt: string;
  endedAt?: string;
  minutes?: number;
  points?: number;
  needsReview: boolean;
}

export interface AwardedStar {
  volunteerId: string;
  star: number;
  awardedAt: string;
  /** `manager:NAME` (approved application) or `central` (auto mode). */
  awardedBy: string;
  applicationId?: string;
}

export type StarApplicationStatus = 'pending' | 'approved' | 'declined';

export interface StarApplication {
  id: string;
  volunteerId: string;
  star: number;
  /** Service minutes when it was filed. */
  minutes: number;
  appliedAt: string;
  status: StarApplicationStatus;
  decidedAt?: string;
  decidedBy?: string;
  reason?: string;
}

export type StarApplyOutcome =
  | { ok: true; application: StarApplication; repeated: boolean }
  /** The hours reach no star above the awarded one. */
  | { ok: false; reason: 'not-eligible' | 'unknown-volunteer' };

export type StarDecideOutcome =
  | { ok: true; application: StarApplication; repeated: boolean }
  | { ok: false; reason: 'unknown-application' | 'already-decided'; application?: StarApplication };

export interface TeamRecord {
  id: string;
  name: string;
  leaderVolunteerId?: string;
}

export interface TeamMemberFigures {
  volunteerId: string;
  name: string;
  minutes: number;
  star: number;
}

export interface TeamFigures extends TeamRecord {
  totalMinutes: number;
  sessions: number;
  members: TeamMemberFigures[];
}

export interface BankStore {
  serviceRecord(volunteerId: string): Promise<ServiceRecordSummary>;
  /** Newest first; `limit` defaults to 20, at most 200. */
  recentSessions(volunteerId: string, limit?: number): Promise<RecordedSession[]>;
  awardedStar(volunteerId: string): Promise<AwardedStar | undefined>;
  /** Auto mode, or a manager directly: awards `star` unless the volunteer already has it or more; true when it changed. Audited. */
  awardStar(volunteerId: string, star: number, at: string, awardedBy: string, reason?: string): Promise<boolean>;
  /** `star`: what the caller computed the hours reach (bank-rules.ts eligibleStar); refused when not above the awarded star. */
  applyForStar(input: { id: string; volunteerId: string; star: number; at: string }): Promise<StarApplyOutcome>;
  listStarApplications(query?: { status?: StarApplicationStatus; volunteerId?: string; teamId?: string; limit?: number }): Promise<StarApplication[]>;
  findStarApplication(id: string): Promise<StarApplication | undefined>;
  /** Approve (the star is awarded in the same transaction) or decline; the same decision again is `repeated`. */
  decideStarApplication(input: { id: string; decision: 'approved' | 'declined'; actor: string; reason?: string; at: string }): Promise<StarDecideOutcome>;
  /** Appends `expired` entries for earned points older than `years` (bank-rules.ts); returns how many. Safe on any replica, any number of times. */
  expirePoints(nowMs: number, years: number): Promise<number>;
  upsertTeams(teams: readonly TeamRecord[]): Promise<{ created: number; updated: number }>;
  listTeams(): Promise<TeamRecord[]>;
  teamFigures(teamId: string): Promise<TeamFigures | undefined>;
  teamOf(volunteerId: string): Promise<string | undefined>;
}

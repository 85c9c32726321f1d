/**
 * What recording one check-in writes, as plain data: the pure half of both stores'
 * recorders (sqlite-checkin-recorder.ts, pg/pg-checkin-recorder.ts). The stores only
 * read the rows these functions need and write the rows they return, inside their
 * transaction; every rule lives here or in central/timebank.
 */
import { isServiceCategory, maskName, type ReviewReason } from '../../shared/index.ts';
import { autoCloseFor, type OpenSession, type TapDecision, type VolunteerSummary } from '../timebank/decide-tap.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import { decideCheckIn } from '../timebank/trusted-time.ts';
import type { CheckInRequest, SeqGap } from './central-store.ts';
import type { LedgerWrite } from './ledger-store.ts';
import { fillGap, gapBefore, type SeqRange } from './seq-gaps.ts';

/** An open session as both stores select it: its first review reason, if any. */
export interface OpenSessionRow {
  id: string;
  started_at: string;
  category?: string | null;
  review_reason: ReviewReason | null;
}

export function openSessionFromRow(row: OpenSessionRow): OpenSession {
  return {
    id: row.id,
    startedAtMs: Date.parse(row.started_at),
    ...(row.review_reason !== null ? { reviewReason: row.review_reason } : {}),
    ...(isServiceCategory(row.category) ? { category: row.category } : {}),
  };
}

export interface SessionClose {
  id: string;
  endedAt: string;
  minutes: number;
  points: number;
  closedBy: 'tap' | 'auto-cutoff';
  needsReview: 0 | 1;
  closeCheckInId: string | null;
  /** Held for review with this reason (session_review_flags). */
  review?: ReviewReason;
}

/** The session close at the daily cutoff: nothing credited, held for review. */
export function autoCloseOf(session: OpenSession, rules: TimeBankRules, closeCheckInId: string | null): SessionClose {
  const auto = autoCloseFor(session, rules);
  return { id: auto.sessionId, endedAt: new Date(auto.endedAtMs).toISOString(), minutes: auto.minutes, points: 0, closedBy: 'auto-cutoff', needsReview: 1, closeCheckInId, review: 'auto-cutoff' };
}

export interface CheckInDecision {
  decision: TapDecision;
  /** Close this session at its cutoff first (a tap after a missed cutoff). */
  autoCloseFirst?: OpenSession;
}

/** The time bank's decision for one request (trusted-time.ts, then decide-tap.ts). */
export function decideRequest(request: CheckInRequest, volunteerKnown: boolean, openSession: OpenSession | undefined, rules: TimeBankRules, nowIso: string): CheckInDecision {
  if (request.rejectReason !== undefined) return { decision: { kind: 'reject', reason: request.rejectReason } };
  const decision = decideCheckIn({ atMs: Date.parse(request.at), receivedAtMs: Date.parse(nowIso), method: request.method, volunteerKnown, openSession, rules });
  if (decision.kind === 'open' && decision.autoClose && openSession) {
    return { decision: { kind: 'open', ...(decision.review ? { review: decision.review } : {}) }, autoCloseFirst: openSession };
  }
  return { decision };
}

/** The close a `close` decision writes. */
export function tapCloseOf(decision: Extract<TapDecision, { kind: 'close' }>, request: CheckInRequest): SessionClose {
  return {
    id: decision.sessionId,
    endedAt: request.at,
    minutes: decision.minutes,
    points: decision.points,
    closedBy: 'tap',
    needsReview: decision.review ? 1 : 0,
    closeCheckInId: request.id,
    ...(decision.review ? { review: decision.review } : {}),
  };
}

/** The points of a closed session go through the ledger: one entry per session, ever. */
export function earnedWriteOf(decision: Extract<TapDecision, { kind: 'close' }>, volunteerId: string, at: string): LedgerWrite | undefined {
  if (decision.points <= 0) return undefined;
  return { requestId: `earned:${decision.sessionId}`, volunteerId, kind: 'earned', points: decision.points, at, sessionId: decision.sessionId };
}

export function summaryOf(volunteer: { name: string; points: number }, decision: TapDecision, minutesToday: number, star: number): VolunteerSummary {
  const points = volunteer.points + (decision.kind === 'close' ? decision.points : 0);
  return { displayName: maskName(volunteer.name), minutesToday, points, ...(star > 0 ? { star } : {}) };
}

/** The station's latest activity: never a time central refused as ahead of its clock. */
export function activityAtOf(decision: TapDecision, request: CheckInRequest, nowIso: string): string {
  return decision.kind === 'reject' && decision.reason === 'clock-ahead' ? nowIso : request.at;
}

export interface SeqChange {
  /** A known gap this seq lands in: delete it and insert `insertGaps` instead. */
  replacedGap?: SeqRange;
  insertGaps: SeqRange[];
  /** A new gap revealed by this seq, reported with the outcome. */
  newGap?: SeqGap;
}

/**
 * How a card tap's seq changes the station's gaps, given the highest seq seen so far and
 * the gap containing this seq, if any. QR check-ins have no seq and change none.
 */
export function seqChangeOf(stationId: string, maxSeq: number, seq: number, containingGap: SeqRange | undefined, nowIso: string): SeqChange {
  if (seq <= maxSeq) return containingGap ? { replacedGap: containingGap, insertGaps: fillGap(containingGap, seq) } : { insertGaps: [] };
  const gap = gapBefore(maxSeq, seq);
  return gap ? { insertGaps: [gap], newGap: { stationId, ...gap, detectedAt: nowIso } } : { insertGaps: [] };
}

/**
 * The decisions a review's transaction takes (review-store.ts), as pure functions of
 * what it has read, so the SQLite and the PostgreSQL review queue decide alike and the
 * stores only read, write and keep it atomic: what crediting or declining an item
 * changes, what the ledger is told, whether a correction may be asked for, how the queue
 * is filtered and ordered, and what a session's trail shows.
 */
import type { CorrectionRow } from '../store/review-rows.ts';
import { opt } from '../store/review-rows.ts';
import type { LedgerOutcome, LedgerWrite } from '../store/ledger-store.ts';
import type {
  CorrectionInput,
  CorrectionRecord,
  CorrectionRefusal,
  DecideOutcome,
  ReviewDecisionInput,
  ReviewDecisionRecord,
  ReviewItem,
  ReviewQuery,
  ReviewTrailEvent,
} from '../store/review-store.ts';
import { correctionItemId, sessionItemId } from '../store/review-store.ts';
import { localDate, nextDate } from '../../shared/local-time.ts';
import { correctionAgeProblem, endTimeProblem } from './review-rules.ts';
import { pointsFor, sessionMinutes, type TimeBankRules } from './rules.ts';

export type DecisionRules = Pick<TimeBankRules, 'pointsPerHour' | 'pointsRounding' | 'timeZone'>;

const iso = (ms: number) => new Date(ms).toISOString();

export const outcomeOf = (input: Pick<ReviewDecisionInput, 'outcome'>): ReviewDecisionRecord['outcome'] => (input.outcome === 'credit' ? 'credited' : 'declined');

/** A decision re-sent with its request id: the same one when it names the same item and outcome. */
export function sameDecision(stored: ReviewDecisionRecord, input: ReviewDecisionInput): boolean {
  return stored.itemId === input.itemId && stored.outcome === outcomeOf(input);
}

/** What a decision does to the sessions table. */
export type SessionWrite =
  /** A credited missing session: a new session of the record, under the correction's id. */
  | { kind: 'create'; id: string; volunteerId: string; stationId: string; localDate: string; startedAt: string; endedAt: string; minutes: number; points: number }
  /** Credited: the real end, its minutes and points, released from review. */
  | { kind: 'credit'; id: string; endedAt: string; minutes: number; points: number }
  /** Declined: the times stay as recorded, and nothing of it counts. */
  | { kind: 'decline'; id: string };

export interface DecisionPlan {
  /** Without `ledgerEntryId`: the store adds it once the ledger has answered. */
  decision: ReviewDecisionRecord;
  sessionWrite?: SessionWrite;
  /** The points the ledger must hold for the session afterwards; absent: the ledger is not touched. */
  creditTarget?: number;
}

/** What deciding `item` (pending, found by the store) changes, or why the end time cannot be credited. */
export function planDecision(item: ReviewItem, input: ReviewDecisionInput, rules: DecisionRules): { ok: true; plan: DecisionPlan } | { ok: false; reason: 'invalid-end-time'; problem: string } {
  const old = { ...opt('endedAt', item.endedAt), ...opt('minutes', item.minutes), ...opt('points', item.points) };
  const decision = (sessionId: string | undefined, next: ReviewDecisionRecord['new']): ReviewDecisionRecord => ({
    itemId: item.id,
    requestId: input.requestId,
    outcome: outcomeOf(input),
    actor: input.actor,
    decidedAt: input.at,
    reason: input.reason,
    ...opt('sessionId', sessionId),
    old,
    new: next,
  });
  if (input.outcome === 'decline') {
    if (item.source === 'correction') return { ok: true, plan: { decision: decision(item.sessionId, old) } };
    return {
      ok: true,
      plan: { decision: decision(item.sessionId, { ...opt('endedAt', item.endedAt), minutes: 0, points: 0 }), sessionWrite: { kind: 'decline', id: item.sessionId! }, creditTarget: 0 },
    };
  }
  const correction = item.correction;
  const endedAtText = input.endedAt ?? correction?.endedAt;
  if (endedAtText === undefined) return { ok: false, reason: 'invalid-end-time', problem: 'give the real end time to credit a session' };
  const startedAtMs = Date.parse(correction?.kind === 'missing-session' ? correction.startedAt! : item.startedAt!);
  const endedAtMs = Date.parse(endedAtText);
  const problem = endTimeProblem(startedAtMs, endedAtMs, Date.parse(input.at));
  if (problem) return { ok: false, reason: 'invalid-end-time', problem };
  const minutes = sessionMinutes(startedAtMs, endedAtMs);
  const points = pointsFor(minutes, rules);
  const next = { endedAt: iso(endedAtMs), minutes, points };
  if (correction?.kind === 'missing-session') {
    const sessionWrite: SessionWrite = {
      kind: 'create',
      id: correction.id,
      volunteerId: item.volunteerId,
      stationId: item.stationId,
      localDate: localDate(startedAtMs, rules.timeZone),
      startedAt: iso(startedAtMs),
      ...next,
    };
    return { ok: true, plan: { decision: decision(correction.id, next), sessionWrite, creditTarget: points } };
  }
  return { ok: true, plan: { decision: decision(item.sessionId, next), sessionWrite: { kind: 'credit', id: item.sessionId!, ...next }, creditTarget: points } };
}

/** The ledger entry that brings a session's credit from `already` to `target`, request id `review:{itemId}`; undefined when equal. */
export function creditWrite(already: number, target: number, decision: ReviewDecisionRecord, volunteerId: string): LedgerWrite | undefined {
  const delta = target - already;
  if (delta === 0) return undefined;
  return {
    requestId: `review:${decision.itemId}`,
    volunteerId,
    kind: delta > 0 ? 'earned' : 'adjusted',
    points: delta,
    at: decision.decidedAt,
    sessionId: decision.sessionId!,
    actor: decision.actor,
    reason: decision.reason,
  };
}

/** The decision's answer when the ledger refuses its entry; throws for a refusal no review can cause. */
export function creditRefusal(outcome: LedgerOutcome & { ok: false }, itemId: string): DecideOutcome & { ok: false } {
  if (outcome.reason === 'insufficient-points') return { ok: false, reason: 'insufficient-points', problem: `the session's points were already spent (balance ${outcome.balance ?? 0})` };
  throw new Error(`the ledger refused the review of ${itemId}: ${outcome.reason}`);
}

/** The audit-log line of a decision (action `review-credited` / `review-declined`). */
export function decisionAudit(decision: ReviewDecisionRecord): { action: `review-${ReviewDecisionRecord['outcome']}`; detail: Record<string, unknown> } {
  return {
    action: `review-${decision.outcome}`,
    detail: {
      itemId: decision.itemId,
      ...opt('sessionId', decision.sessionId),
      old: decision.old,
      new: decision.new,
      reason: decision.reason,
      requestId: decision.requestId,
      ...opt('ledgerEntryId', decision.ledgerEntryId),
    },
  };
}

/** A correction re-sent with its request id: the same one when it asks the same thing. */
export function sameCorrectionRequest(stored: CorrectionRecord, input: CorrectionInput): boolean {
  return stored.volunteerId === input.volunteerId && stored.kind === input.kind && stored.sessionId === input.sessionId && Date.parse(stored.endedAt) === Date.parse(input.endedAt);
}

/** The session a correction is about, as the store found it. */
export interface CorrectionSessionFacts {
  volunteerId: string;
  stationId: string;
  startedAt: string;
  endedAt?: string;
}

/** Where and when the service was that a correction asks to record. */
export interface CorrectionSubject {
  stationId: string;
  startedAtMs: number;
  endedAtMs: number;
}

type CorrectionCheck = { ok: true; subject: CorrectionSubject } | { ok: false; reason: CorrectionRefusal; problem?: string };

/**
 * Whether a correction may be asked for. `session` is the one `input.sessionId` names (if
 * found), `pendingCorrection` whether it already waits for one; a missing session still
 * needs `overlapProblem` against the volunteer's sessions around `overlapWindow`.
 */
export function checkCorrection(input: CorrectionInput, found: { volunteerKnown: boolean; session?: CorrectionSessionFacts; pendingCorrection: boolean }): CorrectionCheck {
  if (!found.volunteerKnown) return { ok: false, reason: 'not-your-session' };
  const nowMs = Date.parse(input.at);
  const endedAtMs = Date.parse(input.endedAt);
  let subject: CorrectionSubject;
  if (input.kind === 'missing-session') {
    if (input.stationId === undefined || input.startedAt === undefined) return { ok: false, reason: 'invalid-times', problem: 'a missing session needs its station and its start time' };
    const startedAtMs = Date.parse(input.startedAt);
    if (!Number.isFinite(startedAtMs)) return { ok: false, reason: 'invalid-times', problem: 'the start time is not a time' };
    subject = { stationId: input.stationId, startedAtMs, endedAtMs };
  } else {
    const session = found.session;
    if (input.sessionId === undefined || !session) return { ok: false, reason: 'unknown-session' };
    if (session.volunteerId !== input.volunteerId) return { ok: false, reason: 'not-your-session' };
    if (session.endedAt === undefined) return { ok: false, reason: 'session-still-open' };
    if (found.pendingCorrection) return { ok: false, reason: 'correction-pending' };
    subject = { stationId: session.stationId, startedAtMs: Date.parse(session.startedAt), endedAtMs };
  }
  const problem = endTimeProblem(subject.startedAtMs, endedAtMs, nowMs) ?? correctionAgeProblem(subject.startedAtMs, nowMs);
  if (problem) return { ok: false, reason: 'invalid-times', problem };
  return { ok: true, subject };
}

/** The local dates whose sessions a missing session could overlap: read in the time bank's own calendar, then compare instants. */
export function overlapWindow(subject: CorrectionSubject): { fromDate: string; toDate: string } {
  return { fromDate: localDate(subject.startedAtMs - 86_400_000, 'UTC'), toDate: nextDate(localDate(subject.endedAtMs + 86_400_000, 'UTC')) };
}

export function overlapProblem(subject: CorrectionSubject, sessions: readonly { startedAt: string; endedAt?: string }[], nowMs: number): string | undefined {
  const overlap = sessions.find((session) => {
    const start = Date.parse(session.startedAt);
    const end = session.endedAt === undefined ? nowMs : Date.parse(session.endedAt);
    return start < subject.endedAtMs && end > subject.startedAtMs;
  });
  return overlap ? `it overlaps a session already recorded (from ${overlap.startedAt})` : undefined;
}

export function newCorrectionRow(id: string, input: CorrectionInput, subject: CorrectionSubject): CorrectionRow {
  const missing = input.kind === 'missing-session';
  return {
    id,
    request_id: input.requestId,
    volunteer_id: input.volunteerId,
    kind: input.kind,
    session_id: missing ? null : input.sessionId!,
    station_id: subject.stationId,
    started_at: missing ? iso(subject.startedAtMs) : null,
    ended_at: iso(subject.endedAtMs),
    note: input.note ?? null,
    requested_at: input.at,
    requested_by: input.actor ?? 'phone',
    state: 'pending',
  };
}

export function correctionAudit(row: CorrectionRow, input: CorrectionInput): { actor: string; action: 'correction-requested'; detail: Record<string, unknown> } {
  return { actor: row.requested_by, action: 'correction-requested', detail: { itemId: correctionItemId(row.id), kind: input.kind, ...opt('sessionId', input.sessionId), requestId: input.requestId } };
}

/** The queue as asked for: filtered by stations, volunteer and age, oldest first, at most `limit` (default 200, at most 1000). */
export function reviewQueue(items: readonly ReviewItem[], query: ReviewQuery): ReviewItem[] {
  const limit = Math.min(Math.max(1, query.limit ?? 200), 1000);
  return items
    .filter((item) => {
      if (query.stationIds && !query.stationIds.includes(item.stationId)) return false;
      if (query.volunteerId !== undefined && item.volunteerId !== query.volunteerId) return false;
      if (query.raisedBefore !== undefined && Date.parse(item.raisedAt) > Date.parse(query.raisedBefore)) return false;
      return true;
    })
    .sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt) || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** Holds, requests and decisions about a session (each list oldest first, as stored), merged oldest first. */
export function reviewTrail(
  sessionId: string | null,
  holds: readonly { reason: string; flaggedAt: string }[],
  corrections: readonly CorrectionRecord[],
  decisions: readonly ReviewDecisionRecord[],
): ReviewTrailEvent[] {
  const events: ReviewTrailEvent[] = [];
  if (sessionId !== null) for (const hold of holds) events.push({ at: hold.flaggedAt, actor: 'central', action: 'held', itemId: sessionItemId(sessionId), detail: { reason: hold.reason } });
  for (const c of corrections) {
    events.push({
      at: c.requestedAt,
      actor: c.requestedBy,
      action: 'correction-requested',
      itemId: correctionItemId(c.id),
      detail: { kind: c.kind, ...opt('startedAt', c.startedAt), endedAt: c.endedAt, ...opt('note', c.note) },
    });
  }
  for (const d of decisions) events.push({ at: d.decidedAt, actor: d.actor, action: d.outcome, itemId: d.itemId, detail: { old: d.old, new: d.new, reason: d.reason } });
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

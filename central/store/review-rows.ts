/**
 * Rows of the review queue as both stores read them (snake_case columns, NULL for
 * absent, a held session's reasons comma-joined in the order raised), and the review
 * items built from them: shared by sqlite-reviews.ts and pg/pg-reviews.ts.
 */
import type { ReviewReason } from '../../shared/index.ts';
import { correctionItemId, sessionItemId, type CorrectionRecord, type ReviewDecisionRecord, type ReviewItem } from './review-store.ts';

export interface DecisionRow {
  item_id: string;
  request_id: string;
  session_id: string | null;
  volunteer_id: string;
  outcome: 'credited' | 'declined';
  actor: string;
  decided_at: string;
  reason: string;
  old_ended_at: string | null;
  new_ended_at: string | null;
  old_minutes: number | null;
  new_minutes: number | null;
  old_points: number | null;
  new_points: number | null;
  ledger_entry_id: number | null;
}

export interface SessionItemRow {
  id: string;
  volunteer_id: string;
  volunteer_name: string;
  station_id: string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  points: number | null;
  closed_by: string | null;
  needs_review: number;
  raised_at: string | null;
  reasons: string | null;
}

export interface CorrectionRow {
  id: string;
  request_id: string;
  volunteer_id: string;
  kind: CorrectionRecord['kind'];
  session_id: string | null;
  station_id: string;
  started_at: string | null;
  ended_at: string;
  note: string | null;
  requested_at: string;
  requested_by: string;
  state: CorrectionRecord['state'];
}

export interface CorrectionItemRow extends CorrectionRow {
  volunteer_name: string;
  s_started_at: string | null;
  s_ended_at: string | null;
  s_minutes: number | null;
  s_points: number | null;
  s_closed_by: string | null;
}

/** A session as a review reads it. */
export interface ReviewSessionRow {
  id: string;
  volunteer_id: string;
  station_id: string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  points: number | null;
  needs_review: number;
}

export const opt = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]: V });

export function decisionFromRow(row: DecisionRow): ReviewDecisionRecord {
  return {
    itemId: row.item_id,
    requestId: row.request_id,
    outcome: row.outcome,
    actor: row.actor,
    decidedAt: row.decided_at,
    reason: row.reason,
    ...opt('sessionId', row.session_id),
    old: { ...opt('endedAt', row.old_ended_at), ...opt('minutes', row.old_minutes), ...opt('points', row.old_points) },
    new: { ...opt('endedAt', row.new_ended_at), ...opt('minutes', row.new_minutes), ...opt('points', row.new_points) },
    ...opt('ledgerEntryId', row.ledger_entry_id),
  };
}

export function decisionToRow(decision: ReviewDecisionRecord, volunteerId: string): DecisionRow {
  return {
    item_id: decision.itemId,
    request_id: decision.requestId,
    session_id: decision.sessionId ?? null,
    volunteer_id: volunteerId,
    outcome: decision.outcome,
    actor: decision.actor,
    decided_at: decision.decidedAt,
    reason: decision.reason,
    old_ended_at: decision.old.endedAt ?? null,
    new_ended_at: decision.new.endedAt ?? null,
    old_minutes: decision.old.minutes ?? null,
    new_minutes: decision.new.minutes ?? null,
    old_points: decision.old.points ?? null,
    new_points: decision.new.points ?? null,
    ledger_entry_id: decision.ledgerEntryId ?? null,
  };
}

export function correctionFromRow(row: CorrectionRow, decision: DecisionRow | undefined): CorrectionRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    volunteerId: row.volunteer_id,
    kind: row.kind,
    ...opt('sessionId', row.session_id),
    stationId: row.station_id,
    ...opt('startedAt', row.started_at),
    endedAt: row.ended_at,
    ...opt('note', row.note),
    requestedAt: row.requested_at,
    requestedBy: row.requested_by,
    state: row.state,
    ...(decision ? { decision: decisionFromRow(decision) } : {}),
  };
}

export function sessionItemFromRow(row: SessionItemRow, decision: DecisionRow | undefined): ReviewItem {
  return {
    id: sessionItemId(row.id),
    source: 'session',
    state: decision ? decision.outcome : 'pending',
    raisedAt: row.raised_at ?? row.started_at,
    volunteerId: row.volunteer_id,
    volunteerName: row.volunteer_name,
    stationId: row.station_id,
    sessionId: row.id,
    startedAt: row.started_at,
    ...opt('endedAt', row.ended_at),
    ...opt('minutes', row.minutes),
    ...opt('points', row.points),
    ...opt('closedBy', row.closed_by),
    reasons: row.reasons ? (row.reasons.split(',') as ReviewReason[]) : [],
    ...(decision ? { decision: decisionFromRow(decision) } : {}),
  };
}

/** Only held, closed sessions (and decided ones) are review items. */
export function isSessionReviewItem(row: SessionItemRow, decision: DecisionRow | undefined): boolean {
  return decision !== undefined || (row.needs_review === 1 && row.ended_at !== null);
}

/** `createdSession`: a credited missing session, which exists from then on under the correction's id. */
export function correctionItemFromRow(row: CorrectionItemRow, decision: DecisionRow | undefined, createdSession: ReviewSessionRow | undefined): ReviewItem {
  const session = createdSession
    ? { started_at: createdSession.started_at, ended_at: createdSession.ended_at, minutes: createdSession.minutes, points: createdSession.points, closed_by: 'correction' }
    : { started_at: row.s_started_at, ended_at: row.s_ended_at, minutes: row.s_minutes, points: row.s_points, closed_by: row.s_closed_by };
  return {
    id: correctionItemId(row.id),
    source: 'correction',
    state: row.state,
    raisedAt: row.requested_at,
    volunteerId: row.volunteer_id,
    volunteerName: row.volunteer_name,
    stationId: row.station_id,
    ...opt('sessionId', row.session_id ?? createdSession?.id),
    ...opt('startedAt', session.started_at),
    ...opt('endedAt', session.ended_at),
    ...opt('minutes', session.minutes),
    ...opt('points', session.points),
    ...opt('closedBy', session.closed_by),
    reasons: [],
    correction: { id: row.id, kind: row.kind, ...opt('startedAt', row.started_at), endedAt: row.ended_at, ...opt('note', row.note), requestedAt: row.requested_at },
    ...(decision ? { decision: decisionFromRow(decision) } : {}),
  };
}

/** `session:{id}` or `correction:{id}`, or undefined for anything else. */
export function parseItemId(itemId: string): { source: 'session' | 'correction'; id: string } | undefined {
  const colon = itemId.indexOf(':');
  if (colon < 0) return undefined;
  const source = itemId.slice(0, colon);
  const id = itemId.slice(colon + 1);
  if (id === '' || (source !== 'session' && source !== 'correction')) return undefined;
  return { source, id };
}

/**
 * Protocol v2, time bank reviews and corrections (docs/protocol.md §Time bank: reviews
 * and corrections): the bodies a volunteer's phone and a manager's console send, checked
 * with these schemas on the server, and the views they read back. Client request ids are
 * UUIDs: the same id again returns the stored answer and changes nothing.
 */
import * as v from 'valibot';
import { IdSchema, TimestampSchema, UuidSchema } from '../schema-kit.ts';
import type { ReviewReason } from '../payloads/messages.ts';

/** What a volunteer can ask to have corrected: a check-out they missed, a wrong end time, a session never recorded. */
export const CORRECTION_KINDS = ['missing-checkout', 'wrong-end-time', 'missing-session'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export const REVIEW_STATES = ['pending', 'credited', 'declined'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

const NoteSchema = v.pipe(v.string(), v.trim(), v.maxLength(500, 'must be at most 500 characters'));
const SessionIdSchema = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'));

const CorrectionEntries = {
  requestId: UuidSchema,
  kind: v.picklist(CORRECTION_KINDS, `must be one of ${CORRECTION_KINDS.join(', ')}`),
  sessionId: v.optional(SessionIdSchema),
  stationId: v.optional(IdSchema),
  startedAt: v.optional(TimestampSchema),
  endedAt: TimestampSchema,
  note: v.optional(NoteSchema),
};

interface CorrectionSubject {
  kind: CorrectionKind;
  sessionId?: string | undefined;
  stationId?: string | undefined;
  startedAt?: string | undefined;
}
const namesItsSubject = (r: CorrectionSubject): boolean =>
  r.kind === 'missing-session' ? r.sessionId === undefined && r.stationId !== undefined && r.startedAt !== undefined : r.sessionId !== undefined && r.startedAt === undefined;
const SUBJECT_RULE = 'a missing-session request names stationId and startedAt (no sessionId); the other kinds name sessionId';

/** `POST /phone/api/corrections`. `missing-session` names the station and both times; the others name the session. */
export const CorrectionRequestSchema = v.pipe(v.strictObject(CorrectionEntries), v.check((r) => namesItsSubject(r), SUBJECT_RULE));
/** `POST /api/corrections` (manager API): site staff enter a volunteer's paper request, for volunteers without a phone. */
export const StaffCorrectionRequestSchema = v.pipe(v.strictObject({ ...CorrectionEntries, volunteerId: IdSchema }), v.check((r) => namesItsSubject(r), SUBJECT_RULE));
export type StaffCorrectionRequest = v.InferOutput<typeof StaffCorrectionRequestSchema>;
export type CorrectionRequest = v.InferOutput<typeof CorrectionRequestSchema>;

/** `POST /api/reviews/{itemId}/decision` (manager API). A credit may name the real end time; the reason is required. */
export const ReviewDecisionRequestSchema = v.strictObject({
  requestId: UuidSchema,
  outcome: v.picklist(['credit', 'decline'], 'must be "credit" or "decline"'),
  endedAt: v.optional(TimestampSchema),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'give a reason: it is kept with the decision'), v.maxLength(500, 'must be at most 500 characters')),
});
export type ReviewDecisionRequest = v.InferOutput<typeof ReviewDecisionRequestSchema>;

export interface SessionTimes {
  endedAt?: string;
  minutes?: number;
  points?: number;
}

export interface ReviewDecisionView {
  itemId: string;
  outcome: 'credited' | 'declined';
  /** `manager:NAME`. */
  actor: string;
  decidedAt: string;
  reason: string;
  old: SessionTimes;
  new: SessionTimes;
}

/** One item of `GET /api/reviews`: never a full name, never a card. */
export interface ReviewItemView {
  id: string;
  source: 'session' | 'correction';
  state: ReviewState;
  raisedAt: string;
  volunteerId: string;
  /** Masked (张*丰). */
  displayName: string;
  stationId: string;
  stationName?: { zh: string; en: string };
  siteId?: string;
  sessionId?: string;
  startedAt?: string;
  endedAt?: string;
  minutes?: number;
  points?: number;
  reasons: ReviewReason[];
  correction?: { id: string; kind: CorrectionKind; startedAt?: string; endedAt: string; note?: string; requestedAt: string };
  decision?: ReviewDecisionView;
}

export interface ReviewTrailEventView {
  at: string;
  actor: string;
  action: 'held' | 'correction-requested' | 'credited' | 'declined';
  itemId: string;
  detail: Record<string, unknown>;
}

/** One of the volunteer's own requests, `GET /phone/api/corrections`. */
export interface CorrectionView {
  id: string;
  requestId: string;
  kind: CorrectionKind;
  sessionId?: string;
  stationId: string;
  stationName?: { zh: string; en: string };
  startedAt?: string;
  endedAt: string;
  note?: string;
  requestedAt: string;
  state: ReviewState;
  /** Once decided: the outcome, the reason and the minutes and points now on the record. */
  decision?: { outcome: 'credited' | 'declined'; decidedAt: string; reason: string; minutes?: number; points?: number };
}

/**
 * The review queue (issue 12, protocol v2 §Time bank: reviews and corrections). It holds
 * three kinds of item, each decided once by a manager:
 * - a session auto-closed at the daily cutoff (`session:{id}`, reason `auto-cutoff`);
 * - a session held by the trusted-time rules (`session:{id}`, reasons from session_review_flags);
 * - a correction a volunteer asked for from the phone (`correction:{id}`): a missing
 *   check-out, a wrong end time, or a session that was never recorded.
 * A held session enters the queue once it is closed; one still open waits for its check-out
 * or the cutoff.
 *
 * Crediting sets the session's real end time and minutes (hours are the service record)
 * and brings its points to `pointsFor(minutes)`: the difference from what the ledger
 * already holds for the session is appended in the same transaction (`earned`, or
 * `adjusted` when less), request id `review:{itemId}`. Two items about one session
 * therefore never credit it twice. Declining credits nothing: a held session keeps its
 * times with 0 minutes and 0 points; a declined correction changes nothing.
 * A decision is made once (compare-and-set on the item's state); each one is kept with
 * who, when, old → new and why, and written to the audit log as well.
 */
import type { CorrectionKind, ReviewReason, ReviewState } from '../../shared/index.ts';
import type { TimeBankRules } from '../timebank/rules.ts';

export { CORRECTION_KINDS, REVIEW_STATES, type CorrectionKind, type ReviewState } from '../../shared/index.ts';

export interface CorrectionRecord {
  id: string;
  requestId: string;
  volunteerId: string;
  kind: CorrectionKind;
  /** The session it is about; absent for `missing-session`. */
  sessionId?: string;
  stationId: string;
  /** `missing-session` only: when the service began. */
  startedAt?: string;
  /** The end time the volunteer says is right. */
  endedAt: string;
  note?: string;
  requestedAt: string;
  /** `phone` (the volunteer's own phone) or `manager:NAME` (a paper request entered by staff). */
  requestedBy: string;
  state: ReviewState;
  /** Once decided. */
  decision?: ReviewDecisionRecord;
}

export interface ReviewDecisionRecord {
  itemId: string;
  requestId: string;
  outcome: 'credited' | 'declined';
  /** `manager:NAME`. */
  actor: string;
  decidedAt: string;
  reason: string;
  sessionId?: string;
  old: { endedAt?: string; minutes?: number; points?: number };
  new: { endedAt?: string; minutes?: number; points?: number };
  /** The ledger entry the decision appended, when the points changed. */
  ledgerEntryId?: number;
}

export interface ReviewItem {
  /** `session:{sessionId}` or `correction:{correctionId}`. */
  id: string;
  source: 'session' | 'correction';
  state: ReviewState;
  /** When it entered the queue: the first hold, or the request. */
  raisedAt: string;
  volunteerId: string;
  /** The full name, for the API to mask; never shown unmasked. */
  volunteerName: string;
  stationId: string;
  sessionId?: string;
  /** The session as recorded now (for `missing-session`, nothing is recorded until credited). */
  startedAt?: string;
  endedAt?: string;
  minutes?: number;
  points?: number;
  closedBy?: string;
  /** `session` items: why it was held, in the order raised. */
  reasons: ReviewReason[];
  /** `correction` items: what the volunteer asked for. */
  correction?: Pick<CorrectionRecord, 'id' | 'kind' | 'startedAt' | 'endedAt' | 'note' | 'requestedAt'>;
  decision?: ReviewDecisionRecord;
}

export interface ReviewQuery {
  /** Only items at these stations (a site's stations); absent: all. */
  stationIds?: readonly string[];
  /** Default `pending`. */
  state?: ReviewState | 'all';
  /** Only items raised at or before this instant (e.g. older than N days). */
  raisedBefore?: string;
  volunteerId?: string;
  /** Default 200, at most 1000. Oldest first. */
  limit?: number;
}

export interface ReviewDecisionInput {
  requestId: string;
  itemId: string;
  outcome: 'credit' | 'decline';
  /** `credit`: the real end time. Required for a session; a correction defaults to the end time asked for. */
  endedAt?: string;
  reason: string;
  actor: string;
  at: string;
}

export type ReviewRefusal =
  | 'unknown-item'
  /** Another decision (another request id) came first; `decision` is that one. */
  | 'already-decided'
  | 'request-id-reused'
  /** The end time is not after the start, lies in the future, or spans more than a day; `problem` says which. */
  | 'invalid-end-time'
  /** Lowering the credit would take the balance below 0 (the points were spent). */
  | 'insufficient-points';

export type DecideOutcome =
  | { ok: true; decision: ReviewDecisionRecord; item: ReviewItem; repeated: boolean }
  | { ok: false; reason: ReviewRefusal; decision?: ReviewDecisionRecord; problem?: string };

export interface CorrectionInput {
  requestId: string;
  volunteerId: string;
  kind: CorrectionKind;
  sessionId?: string;
  /** `missing-session`: the station where the service was. */
  stationId?: string;
  startedAt?: string;
  endedAt: string;
  note?: string;
  at: string;
  /** Default `phone`; `manager:NAME` for a request entered by staff. */
  actor?: string;
}

export type CorrectionRefusal =
  | 'request-id-reused'
  | 'unknown-session'
  /** The session belongs to another volunteer. */
  | 'not-your-session'
  /** A check-out or the cutoff closes it first. */
  | 'session-still-open'
  /** A correction for this session waits for a decision already. */
  | 'correction-pending'
  /** The times are not a plausible session, or overlap one already recorded; `problem` says which. */
  | 'invalid-times';

export type CorrectionOutcome = { ok: true; correction: CorrectionRecord; repeated: boolean } | { ok: false; reason: CorrectionRefusal; problem?: string };

/** One line in a session's audit trail, oldest first. */
export interface ReviewTrailEvent {
  at: string;
  actor: string;
  action: 'held' | 'correction-requested' | 'credited' | 'declined';
  itemId: string;
  detail: Record<string, unknown>;
}

export interface ReviewStore {
  list(query?: ReviewQuery): Promise<ReviewItem[]>;
  find(itemId: string): Promise<ReviewItem | undefined>;
  decide(input: ReviewDecisionInput, rules: Pick<TimeBankRules, 'pointsPerHour' | 'pointsRounding' | 'timeZone'>): Promise<DecideOutcome>;
  requestCorrection(input: CorrectionInput): Promise<CorrectionOutcome>;
  /** Newest first. */
  correctionsOf(volunteerId: string): Promise<CorrectionRecord[]>;
  /** Whose session it is and where, for scope checks before a request is taken. */
  sessionOf(sessionId: string): Promise<{ volunteerId: string; stationId: string } | undefined>;
  /** Holds, requests and decisions about a session (or about one item when it has no session), oldest first. */
  trail(itemId: string): Promise<ReviewTrailEvent[]>;
}

export const sessionItemId = (sessionId: string): string => `session:${sessionId}`;
export const correctionItemId = (correctionId: string): string => `correction:${correctionId}`;

/**
 * The write path of the SQLite store: one check-in request -> exactly one stored Result,
 * with the time bank's decision (trusted-time.ts, then decide-tap.ts) applied to the
 * sessions, review holds written to session_review_flags, and the station's seq tracked.
 * Runs inside the caller's transaction; statements are prepared once.
 */
import type Database from 'better-sqlite3';
import { isServiceCategory, maskName, type Result, type ReviewReason } from '../../shared/index.ts';
import { autoCloseFor, resultFor, type OpenSession, type TapDecision, type VolunteerSummary } from '../timebank/decide-tap.ts';
import { localDate } from '../timebank/local-time.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import { decideCheckIn } from '../timebank/trusted-time.ts';
import type { CheckInRequest, RecordOutcome, SeqGap } from './central-store.ts';
import { fillGap, gapBefore } from './seq-gaps.ts';
import type { SqliteLedger } from './sqlite-ledger.ts';
import type { SqliteBank } from './sqlite-bank.ts';
import { categoryOfStation } from '../timebank/rules.ts';

interface VolunteerRow {
  id: string;
  name: string;
  points: number;
}

/** `bank`: protocol v2 stars on the Result and auto-mode promotion; absent, neither. */
export function createCheckinRecorder(db: Database.Database, ledger: SqliteLedger, bank?: Pick<SqliteBank, 'starOfInTx' | 'promoteInTx'>) {
  const s = {
    storedResult: db.prepare<[string], { result: string }>('SELECT result FROM checkins WHERE id = ?'),
    claimToken: db.prepare('INSERT OR IGNORE INTO qr_tokens (token, volunteer_id, checkin_id) VALUES (?, ?, ?)'),
    volunteerByCard: db.prepare<[string], VolunteerRow>('SELECT v.id, v.name, v.points FROM cards c JOIN volunteers v ON v.id = c.volunteer_id WHERE c.uid = ?'),
    volunteerById: db.prepare<[string], VolunteerRow>('SELECT id, name, points FROM volunteers WHERE id = ?'),
    openSession: db.prepare<[string], { id: string; started_at: string; category: string | null; review_reason: ReviewReason | null }>(
      `SELECT s.id, s.started_at, s.category, (SELECT f.reason FROM session_review_flags f WHERE f.session_id = s.id ORDER BY f.rowid LIMIT 1) AS review_reason
       FROM sessions s WHERE s.volunteer_id = ? AND s.ended_at IS NULL`,
    ),
    holdForReview: db.prepare('UPDATE sessions SET needs_review = 1 WHERE id = ?'),
    // One row per session and reason: the first check-in that raised it, for the review queue.
    flagSession: db.prepare('INSERT OR IGNORE INTO session_review_flags (session_id, reason, checkin_id, flagged_at) VALUES (?, ?, ?, ?)'),
    insertSession: db.prepare(
      'INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, open_checkin_id, category, activity_id) VALUES (@id, @volunteerId, @stationId, @localDate, @startedAt, @id, @category, @activityId)',
    ),
    closeSession: db.prepare(
      'UPDATE sessions SET ended_at = @endedAt, minutes = @minutes, points = @points, closed_by = @closedBy, needs_review = @needsReview, close_checkin_id = @closeCheckInId WHERE id = @id',
    ),
    minutesOn: db.prepare<[string, string], { minutes: number | null }>(
      'SELECT SUM(minutes) AS minutes FROM sessions WHERE volunteer_id = ? AND local_date = ? AND ended_at IS NOT NULL',
    ),
    insertCheckin: db.prepare(
      'INSERT INTO checkins (id, station_id, seq, method, card_uid, volunteer_id, at, recorded_at, result) VALUES (@id, @stationId, @seq, @method, @cardUid, @volunteerId, @at, @recordedAt, @result)',
    ),
    stationSeq: db.prepare<[string], { max_seq: number }>('SELECT max_seq FROM station_seq WHERE station_id = ?'),
    upsertStationSeq: db.prepare(
      `INSERT INTO station_seq (station_id, max_seq, last_checkin_at) VALUES (@stationId, @maxSeq, @at)
       ON CONFLICT(station_id) DO UPDATE SET max_seq = MAX(max_seq, excluded.max_seq), last_checkin_at = MAX(last_checkin_at, excluded.last_checkin_at)`,
    ),
    gapContaining: db.prepare<[string, number, number], { from_seq: number; to_seq: number }>(
      'SELECT from_seq, to_seq FROM seq_gaps WHERE station_id = ? AND from_seq <= ? AND to_seq >= ?',
    ),
    deleteGap: db.prepare('DELETE FROM seq_gaps WHERE station_id = ? AND from_seq = ?'),
    insertGap: db.prepare('INSERT INTO seq_gaps (station_id, from_seq, to_seq, detected_at) VALUES (?, ?, ?, ?)'),
  };

  function flag(sessionId: string, reason: ReviewReason, checkInId: string | null, nowIso: string): void {
    s.holdForReview.run(sessionId);
    s.flagSession.run(sessionId, reason, checkInId, nowIso);
  }

  function closeAuto(session: OpenSession, rules: TimeBankRules, closeCheckInId: string | null, nowIso: string): void {
    const auto = autoCloseFor(session, rules);
    s.closeSession.run({
      id: auto.sessionId,
      endedAt: new Date(auto.endedAtMs).toISOString(),
      minutes: auto.minutes,
      points: 0,
      closedBy: 'auto-cutoff',
      needsReview: 1,
      closeCheckInId,
    });
    flag(auto.sessionId, 'auto-cutoff', closeCheckInId, nowIso);
  }

  function apply(decision: TapDecision, request: CheckInRequest, volunteer: VolunteerRow, rules: TimeBankRules, atMs: number, nowIso: string): void {
    if (decision.kind === 'open') {
      // The activity checked in for, else the station's default (issue 12 §Categories).
      const activity = request.method === 'qr' ? request.activity : undefined;
      const category = activity?.category ?? categoryOfStation(request.stationId, rules);
      s.insertSession.run({
        id: request.id,
        volunteerId: volunteer.id,
        stationId: request.stationId,
        localDate: localDate(atMs, rules.timeZone),
        startedAt: request.at,
        category,
        activityId: activity?.id ?? null,
      });
      if (decision.review) flag(request.id, decision.review, request.id, nowIso);
    } else if (decision.kind === 'close') {
      s.closeSession.run({
        id: decision.sessionId,
        endedAt: request.at,
        minutes: decision.minutes,
        points: decision.points,
        closedBy: 'tap',
        needsReview: decision.review ? 1 : 0,
        closeCheckInId: request.id,
      });
      if (decision.review) flag(decision.sessionId, decision.review, request.id, nowIso);
      // The points go through the ledger, in this transaction; one entry per session, ever.
      if (decision.points > 0) {
        const earned = ledger.appendInTx({ requestId: `earned:${decision.sessionId}`, volunteerId: volunteer.id, kind: 'earned', points: decision.points, at: request.at, sessionId: decision.sessionId });
        if (!earned.ok) throw new Error(`the ledger refused the points of session ${decision.sessionId}: ${earned.reason}`);
      }
      bank?.promoteInTx(volunteer.id, rules, request.at);
    } else if (decision.kind === 'duplicate' && decision.review) {
      flag(decision.sessionId, decision.review, request.id, nowIso);
    }
  }

  function summaryOf(volunteer: VolunteerRow, decision: TapDecision, atMs: number, rules: TimeBankRules): VolunteerSummary {
    const minutes = s.minutesOn.get(volunteer.id, localDate(atMs, rules.timeZone))?.minutes ?? 0;
    const points = volunteer.points + (decision.kind === 'close' ? decision.points : 0);
    const star = bank?.starOfInTx(volunteer.id) ?? 0;
    return { displayName: maskName(volunteer.name), minutesToday: minutes, points, ...(star > 0 ? { star } : {}) };
  }

  /** `activityAt`: the station's latest activity; never a time central refused as ahead of its clock. */
  function trackSeq(request: CheckInRequest, nowIso: string, activityAt: string): SeqGap | undefined {
    const maxSeq = s.stationSeq.get(request.stationId)?.max_seq ?? 0;
    // A QR check-in has no seq, but still counts as the station's latest activity.
    s.upsertStationSeq.run({ stationId: request.stationId, maxSeq: request.method === 'card' ? request.seq : 0, at: activityAt });
    if (request.method !== 'card') return undefined;
    const { seq } = request;
    if (seq <= maxSeq) {
      const gap = s.gapContaining.get(request.stationId, seq, seq);
      if (gap) {
        s.deleteGap.run(request.stationId, gap.from_seq);
        for (const rest of fillGap({ fromSeq: gap.from_seq, toSeq: gap.to_seq }, seq)) {
          s.insertGap.run(request.stationId, rest.fromSeq, rest.toSeq, nowIso);
        }
      }
      return undefined;
    }
    const gap = gapBefore(maxSeq, seq);
    if (!gap) return undefined;
    s.insertGap.run(request.stationId, gap.fromSeq, gap.toSeq, nowIso);
    return { stationId: request.stationId, ...gap, detectedAt: nowIso };
  }

  function record(request: CheckInRequest, rules: TimeBankRules, nowIso: string): RecordOutcome {
    const stored = s.storedResult.get(request.id);
    if (stored) return { kind: 'recorded', result: JSON.parse(stored.result) as Result, repeated: true };
    if (request.method === 'qr' && s.claimToken.run(request.qrToken, request.volunteerId, request.id).changes === 0) return { kind: 'token-replayed' };
    const atMs = Date.parse(request.at);
    const volunteer =
      request.rejectReason !== undefined
        ? undefined
        : request.method === 'card'
          ? s.volunteerByCard.get(request.cardUid)
          : s.volunteerById.get(request.volunteerId);
    let decision: TapDecision;
    if (request.rejectReason !== undefined) decision = { kind: 'reject', reason: request.rejectReason };
    else {
      const open = volunteer ? s.openSession.get(volunteer.id) : undefined;
      const openSession: OpenSession | undefined = open
        ? {
            id: open.id,
            startedAtMs: Date.parse(open.started_at),
            ...(open.review_reason !== null ? { reviewReason: open.review_reason } : {}),
            ...(isServiceCategory(open.category) ? { category: open.category } : {}),
          }
        : undefined;
      decision = decideCheckIn({ atMs, receivedAtMs: Date.parse(nowIso), method: request.method, volunteerKnown: volunteer !== undefined, openSession, rules });
      if (decision.kind === 'open' && decision.autoClose && openSession) {
        closeAuto(openSession, rules, null, nowIso);
        decision = { kind: 'open', ...(decision.review ? { review: decision.review } : {}) };
      }
    }
    if (volunteer) apply(decision, request, volunteer, rules, atMs, nowIso);
    const summary = volunteer ? summaryOf(volunteer, decision, atMs, rules) : undefined;
    const result = resultFor(request.id, decision, nowIso, request.method, summary);
    s.insertCheckin.run({
      id: request.id,
      stationId: request.stationId,
      seq: request.method === 'card' ? request.seq : null,
      method: request.method,
      cardUid: request.method === 'card' ? request.cardUid : null,
      volunteerId: volunteer?.id ?? null,
      at: request.at,
      recordedAt: nowIso,
      result: JSON.stringify(result),
    });
    const refusedAsAhead = decision.kind === 'reject' && decision.reason === 'clock-ahead';
    const newGap = trackSeq(request, nowIso, refusedAsAhead ? nowIso : request.at);
    return newGap ? { kind: 'recorded', result, repeated: false, newGap } : { kind: 'recorded', result, repeated: false };
  }

  return { record, closeAuto };
}

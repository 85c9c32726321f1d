/**
 * The write path of the SQLite store: one check-in request -> exactly one stored Result,
 * with the time bank's decision (trusted-time.ts, then decide-tap.ts) applied to the
 * sessions, review holds written to session_review_flags, and the station's seq tracked.
 * What to write is decided in checkin-recording.ts, shared with the PostgreSQL store.
 * Runs inside the caller's transaction; statements are prepared once.
 */
import type Database from 'better-sqlite3';
import type { Result, ReviewReason } from '../../shared/index.ts';
import { resultFor, type OpenSession, type TapDecision } from '../timebank/decide-tap.ts';
import { localDate } from '../../shared/local-time.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { CheckInRequest, RecordOutcome, SeqGap } from './central-store.ts';
import { activityAtOf, autoCloseOf, openingOf, decideRequest, earnedWriteOf, openSessionFromRow, seqChangeOf, summaryOf, tapCloseOf, type OpenSessionRow, type SessionClose } from './checkin-recording.ts';
import type { SqliteLedger } from './sqlite-ledger.ts';
import type { SqliteBank } from './sqlite-bank.ts';

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
    openSession: db.prepare<[string], OpenSessionRow>(
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

  function closeSession(close: SessionClose, nowIso: string): void {
    const { review, ...row } = close;
    s.closeSession.run(row);
    if (review) flag(close.id, review, close.closeCheckInId, nowIso);
  }

  function closeAuto(session: OpenSession, rules: TimeBankRules, closeCheckInId: string | null, nowIso: string): void {
    closeSession(autoCloseOf(session, rules, closeCheckInId), nowIso);
  }

  function apply(decision: TapDecision, request: CheckInRequest, volunteer: VolunteerRow, rules: TimeBankRules, atMs: number, nowIso: string): void {
    if (decision.kind === 'open') {
      s.insertSession.run({
        id: request.id,
        volunteerId: volunteer.id,
        stationId: request.stationId,
        localDate: localDate(atMs, rules.timeZone),
        startedAt: request.at,
        ...openingOf(request, rules),
      });
      if (decision.review) flag(request.id, decision.review, request.id, nowIso);
    } else if (decision.kind === 'close') {
      closeSession(tapCloseOf(decision, request), nowIso);
      // The points go through the ledger, in this transaction; one entry per session, ever.
      const earnedWrite = earnedWriteOf(decision, volunteer.id, request.at);
      if (earnedWrite) {
        const earned = ledger.appendInTx(earnedWrite);
        if (!earned.ok) throw new Error(`the ledger refused the points of session ${decision.sessionId}: ${earned.reason}`);
      }
      bank?.promoteInTx(volunteer.id, rules, request.at);
    } else if (decision.kind === 'duplicate' && decision.review) {
      flag(decision.sessionId, decision.review, request.id, nowIso);
    }
  }

  /** `activityAt`: the station's latest activity; never a time central refused as ahead of its clock. */
  function trackSeq(request: CheckInRequest, nowIso: string, activityAt: string): SeqGap | undefined {
    const maxSeq = s.stationSeq.get(request.stationId)?.max_seq ?? 0;
    // A QR check-in has no seq, but still counts as the station's latest activity.
    s.upsertStationSeq.run({ stationId: request.stationId, maxSeq: request.method === 'card' ? request.seq : 0, at: activityAt });
    if (request.method !== 'card') return undefined;
    const gap = request.seq <= maxSeq ? s.gapContaining.get(request.stationId, request.seq, request.seq) : undefined;
    const change = seqChangeOf(request.stationId, maxSeq, request.seq, gap ? { fromSeq: gap.from_seq, toSeq: gap.to_seq } : undefined, nowIso);
    if (change.replacedGap) s.deleteGap.run(request.stationId, change.replacedGap.fromSeq);
    for (const rest of change.insertGaps) s.insertGap.run(request.stationId, rest.fromSeq, rest.toSeq, nowIso);
    return change.newGap;
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
    const open = volunteer ? s.openSession.get(volunteer.id) : undefined;
    const { decision, autoCloseFirst } = decideRequest(request, volunteer !== undefined, open ? openSessionFromRow(open) : undefined, rules, nowIso);
    if (autoCloseFirst) closeAuto(autoCloseFirst, rules, null, nowIso);
    if (volunteer) apply(decision, request, volunteer, rules, atMs, nowIso);
    const summary = volunteer
      ? summaryOf(volunteer, decision, s.minutesOn.get(volunteer.id, localDate(atMs, rules.timeZone))?.minutes ?? 0, bank?.starOfInTx(volunteer.id) ?? 0)
      : undefined;
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
    const newGap = trackSeq(request, nowIso, activityAtOf(decision, request, nowIso));
    return newGap ? { kind: 'recorded', result, repeated: false, newGap } : { kind: 'recorded', result, repeated: false };
  }

  return { record, closeAuto };
}

/**
 * The write path of the SQLite store: one check-in request -> exactly one stored Result,
 * with the time bank's decision applied to the sessions and the station's seq tracked.
 * Runs inside the caller's transaction; statements are prepared once.
 */
import type Database from 'better-sqlite3';
import { maskName, type Result } from '../../shared/index.ts';
import { autoCloseFor, decideTap, resultFor, type OpenSession, type TapDecision, type VolunteerSummary } from '../timebank/decide-tap.ts';
import { localDate } from '../timebank/local-time.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { CheckInRequest, RecordOutcome, SeqGap } from './central-store.ts';
import { fillGap, gapBefore } from './seq-gaps.ts';

interface VolunteerRow {
  id: string;
  name: string;
  points: number;
}

export function createCheckinRecorder(db: Database.Database) {
  const s = {
    storedResult: db.prepare<[string], { result: string }>('SELECT result FROM checkins WHERE id = ?'),
    claimToken: db.prepare('INSERT OR IGNORE INTO qr_tokens (token, volunteer_id, checkin_id) VALUES (?, ?, ?)'),
    volunteerByCard: db.prepare<[string], VolunteerRow>('SELECT v.id, v.name, v.points FROM cards c JOIN volunteers v ON v.id = c.volunteer_id WHERE c.uid = ?'),
    volunteerById: db.prepare<[string], VolunteerRow>('SELECT id, name, points FROM volunteers WHERE id = ?'),
    openSession: db.prepare<[string], { id: string; started_at: string }>('SELECT id, started_at FROM sessions WHERE volunteer_id = ? AND ended_at IS NULL'),
    insertSession: db.prepare(
      'INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, open_checkin_id) VALUES (@id, @volunteerId, @stationId, @localDate, @startedAt, @id)',
    ),
    closeSession: db.prepare(
      'UPDATE sessions SET ended_at = @endedAt, minutes = @minutes, points = @points, closed_by = @closedBy, needs_review = @needsReview, close_checkin_id = @closeCheckInId WHERE id = @id',
    ),
    addPoints: db.prepare('UPDATE volunteers SET points = points + ? WHERE id = ?'),
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

  function closeAuto(session: OpenSession, rules: TimeBankRules, closeCheckInId: string | null): void {
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
  }

  function apply(decision: TapDecision, request: CheckInRequest, volunteer: VolunteerRow, rules: TimeBankRules, atMs: number): void {
    if (decision.kind === 'open') {
      s.insertSession.run({ id: request.id, volunteerId: volunteer.id, stationId: request.stationId, localDate: localDate(atMs, rules.timeZone), startedAt: request.at });
    } else if (decision.kind === 'close') {
      s.closeSession.run({
        id: decision.sessionId,
        endedAt: request.at,
        minutes: decision.minutes,
        points: decision.points,
        closedBy: 'tap',
        needsReview: 0,
        closeCheckInId: request.id,
      });
      s.addPoints.run(decision.points, volunteer.id);
    }
  }

  function summaryOf(volunteer: VolunteerRow, decision: TapDecision, atMs: number, rules: TimeBankRules): VolunteerSummary {
    const minutes = s.minutesOn.get(volunteer.id, localDate(atMs, rules.timeZone))?.minutes ?? 0;
    const points = volunteer.points + (decision.kind === 'close' ? decision.points : 0);
    return { displayName: maskName(volunteer.name), minutesToday: minutes, points };
  }

  function trackSeq(request: CheckInRequest, nowIso: string): SeqGap | undefined {
    const maxSeq = s.stationSeq.get(request.stationId)?.max_seq ?? 0;
    // A QR check-in has no seq, but still counts as the station's latest activity.
    s.upsertStationSeq.run({ stationId: request.stationId, maxSeq: request.method === 'card' ? request.seq : 0, at: request.at });
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
      const openSession = open ? { id: open.id, startedAtMs: Date.parse(open.started_at) } : undefined;
      decision = decideTap({ atMs, method: request.method, volunteerKnown: volunteer !== undefined, openSession, rules });
      if (decision.kind === 'open' && decision.autoClose && openSession) {
        closeAuto(openSession, rules, null);
        decision = { kind: 'open' };
      }
    }
    if (volunteer) apply(decision, request, volunteer, rules, atMs);
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
    const newGap = trackSeq(request, nowIso);
    return newGap ? { kind: 'recorded', result, repeated: false, newGap } : { kind: 'recorded', result, repeated: false };
  }

  return { record, closeAuto };
}

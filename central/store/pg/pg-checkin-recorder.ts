/**
 * The write path of the PostgreSQL store: one check-in request -> exactly one stored
 * Result, with the same rules as the SQLite recorder (checkin-recording.ts holds them).
 * Runs inside the caller's READ COMMITTED transaction, after the batch locked the rows
 * of its volunteers and stations (pg-checkin-locks.ts); that lock is what keeps the
 * read-then-write rules below (open session, balance, seq) one-at-a-time.
 *
 * Exactly once per id: the check-in row is claimed first with
 * `INSERT … ON CONFLICT (id) DO NOTHING`. When the id is already there, the stored
 * Result is read in the same transaction and returned unchanged (RETURNING gives nothing
 * on a conflict). When another replica is recording the same id right now, the insert
 * waits for it; once it commits, the insert does nothing and the SELECT (a new snapshot at
 * READ COMMITTED) reads the Result the other replica stored; if it rolls back, we claim. Only the claimant decides and writes the sessions.
 */
import type { Result, ReviewReason } from '../../../shared/index.ts';
import { resultFor, type OpenSession, type TapDecision } from '../../timebank/decide-tap.ts';
import { localDate } from '../../../shared/local-time.ts';
import type { TimeBankRules } from '../../timebank/rules.ts';
import type { CheckInRequest, RecordOutcome, SeqGap } from '../central-store.ts';
import {
  activityAtOf,
  openingOf,
  autoCloseOf,
  decideRequest,
  earnedWriteOf,
  openSessionFromRow,
  seqChangeOf,
  summaryOf,
  tapCloseOf,
  type OpenSessionRow,
  type SessionClose,
} from '../checkin-recording.ts';
import type { PgBank } from './pg-bank.ts';
import type { PgLedger } from './pg-ledger.ts';
import type { PgTx } from './pg-tx.ts';

interface VolunteerRow {
  id: string;
  name: string;
  points: number;
}

/** The first review reason of a session, in the order raised. */
export const FIRST_REASON = '(SELECT f.reason FROM session_review_flags f WHERE f.session_id = s.id ORDER BY f.id LIMIT 1) AS review_reason';

export type PgCheckinRecorder = ReturnType<typeof createPgCheckinRecorder>;

export function createPgCheckinRecorder(ledger: PgLedger, bank: Pick<PgBank, 'starOfInTx' | 'promoteInTx'>) {
  async function flag(tx: PgTx, sessionId: string, reason: ReviewReason, checkInId: string | null, nowIso: string): Promise<void> {
    await tx.query('UPDATE sessions SET needs_review = 1 WHERE id = $1', [sessionId]);
    // One row per session and reason: the first check-in that raised it, for the review queue.
    await tx.query('INSERT INTO session_review_flags (session_id, reason, checkin_id, flagged_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [sessionId, reason, checkInId, nowIso]);
  }

  async function closeSession(tx: PgTx, close: SessionClose, nowIso: string): Promise<void> {
    await tx.query('UPDATE sessions SET ended_at = $2, minutes = $3, points = $4, closed_by = $5, needs_review = $6, close_checkin_id = $7 WHERE id = $1', [
      close.id,
      close.endedAt,
      close.minutes,
      close.points,
      close.closedBy,
      close.needsReview,
      close.closeCheckInId,
    ]);
    if (close.review) await flag(tx, close.id, close.review, close.closeCheckInId, nowIso);
  }

  async function apply(tx: PgTx, decision: TapDecision, request: CheckInRequest, volunteer: VolunteerRow, rules: TimeBankRules, nowIso: string): Promise<void> {
    if (decision.kind === 'open') {
      const opening = openingOf(request, rules);
      await tx.query('INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, open_checkin_id, category, activity_id) VALUES ($1, $2, $3, $4, $5, $1, $6, $7)', [
        request.id,
        volunteer.id,
        request.stationId,
        localDate(Date.parse(request.at), rules.timeZone),
        request.at,
        opening.category,
        opening.activityId,
      ]);
      if (decision.review) await flag(tx, request.id, decision.review, request.id, nowIso);
    } else if (decision.kind === 'close') {
      await closeSession(tx, tapCloseOf(decision, request), nowIso);
      const earned = earnedWriteOf(decision, volunteer.id, request.at);
      if (earned) {
        const outcome = await ledger.appendInTx(tx, earned);
        if (!outcome.ok) throw new Error(`the ledger refused the points of session ${decision.sessionId}: ${outcome.reason}`);
      }
      await bank.promoteInTx(tx, volunteer.id, rules, request.at);
    } else if (decision.kind === 'duplicate' && decision.review) {
      await flag(tx, decision.sessionId, decision.review, request.id, nowIso);
    }
  }

  async function trackSeq(tx: PgTx, request: CheckInRequest, nowIso: string, activityAt: string): Promise<SeqGap | undefined> {
    const { rows } = await tx.query<{ max_seq: number }>('SELECT max_seq FROM station_seq WHERE station_id = $1', [request.stationId]);
    const maxSeq = rows[0]?.max_seq ?? 0;
    // A QR check-in has no seq, but still counts as the station's latest activity.
    await tx.query(
      `INSERT INTO station_seq (station_id, max_seq, last_checkin_at) VALUES ($1, $2, $3)
       ON CONFLICT (station_id) DO UPDATE SET max_seq = GREATEST(station_seq.max_seq, excluded.max_seq), last_checkin_at = GREATEST(station_seq.last_checkin_at, excluded.last_checkin_at)`,
      [request.stationId, request.method === 'card' ? request.seq : 0, activityAt],
    );
    if (request.method !== 'card') return undefined;
    const containing =
      request.seq <= maxSeq
        ? (await tx.query<{ fromSeq: number; toSeq: number }>('SELECT from_seq AS "fromSeq", to_seq AS "toSeq" FROM seq_gaps WHERE station_id = $1 AND from_seq <= $2 AND to_seq >= $2', [request.stationId, request.seq])).rows[0]
        : undefined;
    const change = seqChangeOf(request.stationId, maxSeq, request.seq, containing, nowIso);
    if (change.replacedGap) await tx.query('DELETE FROM seq_gaps WHERE station_id = $1 AND from_seq = $2', [request.stationId, change.replacedGap.fromSeq]);
    for (const gap of change.insertGaps) {
      await tx.query('INSERT INTO seq_gaps (station_id, from_seq, to_seq, detected_at) VALUES ($1, $2, $3, $4)', [request.stationId, gap.fromSeq, gap.toSeq, nowIso]);
    }
    return change.newGap;
  }

  async function claim(tx: PgTx, request: CheckInRequest, nowIso: string): Promise<boolean> {
    const claimed = await tx.query(
      `INSERT INTO checkins (id, station_id, seq, method, card_uid, at, recorded_at, result) VALUES ($1, $2, $3, $4, $5, $6, $7, '')
       ON CONFLICT (id) DO NOTHING`,
      [request.id, request.stationId, request.method === 'card' ? request.seq : null, request.method, request.method === 'card' ? request.cardUid : null, request.at, nowIso],
    );
    return claimed.rowCount === 1;
  }

  async function record(tx: PgTx, request: CheckInRequest, rules: TimeBankRules, nowIso: string): Promise<RecordOutcome> {
    if (!(await claim(tx, request, nowIso))) {
      const stored = await tx.query<{ result: string }>('SELECT result FROM checkins WHERE id = $1', [request.id]);
      return { kind: 'recorded', result: JSON.parse(stored.rows[0]!.result) as Result, repeated: true };
    }
    if (request.method === 'qr') {
      const token = await tx.query('INSERT INTO qr_tokens (token, volunteer_id, checkin_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [request.qrToken, request.volunteerId, request.id]);
      if (token.rowCount === 0) {
        // Nothing is recorded for a replayed token: give back the id claimed above.
        await tx.query('DELETE FROM checkins WHERE id = $1', [request.id]);
        return { kind: 'token-replayed' };
      }
    }
    const volunteer =
      request.rejectReason !== undefined
        ? undefined
        : (
            await (request.method === 'card'
              ? tx.query<VolunteerRow>('SELECT v.id, v.name, v.points FROM cards c JOIN volunteers v ON v.id = c.volunteer_id WHERE c.uid = $1', [request.cardUid])
              : tx.query<VolunteerRow>('SELECT id, name, points FROM volunteers WHERE id = $1', [request.volunteerId]))
          ).rows[0];
    const open = volunteer
      ? // FOR UPDATE: at READ COMMITTED, an auto-close committed meanwhile makes this row
        // no longer match (skipped: no open session) rather than be closed twice.
        (await tx.query<OpenSessionRow>(`SELECT s.id, s.started_at, s.category, ${FIRST_REASON} FROM sessions s WHERE s.volunteer_id = $1 AND s.ended_at IS NULL FOR UPDATE OF s`, [volunteer.id])).rows[0]
      : undefined;
    const { decision, autoCloseFirst } = decideRequest(request, volunteer !== undefined, open ? openSessionFromRow(open) : undefined, rules, nowIso);
    if (autoCloseFirst) await closeSession(tx, autoCloseOf(autoCloseFirst, rules, null), nowIso);
    let result: Result;
    if (volunteer) {
      await apply(tx, decision, request, volunteer, rules, nowIso);
      const today = localDate(Date.parse(request.at), rules.timeZone);
      const minutes = await tx.query<{ minutes: number | null }>('SELECT SUM(minutes)::int AS minutes FROM sessions WHERE volunteer_id = $1 AND local_date = $2 AND ended_at IS NOT NULL', [volunteer.id, today]);
      const summary = summaryOf(volunteer, decision, minutes.rows[0]?.minutes ?? 0, await bank.starOfInTx(tx, volunteer.id));
      result = resultFor(request.id, decision, nowIso, request.method, summary);
    } else {
      result = resultFor(request.id, decision, nowIso, request.method, undefined);
    }
    await tx.query('UPDATE checkins SET volunteer_id = $2, result = $3 WHERE id = $1', [request.id, volunteer?.id ?? null, JSON.stringify(result)]);
    const newGap = await trackSeq(tx, request, nowIso, activityAtOf(decision, request, nowIso));
    return newGap ? { kind: 'recorded', result, repeated: false, newGap } : { kind: 'recorded', result, repeated: false };
  }

  /** Closes one open session at its cutoff (the auto-close job). */
  async function closeAuto(tx: PgTx, session: OpenSession, rules: TimeBankRules, nowIso: string): Promise<void> {
    await closeSession(tx, autoCloseOf(session, rules, null), nowIso);
  }

  return { record, closeAuto };
}

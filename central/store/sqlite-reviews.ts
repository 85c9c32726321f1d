/**
 * The SQLite review queue (review-store.ts). Held sessions are read from `sessions` and
 * `session_review_flags` (the check-in recorder writes them); corrections live in
 * `correction_requests`; every decision is one row of `review_decisions`, keyed by the
 * item, so a second decision cannot be stored. A decision's session change, its ledger
 * entry (through `appendInTx`), its row and its audit line commit in one transaction.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ReviewReason } from '../../shared/index.ts';
import { localDate, nextDate } from '../timebank/local-time.ts';
import { correctionAgeProblem, endTimeProblem } from '../timebank/review-rules.ts';
import { pointsFor, sessionMinutes, type TimeBankRules } from '../timebank/rules.ts';
import {
  correctionItemId,
  sessionItemId,
  type CorrectionInput,
  type CorrectionOutcome,
  type CorrectionRecord,
  type DecideOutcome,
  type ReviewDecisionInput,
  type ReviewDecisionRecord,
  type ReviewItem,
  type ReviewQuery,
  type ReviewStore,
  type ReviewTrailEvent,
} from './review-store.ts';
import type { SqliteLedger } from './sqlite-ledger.ts';

interface DecisionRow {
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

interface SessionItemRow {
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

interface CorrectionRow {
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

interface CorrectionItemRow extends CorrectionRow {
  volunteer_name: string;
  s_started_at: string | null;
  s_ended_at: string | null;
  s_minutes: number | null;
  s_points: number | null;
  s_closed_by: string | null;
}

interface SessionRow {
  id: string;
  volunteer_id: string;
  station_id: string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  points: number | null;
  needs_review: number;
}

const opt = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } => (value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));

function decisionFromRow(row: DecisionRow): ReviewDecisionRecord {
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

function correctionFromRow(row: CorrectionRow, decision: DecisionRow | undefined): CorrectionRecord {
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

/** Thrown inside a decision's transaction to undo its writes and answer with a refusal. */
class Refused extends Error {
  constructor(readonly outcome: DecideOutcome & { ok: false }) {
    super(outcome.reason);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createSqliteReviews(db: Database.Database, ledger: SqliteLedger): ReviewStore {
  const sessionItemSql = `
    SELECT s.id, s.volunteer_id, v.name AS volunteer_name, s.station_id, s.started_at, s.ended_at, s.minutes, s.points, s.closed_by, s.needs_review,
      COALESCE((SELECT MIN(f.flagged_at) FROM session_review_flags f WHERE f.session_id = s.id), s.ended_at) AS raised_at,
      (SELECT group_concat(reason, ',') FROM (SELECT f.reason FROM session_review_flags f WHERE f.session_id = s.id ORDER BY f.rowid)) AS reasons
    FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id`;
  const correctionItemSql = `
    SELECT c.*, v.name AS volunteer_name, s.started_at AS s_started_at, s.ended_at AS s_ended_at, s.minutes AS s_minutes, s.points AS s_points, s.closed_by AS s_closed_by
    FROM correction_requests c JOIN volunteers v ON v.id = c.volunteer_id LEFT JOIN sessions s ON s.id = c.session_id`;
  const s = {
    decisionOfItem: db.prepare<[string], DecisionRow>('SELECT * FROM review_decisions WHERE item_id = ?'),
    decisionByRequest: db.prepare<[string], DecisionRow>('SELECT * FROM review_decisions WHERE request_id = ?'),
    decisionsAbout: db.prepare<[string | null, string], DecisionRow>('SELECT * FROM review_decisions WHERE session_id = ? OR item_id = ? ORDER BY decided_at, rowid'),
    sessionItem: db.prepare<[string], SessionItemRow>(`${sessionItemSql} WHERE s.id = ?`),
    pendingSessions: db.prepare<[], SessionItemRow>(
      `${sessionItemSql} WHERE s.needs_review = 1 AND s.ended_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.item_id = 'session:' || s.id)`,
    ),
    decidedSessions: db.prepare<[{ state: string | null }], SessionItemRow>(
      `${sessionItemSql} JOIN review_decisions d ON d.item_id = 'session:' || s.id WHERE (@state IS NULL OR d.outcome = @state)`,
    ),
    correctionItem: db.prepare<[string], CorrectionItemRow>(`${correctionItemSql} WHERE c.id = ?`),
    correctionItems: db.prepare<[{ state: string | null }], CorrectionItemRow>(`${correctionItemSql} WHERE (@state IS NULL OR c.state = @state)`),
    correctionByRequest: db.prepare<[string], CorrectionRow>('SELECT * FROM correction_requests WHERE request_id = ?'),
    pendingCorrectionOf: db.prepare<[string], { id: string }>("SELECT id FROM correction_requests WHERE session_id = ? AND state = 'pending'"),
    correctionsOf: db.prepare<[string], CorrectionRow>('SELECT * FROM correction_requests WHERE volunteer_id = ? ORDER BY requested_at DESC, rowid DESC LIMIT 100'),
    correctionsAbout: db.prepare<[string | null, string | null], CorrectionRow>('SELECT * FROM correction_requests WHERE session_id = ? OR id = ? ORDER BY requested_at, rowid'),
    flagsOf: db.prepare<[string], { reason: string; flagged_at: string }>('SELECT reason, flagged_at FROM session_review_flags WHERE session_id = ? ORDER BY rowid'),
    session: db.prepare<[string], SessionRow>('SELECT id, volunteer_id, station_id, started_at, ended_at, minutes, points, needs_review FROM sessions WHERE id = ?'),
    sessionsAround: db.prepare<[string, string, string], { id: string; started_at: string; ended_at: string | null }>(
      'SELECT id, started_at, ended_at FROM sessions WHERE volunteer_id = ? AND local_date BETWEEN ? AND ?',
    ),
    volunteer: db.prepare<[string], { id: string }>('SELECT id FROM volunteers WHERE id = ?'),
    creditedPoints: db.prepare<[string], { points: number | null }>(
      'SELECT SUM(e.points) AS points FROM ledger_entries e WHERE e.session_id = ? AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)',
    ),
    creditSession: db.prepare('UPDATE sessions SET ended_at = @endedAt, minutes = @minutes, points = @points, needs_review = 0 WHERE id = @id'),
    releaseHeld: db.prepare<[string]>('UPDATE sessions SET needs_review = 0 WHERE id = ? AND needs_review = 1'),
    declineSession: db.prepare('UPDATE sessions SET minutes = 0, points = 0 WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, ended_at, minutes, points, closed_by, needs_review, open_checkin_id)
       VALUES (@id, @volunteerId, @stationId, @localDate, @startedAt, @endedAt, @minutes, @points, 'correction', 0, @id)`,
    ),
    settleCorrection: db.prepare<[string, string]>("UPDATE correction_requests SET state = ? WHERE id = ? AND state = 'pending'"),
    insertDecision: db.prepare(
      `INSERT INTO review_decisions (item_id, request_id, session_id, volunteer_id, outcome, actor, decided_at, reason, old_ended_at, new_ended_at, old_minutes, new_minutes, old_points, new_points, ledger_entry_id)
       VALUES (@itemId, @requestId, @sessionId, @volunteerId, @outcome, @actor, @decidedAt, @reason, @oldEndedAt, @newEndedAt, @oldMinutes, @newMinutes, @oldPoints, @newPoints, @ledgerEntryId)`,
    ),
    insertCorrection: db.prepare(
      `INSERT INTO correction_requests (id, request_id, volunteer_id, kind, session_id, station_id, started_at, ended_at, note, requested_at, requested_by, state)
       VALUES (@id, @requestId, @volunteerId, @kind, @sessionId, @stationId, @startedAt, @endedAt, @note, @requestedAt, @requestedBy, 'pending')`,
    ),
    audit: db.prepare('INSERT INTO audit_log (at, actor, action, volunteer_id, detail) VALUES (?, ?, ?, ?, ?)'),
  };

  function sessionItem(row: SessionItemRow): ReviewItem {
    const decision = s.decisionOfItem.get(sessionItemId(row.id));
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

  function correctionItem(row: CorrectionItemRow): ReviewItem {
    const decision = s.decisionOfItem.get(correctionItemId(row.id));
    // A credited missing session exists from then on, under the correction's id.
    const createdSession = row.kind === 'missing-session' && decision?.outcome === 'credited' ? s.session.get(row.id) : undefined;
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

  function findItem(itemId: string): ReviewItem | undefined {
    const colon = itemId.indexOf(':');
    const kind = itemId.slice(0, colon);
    const id = itemId.slice(colon + 1);
    if (colon < 0 || id === '') return undefined;
    if (kind === 'correction') {
      const row = s.correctionItem.get(id);
      return row ? correctionItem(row) : undefined;
    }
    if (kind !== 'session') return undefined;
    const row = s.sessionItem.get(id);
    if (!row) return undefined;
    const item = sessionItem(row);
    // Only held, closed sessions (and decided ones) are review items.
    return item.decision || (row.needs_review === 1 && row.ended_at !== null) ? item : undefined;
  }

  function audit(at: string, actor: string, action: string, volunteerId: string, detail: Record<string, unknown>): void {
    s.audit.run(at, actor, action, volunteerId, JSON.stringify(detail));
  }

  /** Brings a session's ledger credit to `target` points; returns the entry appended, if any. */
  function creditTo(sessionId: string, volunteerId: string, target: number, input: ReviewDecisionInput, itemId: string): number | undefined {
    const already = s.creditedPoints.get(sessionId)?.points ?? 0;
    const delta = target - already;
    if (delta === 0) return undefined;
    const appended = ledger.appendInTx({
      requestId: `review:${itemId}`,
      volunteerId,
      kind: delta > 0 ? 'earned' : 'adjusted',
      points: delta,
      at: input.at,
      sessionId,
      actor: input.actor,
      reason: input.reason,
    });
    if (!appended.ok) {
      if (appended.reason === 'insufficient-points') throw new Refused({ ok: false, reason: 'insufficient-points', problem: `the session's points were already spent (balance ${appended.balance ?? 0})` });
      throw new Error(`the ledger refused the review of ${itemId}: ${appended.reason}`);
    }
    return appended.entry.id;
  }

  function decideInTx(input: ReviewDecisionInput, rules: Pick<TimeBankRules, 'pointsPerHour' | 'pointsRounding' | 'timeZone'>): DecideOutcome {
    const outcome = input.outcome === 'credit' ? 'credited' : 'declined';
    const byRequest = s.decisionByRequest.get(input.requestId);
    if (byRequest) {
      if (byRequest.item_id !== input.itemId || byRequest.outcome !== outcome) return { ok: false, reason: 'request-id-reused' };
      return { ok: true, decision: decisionFromRow(byRequest), item: findItem(input.itemId)!, repeated: true };
    }
    const item = findItem(input.itemId);
    if (!item) return { ok: false, reason: 'unknown-item' };
    if (item.decision) return { ok: false, reason: 'already-decided', decision: item.decision };
    const nowMs = Date.parse(input.at);
    const old = { ...opt('endedAt', item.endedAt), ...opt('minutes', item.minutes), ...opt('points', item.points) };
    let sessionId = item.sessionId;
    let next: ReviewDecisionRecord['new'] = old;
    let ledgerEntryId: number | undefined;

    if (item.source === 'correction' && s.settleCorrection.run(outcome, item.correction!.id).changes === 0) {
      return { ok: false, reason: 'already-decided' };
    }
    if (item.source === 'session' && s.releaseHeld.run(item.sessionId!).changes === 0) return { ok: false, reason: 'already-decided' };

    if (input.outcome === 'credit') {
      const correction = item.correction;
      const endedAtText = input.endedAt ?? correction?.endedAt;
      if (endedAtText === undefined) throw new Refused({ ok: false, reason: 'invalid-end-time', problem: 'give the real end time to credit a session' });
      const startedAtText = correction?.kind === 'missing-session' ? correction.startedAt! : item.startedAt!;
      const startedAtMs = Date.parse(startedAtText);
      const endedAtMs = Date.parse(endedAtText);
      const problem = endTimeProblem(startedAtMs, endedAtMs, nowMs);
      if (problem) throw new Refused({ ok: false, reason: 'invalid-end-time', problem });
      const minutes = sessionMinutes(startedAtMs, endedAtMs);
      const points = pointsFor(minutes, rules);
      next = { endedAt: iso(endedAtMs), minutes, points };
      if (correction?.kind === 'missing-session') {
        sessionId = correction.id;
        s.insertSession.run({
          id: sessionId,
          volunteerId: item.volunteerId,
          stationId: item.stationId,
          localDate: localDate(startedAtMs, rules.timeZone),
          startedAt: iso(startedAtMs),
          endedAt: iso(endedAtMs),
          minutes,
          points,
        });
      } else {
        s.creditSession.run({ id: sessionId, endedAt: iso(endedAtMs), minutes, points });
      }
      ledgerEntryId = creditTo(sessionId!, item.volunteerId, points, input, item.id);
    } else if (item.source === 'session') {
      // Declined: the times stay as recorded, and nothing of it counts.
      s.declineSession.run(sessionId);
      next = { ...opt('endedAt', item.endedAt), minutes: 0, points: 0 };
      ledgerEntryId = creditTo(sessionId!, item.volunteerId, 0, input, item.id);
    }

    s.insertDecision.run({
      itemId: item.id,
      requestId: input.requestId,
      sessionId: sessionId ?? null,
      volunteerId: item.volunteerId,
      outcome,
      actor: input.actor,
      decidedAt: input.at,
      reason: input.reason,
      oldEndedAt: old.endedAt ?? null,
      newEndedAt: next.endedAt ?? null,
      oldMinutes: old.minutes ?? null,
      newMinutes: next.minutes ?? null,
      oldPoints: old.points ?? null,
      newPoints: next.points ?? null,
      ledgerEntryId: ledgerEntryId ?? null,
    });
    const decision = decisionFromRow(s.decisionOfItem.get(item.id)!);
    audit(input.at, input.actor, `review-${outcome}`, item.volunteerId, {
      itemId: item.id,
      ...opt('sessionId', sessionId),
      old,
      new: next,
      reason: input.reason,
      requestId: input.requestId,
      ...opt('ledgerEntryId', ledgerEntryId),
    });
    return { ok: true, decision, item: findItem(item.id)!, repeated: false };
  }

  function requestInTx(input: CorrectionInput): CorrectionOutcome {
    const stored = s.correctionByRequest.get(input.requestId);
    if (stored) {
      const same = stored.volunteer_id === input.volunteerId && stored.kind === input.kind && (stored.session_id ?? undefined) === input.sessionId && Date.parse(stored.ended_at) === Date.parse(input.endedAt);
      return same ? { ok: true, correction: correctionFromRow(stored, s.decisionOfItem.get(correctionItemId(stored.id))), repeated: true } : { ok: false, reason: 'request-id-reused' };
    }
    if (!s.volunteer.get(input.volunteerId)) return { ok: false, reason: 'not-your-session' };
    const nowMs = Date.parse(input.at);
    const endedAtMs = Date.parse(input.endedAt);
    let stationId: string;
    let startedAtMs: number;
    if (input.kind === 'missing-session') {
      if (input.stationId === undefined || input.startedAt === undefined) return { ok: false, reason: 'invalid-times', problem: 'a missing session needs its station and its start time' };
      stationId = input.stationId;
      startedAtMs = Date.parse(input.startedAt);
      if (!Number.isFinite(startedAtMs)) return { ok: false, reason: 'invalid-times', problem: 'the start time is not a time' };
    } else {
      if (input.sessionId === undefined) return { ok: false, reason: 'unknown-session' };
      const session = s.session.get(input.sessionId);
      if (!session) return { ok: false, reason: 'unknown-session' };
      if (session.volunteer_id !== input.volunteerId) return { ok: false, reason: 'not-your-session' };
      if (session.ended_at === null) return { ok: false, reason: 'session-still-open' };
      if (s.pendingCorrectionOf.get(session.id)) return { ok: false, reason: 'correction-pending' };
      stationId = session.station_id;
      startedAtMs = Date.parse(session.started_at);
    }
    const problem = endTimeProblem(startedAtMs, endedAtMs, nowMs) ?? correctionAgeProblem(startedAtMs, nowMs);
    if (problem) return { ok: false, reason: 'invalid-times', problem };
    if (input.kind === 'missing-session') {
      // Read the days around it in the time bank's own calendar, then compare instants.
      const from = localDate(startedAtMs - 86_400_000, 'UTC');
      const to = nextDate(localDate(endedAtMs + 86_400_000, 'UTC'));
      const overlap = s.sessionsAround.all(input.volunteerId, from, to).find((row) => {
        const start = Date.parse(row.started_at);
        const end = row.ended_at === null ? nowMs : Date.parse(row.ended_at);
        return start < endedAtMs && end > startedAtMs;
      });
      if (overlap) return { ok: false, reason: 'invalid-times', problem: `it overlaps a session already recorded (from ${overlap.started_at})` };
    }
    const id = randomUUID();
    s.insertCorrection.run({
      id,
      requestId: input.requestId,
      volunteerId: input.volunteerId,
      kind: input.kind,
      sessionId: input.kind === 'missing-session' ? null : input.sessionId,
      stationId,
      startedAt: input.kind === 'missing-session' ? iso(startedAtMs) : null,
      endedAt: iso(endedAtMs),
      note: input.note ?? null,
      requestedAt: input.at,
      requestedBy: input.actor ?? 'phone',
    });
    audit(input.at, input.actor ?? 'phone', 'correction-requested', input.volunteerId, { itemId: correctionItemId(id), kind: input.kind, ...opt('sessionId', input.sessionId), requestId: input.requestId });
    return { ok: true, correction: correctionFromRow(s.correctionByRequest.get(input.requestId)!, undefined), repeated: false };
  }

  function matches(item: ReviewItem, query: ReviewQuery): boolean {
    if (query.stationIds && !query.stationIds.includes(item.stationId)) return false;
    if (query.volunteerId !== undefined && item.volunteerId !== query.volunteerId) return false;
    if (query.raisedBefore !== undefined && Date.parse(item.raisedAt) > Date.parse(query.raisedBefore)) return false;
    return true;
  }

  return {
    async list(query = {}) {
      const state = query.state ?? 'pending';
      const limit = Math.min(Math.max(1, query.limit ?? 200), 1000);
      const sessions =
        state === 'pending'
          ? s.pendingSessions.all()
          : state === 'all'
            ? [...s.pendingSessions.all(), ...s.decidedSessions.all({ state: null })]
            : s.decidedSessions.all({ state });
      const corrections = s.correctionItems.all({ state: state === 'all' ? null : state });
      const items = [...sessions.map(sessionItem), ...corrections.map(correctionItem)].filter((item) => matches(item, query));
      items.sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt) || a.id.localeCompare(b.id));
      return items.slice(0, limit);
    },
    async find(itemId) {
      return findItem(itemId);
    },
    async decide(input, rules) {
      try {
        return db.transaction(() => decideInTx(input, rules)).immediate();
      } catch (err) {
        if (err instanceof Refused) return err.outcome;
        throw err;
      }
    },
    async requestCorrection(input) {
      return db.transaction(() => requestInTx(input)).immediate();
    },
    async correctionsOf(volunteerId) {
      return s.correctionsOf.all(volunteerId).map((row) => correctionFromRow(row, s.decisionOfItem.get(correctionItemId(row.id))));
    },
    async sessionOf(sessionId) {
      const row = s.session.get(sessionId);
      return row ? { volunteerId: row.volunteer_id, stationId: row.station_id } : undefined;
    },
    async trail(itemId) {
      const item = findItem(itemId);
      // A session settled by a credited correction is no review item of its own, but has a trail.
      const sessionId = item?.sessionId ?? (itemId.startsWith('session:') && s.session.get(itemId.slice('session:'.length)) ? itemId.slice('session:'.length) : null);
      if (!item && sessionId === null) return [];
      const events: ReviewTrailEvent[] = [];
      if (sessionId !== null) {
        for (const flag of s.flagsOf.all(sessionId)) events.push({ at: flag.flagged_at, actor: 'central', action: 'held', itemId: sessionItemId(sessionId), detail: { reason: flag.reason } });
      }
      for (const c of s.correctionsAbout.all(sessionId, item?.correction?.id ?? sessionId)) {
        events.push({
          at: c.requested_at,
          actor: c.requested_by,
          action: 'correction-requested',
          itemId: correctionItemId(c.id),
          detail: { kind: c.kind, ...opt('startedAt', c.started_at), endedAt: c.ended_at, ...opt('note', c.note) },
        });
      }
      for (const d of s.decisionsAbout.all(sessionId, itemId)) {
        const decision = decisionFromRow(d);
        events.push({ at: decision.decidedAt, actor: decision.actor, action: decision.outcome, itemId: decision.itemId, detail: { old: decision.old, new: decision.new, reason: decision.reason } });
      }
      return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    },
  };
}

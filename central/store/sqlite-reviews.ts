/**
 * The SQLite review queue (review-store.ts). Held sessions are read from `sessions` and
 * `session_review_flags` (the check-in recorder writes them); corrections live in
 * `correction_requests`; every decision is one row of `review_decisions`, keyed by the
 * item, so a second decision cannot be stored. A decision's session change, its ledger
 * entry (through `appendInTx`), its row and its audit line commit in one transaction.
 * What each step decides is in central/timebank/review-decisions.ts, shared with
 * pg/pg-reviews.ts.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  checkCorrection,
  correctionAudit,
  creditRefusal,
  creditWrite,
  decisionAudit,
  newCorrectionRow,
  overlapProblem,
  overlapWindow,
  planDecision,
  reviewQueue,
  reviewTrail,
  sameCorrectionRequest,
  sameDecision,
  type DecisionRules,
} from '../timebank/review-decisions.ts';
import {
  correctionFromRow,
  correctionItemFromRow,
  decisionFromRow,
  decisionToRow,
  isSessionReviewItem,
  parseItemId,
  sessionItemFromRow,
  type CorrectionItemRow,
  type CorrectionRow,
  type DecisionRow,
  type ReviewSessionRow,
  type SessionItemRow,
} from './review-rows.ts';
import { correctionItemId, sessionItemId, type CorrectionInput, type CorrectionOutcome, type DecideOutcome, type ReviewDecisionInput, type ReviewItem, type ReviewStore } from './review-store.ts';
import type { SqliteLedger } from './sqlite-ledger.ts';

/** Thrown inside a decision's transaction to undo its writes and answer with a refusal. */
class Refused extends Error {
  constructor(readonly outcome: DecideOutcome & { ok: false }) {
    super(outcome.reason);
  }
}

const DECISION_COLUMNS: readonly (keyof DecisionRow)[] = [
  'item_id', 'request_id', 'session_id', 'volunteer_id', 'outcome', 'actor', 'decided_at', 'reason',
  'old_ended_at', 'new_ended_at', 'old_minutes', 'new_minutes', 'old_points', 'new_points', 'ledger_entry_id',
];
const CORRECTION_COLUMNS: readonly (keyof CorrectionRow)[] = [
  'id', 'request_id', 'volunteer_id', 'kind', 'session_id', 'station_id', 'started_at', 'ended_at', 'note', 'requested_at', 'requested_by', 'state',
];
const insertSql = (table: string, columns: readonly string[]) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;

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
    session: db.prepare<[string], ReviewSessionRow>('SELECT id, volunteer_id, station_id, started_at, ended_at, minutes, points, needs_review FROM sessions WHERE id = ?'),
    sessionsAround: db.prepare<[string, string, string], { started_at: string; ended_at: string | null }>(
      'SELECT started_at, ended_at FROM sessions WHERE volunteer_id = ? AND local_date BETWEEN ? AND ?',
    ),
    volunteer: db.prepare<[string], { id: string }>('SELECT id FROM volunteers WHERE id = ?'),
    creditedPoints: db.prepare<[string], { points: number | null }>(
      'SELECT SUM(e.points) AS points FROM ledger_entries e WHERE e.session_id = ? AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)',
    ),
    creditSession: db.prepare('UPDATE sessions SET ended_at = @endedAt, minutes = @minutes, points = @points, needs_review = 0 WHERE id = @id'),
    releaseHeld: db.prepare<[string]>('UPDATE sessions SET needs_review = 0 WHERE id = ? AND needs_review = 1'),
    declineSession: db.prepare<[string]>('UPDATE sessions SET minutes = 0, points = 0 WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, ended_at, minutes, points, closed_by, needs_review, open_checkin_id)
       VALUES (@id, @volunteerId, @stationId, @localDate, @startedAt, @endedAt, @minutes, @points, 'correction', 0, @id)`,
    ),
    settleCorrection: db.prepare<[string, string]>("UPDATE correction_requests SET state = ? WHERE id = ? AND state = 'pending'"),
    insertDecision: db.prepare(insertSql('review_decisions', DECISION_COLUMNS)),
    insertCorrection: db.prepare(insertSql('correction_requests', CORRECTION_COLUMNS)),
    audit: db.prepare<[string, string, string, string, string]>('INSERT INTO audit_log (at, actor, action, volunteer_id, detail) VALUES (?, ?, ?, ?, ?)'),
  };

  function correctionItem(row: CorrectionItemRow): ReviewItem {
    const decision = s.decisionOfItem.get(correctionItemId(row.id));
    const created = row.kind === 'missing-session' && decision?.outcome === 'credited' ? s.session.get(row.id) : undefined;
    return correctionItemFromRow(row, decision, created);
  }

  const sessionItem = (row: SessionItemRow): ReviewItem => sessionItemFromRow(row, s.decisionOfItem.get(sessionItemId(row.id)));

  function findItem(itemId: string): ReviewItem | undefined {
    const parsed = parseItemId(itemId);
    if (!parsed) return undefined;
    if (parsed.source === 'correction') {
      const row = s.correctionItem.get(parsed.id);
      return row ? correctionItem(row) : undefined;
    }
    const row = s.sessionItem.get(parsed.id);
    if (!row) return undefined;
    const decision = s.decisionOfItem.get(itemId);
    return isSessionReviewItem(row, decision) ? sessionItemFromRow(row, decision) : undefined;
  }

  function decideInTx(input: ReviewDecisionInput, rules: DecisionRules): DecideOutcome {
    const byRequest = s.decisionByRequest.get(input.requestId);
    if (byRequest) {
      const stored = decisionFromRow(byRequest);
      return sameDecision(stored, input) ? { ok: true, decision: stored, item: findItem(input.itemId)!, repeated: true } : { ok: false, reason: 'request-id-reused' };
    }
    const item = findItem(input.itemId);
    if (!item) return { ok: false, reason: 'unknown-item' };
    if (item.decision) return { ok: false, reason: 'already-decided', decision: item.decision };
    const planned = planDecision(item, input, rules);
    if (!planned.ok) return planned;
    const { decision, sessionWrite, creditTarget } = planned.plan;
    // Decided once: the compare-and-set on the item's state, before anything else is written.
    const claimed = item.source === 'correction' ? s.settleCorrection.run(decision.outcome, item.correction!.id) : s.releaseHeld.run(item.sessionId!);
    if (claimed.changes === 0) return { ok: false, reason: 'already-decided' };
    if (sessionWrite?.kind === 'create') s.insertSession.run(sessionWrite);
    else if (sessionWrite?.kind === 'credit') s.creditSession.run(sessionWrite);
    else if (sessionWrite?.kind === 'decline') s.declineSession.run(sessionWrite.id);
    if (creditTarget !== undefined) {
      const write = creditWrite(s.creditedPoints.get(decision.sessionId!)?.points ?? 0, creditTarget, decision, item.volunteerId);
      if (write) {
        const appended = ledger.appendInTx(write);
        if (!appended.ok) throw new Refused(creditRefusal(appended, item.id));
        decision.ledgerEntryId = appended.entry.id;
      }
    }
    s.insertDecision.run(decisionToRow(decision, item.volunteerId));
    const line = decisionAudit(decision);
    s.audit.run(input.at, input.actor, line.action, item.volunteerId, JSON.stringify(line.detail));
    return { ok: true, decision: decisionFromRow(s.decisionOfItem.get(item.id)!), item: findItem(item.id)!, repeated: false };
  }

  function requestInTx(input: CorrectionInput): CorrectionOutcome {
    const stored = s.correctionByRequest.get(input.requestId);
    if (stored) {
      const record = correctionFromRow(stored, s.decisionOfItem.get(correctionItemId(stored.id)));
      return sameCorrectionRequest(record, input) ? { ok: true, correction: record, repeated: true } : { ok: false, reason: 'request-id-reused' };
    }
    const session = input.kind !== 'missing-session' && input.sessionId !== undefined ? s.session.get(input.sessionId) : undefined;
    const checked = checkCorrection(input, {
      volunteerKnown: s.volunteer.get(input.volunteerId) !== undefined,
      ...(session
        ? { session: { volunteerId: session.volunteer_id, stationId: session.station_id, startedAt: session.started_at, ...(session.ended_at !== null ? { endedAt: session.ended_at } : {}) } }
        : {}),
      pendingCorrection: session !== undefined && s.pendingCorrectionOf.get(session.id) !== undefined,
    });
    if (!checked.ok) return checked;
    if (input.kind === 'missing-session') {
      const { fromDate, toDate } = overlapWindow(checked.subject);
      const around = s.sessionsAround.all(input.volunteerId, fromDate, toDate).map((r) => ({ startedAt: r.started_at, ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}) }));
      const problem = overlapProblem(checked.subject, around, Date.parse(input.at));
      if (problem) return { ok: false, reason: 'invalid-times', problem };
    }
    const row = newCorrectionRow(randomUUID(), input, checked.subject);
    s.insertCorrection.run(row);
    const line = correctionAudit(row, input);
    s.audit.run(input.at, line.actor, line.action, input.volunteerId, JSON.stringify(line.detail));
    return { ok: true, correction: correctionFromRow(s.correctionByRequest.get(input.requestId)!, undefined), repeated: false };
  }

  return {
    async list(query = {}) {
      const state = query.state ?? 'pending';
      const sessions =
        state === 'pending'
          ? s.pendingSessions.all()
          : state === 'all'
            ? [...s.pendingSessions.all(), ...s.decidedSessions.all({ state: null })]
            : s.decidedSessions.all({ state });
      const corrections = s.correctionItems.all({ state: state === 'all' ? null : state });
      return reviewQueue([...sessions.map(sessionItem), ...corrections.map(correctionItem)], query);
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
      const parsed = parseItemId(itemId);
      const sessionId = item?.sessionId ?? (parsed?.source === 'session' && s.session.get(parsed.id) ? parsed.id : null);
      if (!item && sessionId === null) return [];
      const holds = sessionId !== null ? s.flagsOf.all(sessionId).map((f) => ({ reason: f.reason, flaggedAt: f.flagged_at })) : [];
      const corrections = s.correctionsAbout.all(sessionId, item?.correction?.id ?? sessionId).map((row) => correctionFromRow(row, undefined));
      const decisions = s.decisionsAbout.all(sessionId, itemId).map(decisionFromRow);
      return reviewTrail(sessionId, holds, corrections, decisions);
    },
  };
}

/**
 * The PostgreSQL review queue (review-store.ts), deciding as the SQLite one does through
 * central/timebank/review-decisions.ts. A decision is one SERIALIZABLE transaction
 * (pg-tx.ts): the compare-and-set on the item's state (`needs_review = 1`, or the
 * correction's `state = 'pending'`), the session change, the ledger entry, the decision
 * row and its audit line. Two replicas deciding one item at once both read it pending;
 * the second's compare-and-set waits for the first's row lock and is aborted (40001) when
 * the first commits, and its retry finds the stored decision: `already-decided`, or the
 * stored one again for the same request id. `review_decisions` is keyed by the item, so
 * a second decision cannot be stored whatever happens.
 */
import type pg from 'pg';
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
} from '../../timebank/review-decisions.ts';
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
} from '../review-rows.ts';
import { correctionItemId, sessionItemId, type CorrectionInput, type CorrectionOutcome, type DecideOutcome, type ReviewDecisionInput, type ReviewItem, type ReviewStore } from '../review-store.ts';
import { appendAuditInTx } from './pg-audit.ts';
import type { PgLedger } from './pg-ledger.ts';
import { inTransaction, registerRuleIndexes, type PgTx } from './pg-tx.ts';

// Two requests about one session may both read "none pending" and both insert: the
// loser's retry reads the winner's and answers `correction-pending`.
registerRuleIndexes('correction_requests_one_pending_per_session');

type Queryable = pg.Pool | PgTx;

/** Thrown inside a decision's transaction to undo its writes and answer with `outcome`. */
class Answer extends Error {
  constructor(readonly outcome: DecideOutcome) {
    super(outcome.ok ? 'stored meanwhile' : outcome.reason);
  }
}

const SESSION_ITEM_SQL = `
  SELECT s.id, s.volunteer_id, v.name AS volunteer_name, s.station_id, s.started_at, s.ended_at, s.minutes, s.points, s.closed_by, s.needs_review,
    COALESCE((SELECT MIN(f.flagged_at) FROM session_review_flags f WHERE f.session_id = s.id), s.ended_at) AS raised_at,
    (SELECT string_agg(f.reason, ',' ORDER BY f.id) FROM session_review_flags f WHERE f.session_id = s.id) AS reasons
  FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id`;
const CORRECTION_ITEM_SQL = `
  SELECT c.*, v.name AS volunteer_name, s.started_at AS s_started_at, s.ended_at AS s_ended_at, s.minutes AS s_minutes, s.points AS s_points, s.closed_by AS s_closed_by
  FROM correction_requests c JOIN volunteers v ON v.id = c.volunteer_id LEFT JOIN sessions s ON s.id = c.session_id`;
const SESSION_SQL = 'SELECT id, volunteer_id, station_id, started_at, ended_at, minutes, points, needs_review FROM sessions WHERE id = $1';

/** `INSERT … ON CONFLICT DO NOTHING` of one row; false when a row with that key was stored already. */
async function insertOnce(tx: PgTx, table: string, row: object): Promise<boolean> {
  const columns = Object.keys(row);
  const done = await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`, Object.values(row));
  return done.rowCount === 1;
}

async function one<T extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]): Promise<T | undefined> {
  return (await db.query<T>(text, values)).rows[0];
}

async function decisionsOf(db: Queryable, itemIds: readonly string[]): Promise<Map<string, DecisionRow>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await db.query<DecisionRow>('SELECT * FROM review_decisions WHERE item_id = ANY($1::text[])', [itemIds]);
  return new Map(rows.map((row) => [row.item_id, row]));
}

/** Builds the items of these rows with one read of their decisions (and of the sessions credited missing ones created). */
async function itemsOf(db: Queryable, sessions: readonly SessionItemRow[], corrections: readonly CorrectionItemRow[]): Promise<ReviewItem[]> {
  const decisions = await decisionsOf(db, [...sessions.map((r) => sessionItemId(r.id)), ...corrections.map((r) => correctionItemId(r.id))]);
  const created = corrections.filter((r) => r.kind === 'missing-session' && decisions.get(correctionItemId(r.id))?.outcome === 'credited').map((r) => r.id);
  const createdSessions = new Map<string, ReviewSessionRow>();
  if (created.length > 0) {
    const { rows } = await db.query<ReviewSessionRow>(`${SESSION_SQL.replace('id = $1', 'id = ANY($1::text[])')}`, [created]);
    for (const row of rows) createdSessions.set(row.id, row);
  }
  return [
    ...sessions.map((row) => sessionItemFromRow(row, decisions.get(sessionItemId(row.id)))),
    ...corrections.map((row) => correctionItemFromRow(row, decisions.get(correctionItemId(row.id)), createdSessions.get(row.id))),
  ];
}

async function findItem(db: Queryable, itemId: string): Promise<ReviewItem | undefined> {
  const parsed = parseItemId(itemId);
  if (!parsed) return undefined;
  if (parsed.source === 'correction') {
    const row = await one<CorrectionItemRow>(db, `${CORRECTION_ITEM_SQL} WHERE c.id = $1`, [parsed.id]);
    return row ? (await itemsOf(db, [], [row]))[0] : undefined;
  }
  const row = await one<SessionItemRow>(db, `${SESSION_ITEM_SQL} WHERE s.id = $1`, [parsed.id]);
  if (!row) return undefined;
  const decision = await one<DecisionRow>(db, 'SELECT * FROM review_decisions WHERE item_id = $1', [itemId]);
  return isSessionReviewItem(row, decision) ? sessionItemFromRow(row, decision) : undefined;
}

async function decideInTx(tx: PgTx, ledger: PgLedger, input: ReviewDecisionInput, rules: DecisionRules): Promise<DecideOutcome> {
  const byRequest = await one<DecisionRow>(tx, 'SELECT * FROM review_decisions WHERE request_id = $1', [input.requestId]);
  if (byRequest) {
    const stored = decisionFromRow(byRequest);
    return sameDecision(stored, input) ? { ok: true, decision: stored, item: (await findItem(tx, input.itemId))!, repeated: true } : { ok: false, reason: 'request-id-reused' };
  }
  const item = await findItem(tx, input.itemId);
  if (!item) return { ok: false, reason: 'unknown-item' };
  if (item.decision) return { ok: false, reason: 'already-decided', decision: item.decision };
  const planned = planDecision(item, input, rules);
  if (!planned.ok) return planned;
  const { decision, sessionWrite, creditTarget } = planned.plan;
  // Decided once: the compare-and-set on the item's state, before anything else is written.
  const claimed =
    item.source === 'correction'
      ? await tx.query("UPDATE correction_requests SET state = $1 WHERE id = $2 AND state = 'pending'", [decision.outcome, item.correction!.id])
      : await tx.query('UPDATE sessions SET needs_review = 0 WHERE id = $1 AND needs_review = 1', [item.sessionId]);
  if (claimed.rowCount === 0) return { ok: false, reason: 'already-decided' };
  if (sessionWrite?.kind === 'create') {
    const w = sessionWrite;
    await tx.query(
      `INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, ended_at, minutes, points, closed_by, needs_review, open_checkin_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'correction', 0, $1)`,
      [w.id, w.volunteerId, w.stationId, w.localDate, w.startedAt, w.endedAt, w.minutes, w.points],
    );
  } else if (sessionWrite?.kind === 'credit') {
    await tx.query('UPDATE sessions SET ended_at = $2, minutes = $3, points = $4, needs_review = 0 WHERE id = $1', [sessionWrite.id, sessionWrite.endedAt, sessionWrite.minutes, sessionWrite.points]);
  } else if (sessionWrite?.kind === 'decline') {
    await tx.query('UPDATE sessions SET minutes = 0, points = 0 WHERE id = $1', [sessionWrite.id]);
  }
  if (creditTarget !== undefined) {
    const credited = await one<{ points: number | null }>(
      tx,
      'SELECT SUM(e.points) AS points FROM ledger_entries e WHERE e.session_id = $1 AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)',
      [decision.sessionId],
    );
    const write = creditWrite(Number(credited?.points ?? 0), creditTarget, decision, item.volunteerId);
    if (write) {
      const appended = await ledger.appendInTx(tx, write);
      if (!appended.ok) throw new Answer(creditRefusal(appended, item.id));
      decision.ledgerEntryId = appended.entry.id;
    }
  }
  if (!(await insertOnce(tx, 'review_decisions', decisionToRow(decision, item.volunteerId)))) {
    // Only a decision committed before this transaction's snapshot can be here (SERIALIZABLE
    // aborts on a concurrent one); answer as if read at the start.
    const stored = await one<DecisionRow>(tx, 'SELECT * FROM review_decisions WHERE request_id = $1 OR item_id = $2 ORDER BY request_id = $1 DESC', [input.requestId, item.id]);
    const record = stored ? decisionFromRow(stored) : undefined;
    if (record?.requestId === input.requestId && sameDecision(record, input)) throw new Answer({ ok: true, decision: record, item: (await findItem(tx, item.id))!, repeated: true });
    throw new Answer(record?.requestId === input.requestId ? { ok: false, reason: 'request-id-reused' } : { ok: false, reason: 'already-decided', ...(record ? { decision: record } : {}) });
  }
  const line = decisionAudit(decision);
  await appendAuditInTx(tx, { at: input.at, actor: input.actor, action: line.action, volunteerId: item.volunteerId, detail: line.detail });
  const stored = await one<DecisionRow>(tx, 'SELECT * FROM review_decisions WHERE item_id = $1', [item.id]);
  return { ok: true, decision: decisionFromRow(stored!), item: (await findItem(tx, item.id))!, repeated: false };
}

async function requestInTx(tx: PgTx, input: CorrectionInput): Promise<CorrectionOutcome> {
  const replay = async (): Promise<CorrectionOutcome | undefined> => {
    const stored = await one<CorrectionRow>(tx, 'SELECT * FROM correction_requests WHERE request_id = $1', [input.requestId]);
    if (!stored) return undefined;
    const decision = await one<DecisionRow>(tx, 'SELECT * FROM review_decisions WHERE item_id = $1', [correctionItemId(stored.id)]);
    const record = correctionFromRow(stored, decision);
    return sameCorrectionRequest(record, input) ? { ok: true, correction: record, repeated: true } : { ok: false, reason: 'request-id-reused' };
  };
  const repeat = await replay();
  if (repeat) return repeat;
  const session = input.kind !== 'missing-session' && input.sessionId !== undefined ? await one<ReviewSessionRow>(tx, SESSION_SQL, [input.sessionId]) : undefined;
  const volunteer = await one(tx, 'SELECT id FROM volunteers WHERE id = $1', [input.volunteerId]);
  const pending = session ? await one(tx, "SELECT id FROM correction_requests WHERE session_id = $1 AND state = 'pending'", [session.id]) : undefined;
  const checked = checkCorrection(input, {
    volunteerKnown: volunteer !== undefined,
    ...(session
      ? { session: { volunteerId: session.volunteer_id, stationId: session.station_id, startedAt: session.started_at, ...(session.ended_at !== null ? { endedAt: session.ended_at } : {}) } }
      : {}),
    pendingCorrection: pending !== undefined,
  });
  if (!checked.ok) return checked;
  if (input.kind === 'missing-session') {
    const { fromDate, toDate } = overlapWindow(checked.subject);
    const around = await tx.query<{ started_at: string; ended_at: string | null }>('SELECT started_at, ended_at FROM sessions WHERE volunteer_id = $1 AND local_date BETWEEN $2 AND $3', [
      input.volunteerId,
      fromDate,
      toDate,
    ]);
    const problem = overlapProblem(
      checked.subject,
      around.rows.map((r) => ({ startedAt: r.started_at, ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}) })),
      Date.parse(input.at),
    );
    if (problem) return { ok: false, reason: 'invalid-times', problem };
  }
  const row = newCorrectionRow(randomUUID(), input, checked.subject);
  // Nothing is written before this insert, so a request id stored meanwhile is simply answered.
  if (!(await insertOnce(tx, 'correction_requests', row))) return (await replay()) ?? { ok: false, reason: 'correction-pending' };
  const line = correctionAudit(row, input);
  await appendAuditInTx(tx, { at: input.at, actor: line.actor, action: line.action, volunteerId: input.volunteerId, detail: line.detail });
  return { ok: true, correction: correctionFromRow(row, undefined), repeated: false };
}

export function createPgReviews(pool: pg.Pool, ledger: PgLedger): ReviewStore {
  return {
    async list(query = {}) {
      const state = query.state ?? 'pending';
      const pendingSql = `${SESSION_ITEM_SQL} WHERE s.needs_review = 1 AND s.ended_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.item_id = 'session:' || s.id)`;
      const decidedSql = `${SESSION_ITEM_SQL} JOIN review_decisions d ON d.item_id = 'session:' || s.id WHERE ($1::text IS NULL OR d.outcome = $1)`;
      const sessions =
        state === 'pending'
          ? (await pool.query<SessionItemRow>(pendingSql)).rows
          : state === 'all'
            ? [...(await pool.query<SessionItemRow>(pendingSql)).rows, ...(await pool.query<SessionItemRow>(decidedSql, [null])).rows]
            : (await pool.query<SessionItemRow>(decidedSql, [state])).rows;
      const corrections = (await pool.query<CorrectionItemRow>(`${CORRECTION_ITEM_SQL} WHERE ($1::text IS NULL OR c.state = $1)`, [state === 'all' ? null : state])).rows;
      return reviewQueue(await itemsOf(pool, sessions, corrections), query);
    },
    async find(itemId) {
      return findItem(pool, itemId);
    },
    async decide(input, rules) {
      try {
        return await inTransaction(pool, (tx) => decideInTx(tx, ledger, input, rules));
      } catch (err) {
        if (err instanceof Answer) return err.outcome;
        throw err;
      }
    },
    async requestCorrection(input) {
      return inTransaction(pool, (tx) => requestInTx(tx, input));
    },
    async correctionsOf(volunteerId) {
      const { rows } = await pool.query<CorrectionRow>('SELECT * FROM correction_requests WHERE volunteer_id = $1 ORDER BY requested_at DESC, seq DESC LIMIT 100', [volunteerId]);
      const decisions = await decisionsOf(pool, rows.map((row) => correctionItemId(row.id)));
      return rows.map((row) => correctionFromRow(row, decisions.get(correctionItemId(row.id))));
    },
    async sessionOf(sessionId) {
      const row = await one<ReviewSessionRow>(pool, SESSION_SQL, [sessionId]);
      return row ? { volunteerId: row.volunteer_id, stationId: row.station_id } : undefined;
    },
    async trail(itemId) {
      const item = await findItem(pool, itemId);
      // A session settled by a credited correction is no review item of its own, but has a trail.
      const parsed = parseItemId(itemId);
      const sessionId = item?.sessionId ?? (parsed?.source === 'session' && (await one(pool, SESSION_SQL, [parsed.id])) ? parsed.id : null);
      if (!item && sessionId === null) return [];
      const holds =
        sessionId !== null
          ? (await pool.query<{ reason: string; flagged_at: string }>('SELECT reason, flagged_at FROM session_review_flags WHERE session_id = $1 ORDER BY id', [sessionId])).rows.map((f) => ({
              reason: f.reason,
              flaggedAt: f.flagged_at,
            }))
          : [];
      const corrections = await pool.query<CorrectionRow>('SELECT * FROM correction_requests WHERE session_id = $1 OR id = $2 ORDER BY requested_at, seq', [sessionId, item?.correction?.id ?? sessionId]);
      const decisions = await pool.query<DecisionRow>('SELECT * FROM review_decisions WHERE session_id = $1 OR item_id = $2 ORDER BY decided_at, seq', [sessionId, itemId]);
      return reviewTrail(
        sessionId,
        holds,
        corrections.rows.map((row) => correctionFromRow(row, undefined)),
        decisions.rows.map(decisionFromRow),
      );
    },
  };
}

/**
 * The PostgreSQL BankStore (bank-store.ts), with the semantics of sqlite-bank.ts: service
 * record, stars, star applications, teams and the points expiry run. `starOfInTx` and
 * `promoteInTx` run inside the check-in recorder's transaction. The rules (star for
 * hours, which points expire) are bank-rules.ts, shared with SQLite.
 */
import type pg from 'pg';
import { DEFAULT_SERVICE_CATEGORY, type ServiceCategoryId } from '../../../shared/index.ts';
import { EXPIRY_REQUEST_PREFIX, expiryWrites, starForHours } from '../../timebank/bank-rules.ts';
import type { TimeBankRules } from '../../timebank/rules.ts';
import {
  applicationEligible,
  applicationFromRow,
  awardAuditDetail,
  awardRaises,
  CREDITED_SESSIONS,
  decidedAgain,
  decisionAuditDetail,
  recordedSessionFromRow,
  teamFiguresOf,
  teamFromRow,
  type ApplicationRow,
  type RecordedSessionRow,
  type TeamMemberRow,
  type TeamRow,
} from '../bank-rows.ts';
import type { AwardedStar, BankStore } from '../bank-store.ts';
import { entryFromRow, type LedgerRow } from '../ledger-rows.ts';
import type { AuditEntry } from '../phone-binding-store.ts';
import { appendAuditInTx } from './pg-audit.ts';
import type { PgLedger } from './pg-ledger.ts';
import { inTransaction, type PgTx } from './pg-tx.ts';

type Queryable = pg.Pool | PgTx;

const CREDITED = CREDITED_SESSIONS;

async function first<T extends pg.QueryResultRow>(db: Queryable, sql: string, params: unknown[]): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

async function volunteerExists(db: Queryable, volunteerId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM volunteers WHERE id = $1', [volunteerId])).rowCount === 1;
}

async function minutesOf(db: Queryable, volunteerId: string): Promise<number> {
  return (await first<{ minutes: number | null }>(db, `SELECT SUM(minutes)::int AS minutes FROM sessions WHERE volunteer_id = $1 AND ${CREDITED}`, [volunteerId]))?.minutes ?? 0;
}

async function applicationById(db: Queryable, id: string): Promise<ApplicationRow | undefined> {
  return first<ApplicationRow>(db, 'SELECT * FROM star_applications WHERE id = $1', [id]);
}

function audit(tx: PgTx, at: string, actor: string, action: AuditEntry['action'], volunteerId: string, detail: Record<string, unknown>): Promise<void> {
  return appendAuditInTx(tx, { at, actor, action, volunteerId, detail });
}

export type PgBank = ReturnType<typeof createPgBank>;

export function createPgBank(pool: pg.Pool, ledger: PgLedger) {
  async function starOfInTx(db: Queryable, volunteerId: string): Promise<number> {
    return (await first<{ star: number }>(db, 'SELECT star FROM volunteer_stars WHERE volunteer_id = $1', [volunteerId]))?.star ?? 0;
  }

  async function awardInTx(tx: PgTx, volunteerId: string, star: number, at: string, by: string, applicationId: string | null, reason?: string): Promise<boolean> {
    const before = await starOfInTx(tx, volunteerId);
    if (!awardRaises(before, star) || !(await volunteerExists(tx, volunteerId))) return false;
    await tx.query(
      `INSERT INTO volunteer_stars (volunteer_id, star, awarded_at, awarded_by, application_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (volunteer_id) DO UPDATE SET star = excluded.star, awarded_at = excluded.awarded_at, awarded_by = excluded.awarded_by, application_id = excluded.application_id`,
      [volunteerId, star, at, by, applicationId],
    );
    await audit(tx, at, by, 'star-awarded', volunteerId, awardAuditDetail(before, star, applicationId, reason));
    return true;
  }

  /** Auto mode, after a check-out: award the star the hours now reach. */
  async function promoteInTx(tx: PgTx, volunteerId: string, rules: TimeBankRules, at: string): Promise<void> {
    if (rules.stars?.mode !== 'auto') return;
    await awardInTx(tx, volunteerId, starForHours((await minutesOf(tx, volunteerId)) / 60, rules.stars.thresholdsHours), at, 'central', null);
  }

  async function expireVolunteerInTx(tx: PgTx, volunteerId: string, nowMs: number, years: number): Promise<number> {
    const { rows } = await tx.query<LedgerRow>('SELECT * FROM ledger_entries WHERE volunteer_id = $1 ORDER BY id', [volunteerId]);
    let appended = 0;
    for (const write of expiryWrites(volunteerId, rows.map(entryFromRow), nowMs, years)) {
      const outcome = await ledger.appendInTx(tx, write);
      if (outcome.ok && !outcome.repeated) appended++;
    }
    return appended;
  }

  const store: BankStore = {
    serviceRecord: async (volunteerId) => {
      const total = await first<{ minutes: number | null; sessions: number }>(pool, `SELECT SUM(minutes)::int AS minutes, COUNT(*)::int AS sessions FROM sessions WHERE volunteer_id = $1 AND ${CREDITED}`, [volunteerId]);
      const byCategory = await pool.query<{ key: string; minutes: number; sessions: number }>(
        `SELECT COALESCE(category, '${DEFAULT_SERVICE_CATEGORY}') AS key, SUM(minutes)::int AS minutes, COUNT(*)::int AS sessions FROM sessions
         WHERE volunteer_id = $1 AND ${CREDITED} GROUP BY 1 ORDER BY 2 DESC, 1`,
        [volunteerId],
      );
      const byMonth = await pool.query<{ key: string; minutes: number; sessions: number }>(
        `SELECT substr(local_date, 1, 7) AS key, SUM(minutes)::int AS minutes, COUNT(*)::int AS sessions FROM sessions
         WHERE volunteer_id = $1 AND ${CREDITED} GROUP BY 1 ORDER BY 1 DESC`,
        [volunteerId],
      );
      return {
        volunteerId,
        totalMinutes: total?.minutes ?? 0,
        sessions: total?.sessions ?? 0,
        byCategory: byCategory.rows.map((r) => ({ key: r.key as ServiceCategoryId, minutes: r.minutes, sessions: r.sessions })),
        byMonth: byMonth.rows,
      };
    },
    recentSessions: async (volunteerId, limit = 20) => {
      const { rows } = await pool.query<RecordedSessionRow>(
        'SELECT id, station_id, category, local_date, started_at, ended_at, minutes, points, needs_review FROM sessions WHERE volunteer_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2',
        [volunteerId, Math.min(Math.max(1, limit), 200)],
      );
      return rows.map(recordedSessionFromRow);
    },
    awardedStar: async (volunteerId) => {
      const row = await first<{ star: number; awarded_at: string; awarded_by: string; application_id: string | null }>(pool, 'SELECT * FROM volunteer_stars WHERE volunteer_id = $1', [volunteerId]);
      if (!row) return undefined;
      const star: AwardedStar = { volunteerId, star: row.star, awardedAt: row.awarded_at, awardedBy: row.awarded_by };
      return row.application_id !== null ? { ...star, applicationId: row.application_id } : star;
    },
    awardStar: (volunteerId, star, at, awardedBy, reason) => inTransaction(pool, (tx) => awardInTx(tx, volunteerId, star, at, awardedBy, null, reason)),
    applyForStar: ({ id, volunteerId, star, at }) =>
      inTransaction(pool, async (tx) => {
        if (!(await volunteerExists(tx, volunteerId))) return { ok: false, reason: 'unknown-volunteer' } as const;
        const pending = await first<ApplicationRow>(tx, `SELECT * FROM star_applications WHERE volunteer_id = $1 AND status = 'pending'`, [volunteerId]);
        if (pending) return { ok: true, application: applicationFromRow(pending), repeated: true } as const;
        if (!applicationEligible(await starOfInTx(tx, volunteerId), star)) return { ok: false, reason: 'not-eligible' } as const;
        const minutes = await minutesOf(tx, volunteerId);
        await tx.query(`INSERT INTO star_applications (id, volunteer_id, star, minutes, applied_at, status) VALUES ($1, $2, $3, $4, $5, 'pending')`, [id, volunteerId, star, minutes, at]);
        await audit(tx, at, 'phone', 'star-applied', volunteerId, { applicationId: id, star, minutes });
        return { ok: true, application: applicationFromRow((await applicationById(tx, id))!), repeated: false } as const;
      }),
    listStarApplications: async (query = {}) => {
      const { rows } = await pool.query<ApplicationRow>(
        `SELECT a.* FROM star_applications a JOIN volunteers v ON v.id = a.volunteer_id
         WHERE ($1::text IS NULL OR a.status = $1) AND ($2::text IS NULL OR a.volunteer_id = $2) AND ($3::text IS NULL OR v.team_id = $3)
         ORDER BY a.applied_at DESC, a.id DESC LIMIT $4`,
        [query.status ?? null, query.volunteerId ?? null, query.teamId ?? null, Math.min(query.limit ?? 200, 1000)],
      );
      return rows.map(applicationFromRow);
    },
    findStarApplication: async (id) => {
      const row = await applicationById(pool, id);
      return row ? applicationFromRow(row) : undefined;
    },
    decideStarApplication: ({ id, decision, actor, reason, at }) =>
      inTransaction(pool, async (tx) => {
        const row = await applicationById(tx, id);
        if (!row) return { ok: false, reason: 'unknown-application' } as const;
        if (row.status !== 'pending') return decidedAgain(row, decision, actor);
        await tx.query(`UPDATE star_applications SET status = $2, decided_at = $3, decided_by = $4, reason = $5 WHERE id = $1 AND status = 'pending'`, [id, decision, at, actor, reason ?? null]);
        const from = await starOfInTx(tx, row.volunteer_id);
        if (decision === 'approved') await awardInTx(tx, row.volunteer_id, row.star, at, actor, id);
        await audit(tx, at, actor, decision === 'approved' ? 'star-approved' : 'star-declined', row.volunteer_id, decisionAuditDetail(row, decision, from, reason));
        return { ok: true, application: applicationFromRow((await applicationById(tx, id))!), repeated: false } as const;
      }),
    expirePoints: async (nowMs, years) => {
      // Candidates: volunteers with an earned entry at least `years` old and not yet expired.
      const latest = new Date(nowMs);
      latest.setUTCFullYear(latest.getUTCFullYear() - years);
      const candidates = await pool.query<{ volunteer_id: string }>(
        `SELECT DISTINCT e.volunteer_id FROM ledger_entries e
         WHERE e.kind = 'earned' AND e.at <= $1 AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.request_id = '${EXPIRY_REQUEST_PREFIX}' || e.id)`,
        [latest.toISOString()],
      );
      let appended = 0;
      for (const { volunteer_id: volunteerId } of candidates.rows) {
        appended += await inTransaction(pool, (tx) => expireVolunteerInTx(tx, volunteerId, nowMs, years));
      }
      return appended;
    },
    upsertTeams: (teams) =>
      inTransaction(pool, async (tx) => {
        let created = 0;
        let updated = 0;
        for (const team of teams) {
          const inserted = await tx.query('INSERT INTO teams (id, name, leader_volunteer_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [team.id, team.name, team.leaderVolunteerId ?? null]);
          if (inserted.rowCount === 1) created++;
          else {
            await tx.query('UPDATE teams SET name = $2, leader_volunteer_id = $3 WHERE id = $1', [team.id, team.name, team.leaderVolunteerId ?? null]);
            updated++;
          }
        }
        return { created, updated };
      }),
    listTeams: async () =>
      (await pool.query<TeamRow>('SELECT * FROM teams ORDER BY id')).rows.map(teamFromRow),
    teamFigures: async (teamId) => {
      const team = await first<TeamRow>(pool, 'SELECT * FROM teams WHERE id = $1', [teamId]);
      if (!team) return undefined;
      const { rows } = await pool.query<TeamMemberRow>(
        `SELECT v.id, v.name, (SELECT SUM(minutes)::int FROM sessions s WHERE s.volunteer_id = v.id AND ${CREDITED}) AS minutes,
           (SELECT COUNT(*)::int FROM sessions s WHERE s.volunteer_id = v.id AND ${CREDITED}) AS sessions,
           (SELECT star FROM volunteer_stars st WHERE st.volunteer_id = v.id) AS star
         FROM volunteers v WHERE v.team_id = $1 ORDER BY v.id`,
        [teamId],
      );
      return teamFiguresOf(team, rows);
    },
    teamOf: async (volunteerId) => (await first<{ team_id: string | null }>(pool, 'SELECT team_id FROM volunteers WHERE id = $1', [volunteerId]))?.team_id ?? undefined,
  };

  return { starOfInTx, promoteInTx, store };
}

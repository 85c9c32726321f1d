/**
 * The SQLite BankStore (bank-store.ts): service record, stars, star applications, teams
 * and the points expiry run. `starOfInTx` and `promoteInTx` run inside the check-in
 * recorder's transaction (the star on a Result, auto-mode promotion at check-out).
 */
import type Database from 'better-sqlite3';
import { DEFAULT_SERVICE_CATEGORY, type ServiceCategoryId } from '../../shared/index.ts';
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
} from './bank-rows.ts';
import { EXPIRY_REQUEST_PREFIX, expiryWrites, starForHours } from '../timebank/bank-rules.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { AwardedStar, BankStore } from './bank-store.ts';
import { entryFromRow, type LedgerRow } from './ledger-rows.ts';
import type { SqliteLedger } from './sqlite-ledger.ts';

const CREDITED = CREDITED_SESSIONS;

export type SqliteBank = ReturnType<typeof createSqliteBank>;

export function createSqliteBank(db: Database.Database, ledger: SqliteLedger) {
  const s = {
    volunteerExists: db.prepare<[string], { id: string }>('SELECT id FROM volunteers WHERE id = ?'),
    minutes: db.prepare<[string], { minutes: number | null; sessions: number }>(`SELECT SUM(minutes) AS minutes, COUNT(*) AS sessions FROM sessions WHERE volunteer_id = ? AND ${CREDITED}`),
    byCategory: db.prepare<[string], { key: string; minutes: number; sessions: number }>(
      `SELECT COALESCE(category, '${DEFAULT_SERVICE_CATEGORY}') AS key, SUM(minutes) AS minutes, COUNT(*) AS sessions FROM sessions
       WHERE volunteer_id = ? AND ${CREDITED} GROUP BY 1 ORDER BY 2 DESC, 1`,
    ),
    byMonth: db.prepare<[string], { key: string; minutes: number; sessions: number }>(
      `SELECT substr(local_date, 1, 7) AS key, SUM(minutes) AS minutes, COUNT(*) AS sessions FROM sessions
       WHERE volunteer_id = ? AND ${CREDITED} GROUP BY 1 ORDER BY 1 DESC`,
    ),
    recent: db.prepare<[string, number], RecordedSessionRow>(
      'SELECT id, station_id, category, local_date, started_at, ended_at, minutes, points, needs_review FROM sessions WHERE volunteer_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
    ),
    star: db.prepare<[string], { volunteer_id: string; star: number; awarded_at: string; awarded_by: string; application_id: string | null }>('SELECT * FROM volunteer_stars WHERE volunteer_id = ?'),
    setStar: db.prepare(
      `INSERT INTO volunteer_stars (volunteer_id, star, awarded_at, awarded_by, application_id) VALUES (@volunteerId, @star, @at, @by, @applicationId)
       ON CONFLICT(volunteer_id) DO UPDATE SET star = excluded.star, awarded_at = excluded.awarded_at, awarded_by = excluded.awarded_by, application_id = excluded.application_id`,
    ),
    pending: db.prepare<[string], ApplicationRow>(`SELECT * FROM star_applications WHERE volunteer_id = ? AND status = 'pending'`),
    application: db.prepare<[string], ApplicationRow>('SELECT * FROM star_applications WHERE id = ?'),
    insertApplication: db.prepare(
      `INSERT INTO star_applications (id, volunteer_id, star, minutes, applied_at, status) VALUES (@id, @volunteerId, @star, @minutes, @at, 'pending')`,
    ),
    decide: db.prepare(`UPDATE star_applications SET status = @status, decided_at = @at, decided_by = @actor, reason = @reason WHERE id = @id AND status = 'pending'`),
    applications: db.prepare<[string | null, string | null, string | null, string | null, string | null, string | null, number], ApplicationRow>(
      `SELECT a.* FROM star_applications a JOIN volunteers v ON v.id = a.volunteer_id
       WHERE (? IS NULL OR a.status = ?) AND (? IS NULL OR a.volunteer_id = ?) AND (? IS NULL OR v.team_id = ?)
       ORDER BY a.applied_at DESC, a.id DESC LIMIT ?`,
    ),
    audit: db.prepare('INSERT INTO audit_log (at, actor, action, volunteer_id, detail) VALUES (?, ?, ?, ?, ?)'),
    expiryCandidates: db.prepare<[string], { volunteer_id: string }>(
      `SELECT DISTINCT e.volunteer_id FROM ledger_entries e
       WHERE e.kind = 'earned' AND e.at <= ? AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.request_id = '${EXPIRY_REQUEST_PREFIX}' || e.id)`,
    ),
    allEntries: db.prepare<[string], LedgerRow>('SELECT * FROM ledger_entries WHERE volunteer_id = ? ORDER BY id'),
    team: db.prepare<[string], TeamRow>('SELECT * FROM teams WHERE id = ?'),
    teams: db.prepare<[], TeamRow>('SELECT * FROM teams ORDER BY id'),
    insertTeam: db.prepare('INSERT INTO teams (id, name, leader_volunteer_id) VALUES (?, ?, ?)'),
    updateTeam: db.prepare('UPDATE teams SET name = ?, leader_volunteer_id = ? WHERE id = ?'),
    members: db.prepare<[string], TeamMemberRow>(
      `SELECT v.id, v.name, (SELECT SUM(minutes) FROM sessions s WHERE s.volunteer_id = v.id AND ${CREDITED}) AS minutes,
         (SELECT COUNT(*) FROM sessions s WHERE s.volunteer_id = v.id AND ${CREDITED}) AS sessions,
         (SELECT star FROM volunteer_stars st WHERE st.volunteer_id = v.id) AS star
       FROM volunteers v WHERE v.team_id = ? ORDER BY v.id`,
    ),
    teamOf: db.prepare<[string], { team_id: string | null }>('SELECT team_id FROM volunteers WHERE id = ?'),
  };

  const minutesOf = (volunteerId: string): number => s.minutes.get(volunteerId)?.minutes ?? 0;

  function starOfInTx(volunteerId: string): number {
    return s.star.get(volunteerId)?.star ?? 0;
  }

  function awardInTx(volunteerId: string, star: number, at: string, by: string, applicationId: string | null, reason?: string): boolean {
    const before = starOfInTx(volunteerId);
    if (!awardRaises(before, star) || !s.volunteerExists.get(volunteerId)) return false;
    s.setStar.run({ volunteerId, star, at, by, applicationId });
    s.audit.run(at, by, 'star-awarded', volunteerId, JSON.stringify(awardAuditDetail(before, star, applicationId, reason)));
    return true;
  }

  /** Auto mode, after a check-out: award the star the hours now reach. */
  function promoteInTx(volunteerId: string, rules: TimeBankRules, at: string): void {
    if (rules.stars?.mode !== 'auto') return;
    awardInTx(volunteerId, starForHours(minutesOf(volunteerId) / 60, rules.stars.thresholdsHours), at, 'central', null);
  }

  function expireVolunteerInTx(volunteerId: string, nowMs: number, years: number): number {
    const entries = s.allEntries.all(volunteerId).map(entryFromRow);
    let appended = 0;
    for (const write of expiryWrites(volunteerId, entries, nowMs, years)) {
      const outcome = ledger.appendInTx(write);
      if (outcome.ok && !outcome.repeated) appended++;
    }
    return appended;
  }

  const store: BankStore = {
    serviceRecord: async (volunteerId) => {
      const total = s.minutes.get(volunteerId);
      return {
        volunteerId,
        totalMinutes: total?.minutes ?? 0,
        sessions: total?.sessions ?? 0,
        byCategory: s.byCategory.all(volunteerId).map((r) => ({ key: r.key as ServiceCategoryId, minutes: r.minutes, sessions: r.sessions })),
        byMonth: s.byMonth.all(volunteerId),
      };
    },
    recentSessions: async (volunteerId, limit = 20) => s.recent.all(volunteerId, Math.min(Math.max(1, limit), 200)).map(recordedSessionFromRow),
    awardedStar: async (volunteerId) => {
      const row = s.star.get(volunteerId);
      if (!row) return undefined;
      const star: AwardedStar = { volunteerId, star: row.star, awardedAt: row.awarded_at, awardedBy: row.awarded_by };
      return row.application_id !== null ? { ...star, applicationId: row.application_id } : star;
    },
    awardStar: async (volunteerId, star, at, awardedBy, reason) => db.transaction(() => awardInTx(volunteerId, star, at, awardedBy, null, reason)).immediate(),
    applyForStar: async ({ id, volunteerId, star, at }) =>
      db
        .transaction(() => {
          if (!s.volunteerExists.get(volunteerId)) return { ok: false, reason: 'unknown-volunteer' } as const;
          const pending = s.pending.get(volunteerId);
          if (pending) return { ok: true, application: applicationFromRow(pending), repeated: true } as const;
          if (!applicationEligible(starOfInTx(volunteerId), star)) return { ok: false, reason: 'not-eligible' } as const;
          const minutes = minutesOf(volunteerId);
          s.insertApplication.run({ id, volunteerId, star, minutes, at });
          s.audit.run(at, 'phone', 'star-applied', volunteerId, JSON.stringify({ applicationId: id, star, minutes }));
          return { ok: true, application: applicationFromRow(s.application.get(id)!), repeated: false } as const;
        })
        .immediate(),
    listStarApplications: async (query = {}) => {
      const status = query.status ?? null;
      const volunteerId = query.volunteerId ?? null;
      const teamId = query.teamId ?? null;
      return s.applications.all(status, status, volunteerId, volunteerId, teamId, teamId, Math.min(query.limit ?? 200, 1000)).map(applicationFromRow);
    },
    findStarApplication: async (id) => {
      const row = s.application.get(id);
      return row ? applicationFromRow(row) : undefined;
    },
    decideStarApplication: async ({ id, decision, actor, reason, at }) =>
      db
        .transaction(() => {
          const row = s.application.get(id);
          if (!row) return { ok: false, reason: 'unknown-application' } as const;
          if (row.status !== 'pending') return decidedAgain(row, decision, actor);
          s.decide.run({ id, status: decision, at, actor, reason: reason ?? null });
          const from = starOfInTx(row.volunteer_id);
          if (decision === 'approved') awardInTx(row.volunteer_id, row.star, at, actor, id);
          s.audit.run(at, actor, decision === 'approved' ? 'star-approved' : 'star-declined', row.volunteer_id, JSON.stringify(decisionAuditDetail(row, decision, from, reason)));
          return { ok: true, application: applicationFromRow(s.application.get(id)!), repeated: false } as const;
        })
        .immediate(),
    expirePoints: async (nowMs, years) => {
      // Candidates: volunteers with an earned entry at least `years` old and not yet expired.
      const latest = new Date(nowMs);
      latest.setUTCFullYear(latest.getUTCFullYear() - years);
      let appended = 0;
      for (const { volunteer_id: volunteerId } of s.expiryCandidates.all(latest.toISOString())) {
        appended += db.transaction(() => expireVolunteerInTx(volunteerId, nowMs, years)).immediate();
      }
      return appended;
    },
    upsertTeams: async (teams) =>
      db.transaction(() => {
        let created = 0;
        let updated = 0;
        for (const team of teams) {
          if (s.team.get(team.id)) {
            s.updateTeam.run(team.name, team.leaderVolunteerId ?? null, team.id);
            updated++;
          } else {
            s.insertTeam.run(team.id, team.name, team.leaderVolunteerId ?? null);
            created++;
          }
        }
        return { created, updated };
      }).immediate(),
    listTeams: async () => s.teams.all().map(teamFromRow),
    teamFigures: async (teamId) => {
      const team = s.team.get(teamId);
      return team ? teamFiguresOf(team, s.members.all(teamId)) : undefined;
    },
    teamOf: async (volunteerId) => s.teamOf.get(volunteerId)?.team_id ?? undefined,
  };

  return { starOfInTx, promoteInTx, store };
}

/** The SQLite report queries (report-store.ts): plain GROUP BYs over sessions, read-only. */
import type Database from 'better-sqlite3';
import type { ReportStore, ServiceFigureQuery, VolunteerTotal } from './report-store.ts';
import { CREDITED_SESSION_SQL, mergeFigureGroups, type FigureGroupRow } from './report-rows.ts';
const FILTER = `s.local_date BETWEEN @from AND @to
  AND (@stations IS NULL OR s.station_id IN (SELECT value FROM json_each(@stations)))
  AND (@team IS NULL OR v.team_id = @team)
  AND (@volunteer IS NULL OR s.volunteer_id = @volunteer)
  AND ${CREDITED_SESSION_SQL}`;

function params(query: ServiceFigureQuery) {
  return {
    from: query.fromDate,
    to: query.toDate,
    stations: query.stationIds ? JSON.stringify(query.stationIds) : null,
    team: query.teamId ?? null,
    volunteer: query.volunteerId ?? null,
  };
}

export function createSqliteReports(db: Database.Database): ReportStore {
  const figures = db.prepare<ReturnType<typeof params>, FigureGroupRow>(
    `SELECT substr(s.local_date, 1, 7) AS month, s.station_id, s.category, v.team_id, SUM(s.minutes) AS minutes, COUNT(*) AS events
     FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id
     WHERE ${FILTER}
     GROUP BY month, s.station_id, s.category, v.team_id
     ORDER BY month, s.station_id, s.category, v.team_id`,
  );
  const top = db.prepare<ReturnType<typeof params> & { limit: number }, VolunteerTotal>(
    `SELECT s.volunteer_id AS volunteerId, v.name AS name, SUM(s.minutes) AS minutes, COUNT(*) AS events
     FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id
     WHERE ${FILTER}
     GROUP BY s.volunteer_id ORDER BY minutes DESC, s.volunteer_id LIMIT @limit`,
  );
  const teams = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM teams ORDER BY id');
  return {
    async serviceFigures(query) {
      return mergeFigureGroups(figures.all(params(query)));
    },
    async topVolunteers(query, limit) {
      return top.all({ ...params(query), limit });
    },
    async teams() {
      return teams.all();
    },
  };
}

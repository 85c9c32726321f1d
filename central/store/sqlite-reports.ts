/** The SQLite report queries (report-store.ts): plain GROUP BYs over sessions, read-only. */
import type Database from 'better-sqlite3';
import { DEFAULT_SERVICE_CATEGORY, isServiceCategory } from '../../shared/index.ts';
import type { ReportStore, ServiceFigureQuery, ServiceFigureRow, VolunteerTotal } from './report-store.ts';

/** The definition of a service event (report-store.ts), in one place. */
const CREDITED = 's.ended_at IS NOT NULL AND s.needs_review = 0 AND s.minutes > 0';
const FILTER = `s.local_date BETWEEN @from AND @to
  AND (@stations IS NULL OR s.station_id IN (SELECT value FROM json_each(@stations)))
  AND (@team IS NULL OR v.team_id = @team)
  AND (@volunteer IS NULL OR s.volunteer_id = @volunteer)
  AND ${CREDITED}`;

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
  const figures = db.prepare<ReturnType<typeof params>, { month: string; station_id: string; category: string | null; team_id: string | null; minutes: number; events: number }>(
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
      // Uncategorised rows (before protocol v2) and the default merge into one group.
      const merged = new Map<string, ServiceFigureRow>();
      for (const row of figures.all(params(query))) {
        const category = isServiceCategory(row.category) ? row.category : DEFAULT_SERVICE_CATEGORY;
        const key = JSON.stringify([row.month, row.station_id, category, row.team_id]);
        const seen = merged.get(key);
        if (seen) {
          seen.minutes += row.minutes;
          seen.events += row.events;
        } else merged.set(key, { month: row.month, stationId: row.station_id, category, teamId: row.team_id, minutes: row.minutes, events: row.events });
      }
      return [...merged.values()];
    },
    async topVolunteers(query, limit) {
      return top.all({ ...params(query), limit });
    },
    async teams() {
      return teams.all();
    },
  };
}

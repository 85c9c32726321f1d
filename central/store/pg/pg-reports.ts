/**
 * The PostgreSQL ReportStore (report-store.ts): the GROUP BYs of sqlite-reports.ts, read
 * from the pool. Orders use COLLATE "C" and NULLS FIRST so the rows come in SQLite's order
 * (bytewise text, NULL lowest) whatever the database's locale; the contract compares them.
 */
import type pg from 'pg';
import type { ReportStore, ServiceFigureQuery, VolunteerTotal } from '../report-store.ts';
import { CREDITED_SESSION_SQL, mergeFigureGroups, type FigureGroupRow } from '../report-rows.ts';

const FILTER = `s.local_date BETWEEN $1 AND $2
  AND ($3::text[] IS NULL OR s.station_id = ANY($3::text[]))
  AND ($4::text IS NULL OR v.team_id = $4)
  AND ($5::text IS NULL OR s.volunteer_id = $5)
  AND ${CREDITED_SESSION_SQL}`;

function params(query: ServiceFigureQuery): unknown[] {
  return [query.fromDate, query.toDate, query.stationIds ? [...query.stationIds] : null, query.teamId ?? null, query.volunteerId ?? null];
}

export function createPgReports(pool: pg.Pool): ReportStore {
  return {
    async serviceFigures(query) {
      const { rows } = await pool.query<FigureGroupRow>(
        `SELECT substr(s.local_date, 1, 7) AS month, s.station_id, s.category, v.team_id, SUM(s.minutes) AS minutes, COUNT(*) AS events
         FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id
         WHERE ${FILTER}
         GROUP BY 1, 2, 3, 4
         ORDER BY substr(s.local_date, 1, 7) COLLATE "C", s.station_id COLLATE "C", s.category COLLATE "C" NULLS FIRST, v.team_id COLLATE "C" NULLS FIRST`,
        params(query),
      );
      return mergeFigureGroups(rows);
    },
    async topVolunteers(query, limit) {
      const { rows } = await pool.query<VolunteerTotal>(
        `SELECT s.volunteer_id AS "volunteerId", v.name AS name, SUM(s.minutes) AS minutes, COUNT(*) AS events
         FROM sessions s JOIN volunteers v ON v.id = s.volunteer_id
         WHERE ${FILTER}
         GROUP BY s.volunteer_id, v.name ORDER BY minutes DESC, s.volunteer_id COLLATE "C" LIMIT $6`,
        [...params(query), limit],
      );
      return rows;
    },
    async teams() {
      const { rows } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM teams ORDER BY id COLLATE "C"');
      return rows;
    },
  };
}

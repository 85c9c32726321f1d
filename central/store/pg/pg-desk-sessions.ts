/** The desk sessions (desk-session-store.ts) in PostgreSQL: single statements, the state as compare-and-set. */
import type pg from 'pg';
import { deskSessionOf, deskSessionParams, deskSessionsSchema, OPEN_DESK_STATES, type DeskSessionRow, type DeskSessionStore } from '../desk-session-store.ts';

export const PG_DESK_SESSIONS_SCHEMA = `${deskSessionsSchema('bigint')}
  ALTER TABLE desk_sessions ADD COLUMN created_seq bigserial;
`;

const COLUMNS = 'id, request_id, station_id, state, checkin_id, expires_at_ms, settled_at_ms, data';

export function createPgDeskSessions(pool: pg.Pool): DeskSessionStore {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await pool.query<DeskSessionRow>(sql, params);
    return rows[0] ? deskSessionOf(rows[0]) : undefined;
  };
  return {
    openDeskSession: async (session) => {
      const inserted = await pool.query(
        `INSERT INTO desk_sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (request_id) DO NOTHING`,
        deskSessionParams(session),
      );
      // RETURNING gives nothing on a conflict: read the stored one.
      return { session: (await one('SELECT data FROM desk_sessions WHERE request_id = $1', [session.requestId]))!, created: inserted.rowCount === 1 };
    },
    deskSession: (id) => one('SELECT data FROM desk_sessions WHERE id = $1', [id]),
    deskSessionsAt: async (stationId, states) => {
      const { rows } = await pool.query<DeskSessionRow>('SELECT data FROM desk_sessions WHERE station_id = $1 AND state = ANY($2) ORDER BY created_seq', [stationId, [...states]]);
      return rows.map(deskSessionOf);
    },
    deskSessionOfCheckin: (stationId, checkinId) =>
      one('SELECT data FROM desk_sessions WHERE station_id = $1 AND checkin_id = $2 ORDER BY created_seq DESC LIMIT 1', [stationId, checkinId]),
    dueDeskSessions: async (nowMs) => {
      const { rows } = await pool.query<DeskSessionRow>('SELECT data FROM desk_sessions WHERE state = ANY($1) AND expires_at_ms <= $2 ORDER BY created_seq', [[...OPEN_DESK_STATES], nowMs]);
      return rows.map(deskSessionOf);
    },
    updateDeskSession: async (session, expected) => {
      const [id, , , state, checkinId, expiresAtMs, settledAtMs, data] = deskSessionParams(session);
      const result = await pool.query(
        'UPDATE desk_sessions SET state = $1, checkin_id = $2, expires_at_ms = $3, settled_at_ms = $4, data = $5 WHERE id = $6 AND state = $7',
        [state, checkinId, expiresAtMs, settledAtMs, data, id, expected],
      );
      return result.rowCount === 1;
    },
    pruneDeskSessions: async (beforeMs) => {
      await pool.query('DELETE FROM desk_sessions WHERE settled_at_ms IS NOT NULL AND settled_at_ms < $1', [beforeMs]);
    },
  };
}

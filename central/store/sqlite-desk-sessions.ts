/** The desk sessions (desk-session-store.ts) in SQLite. */
import type Database from 'better-sqlite3';
import { deskSessionOf, deskSessionParams, OPEN_DESK_STATES, type DeskSessionRow, type DeskSessionStore } from './desk-session-store.ts';

const COLUMNS = 'id, request_id, station_id, state, checkin_id, expires_at_ms, settled_at_ms, data';

export function createSqliteDeskSessions(db: Database.Database): DeskSessionStore {
  const insert = db.prepare(`INSERT INTO desk_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`);
  const byId = db.prepare<[string], DeskSessionRow>('SELECT data FROM desk_sessions WHERE id = ?');
  const byRequest = db.prepare<[string], DeskSessionRow>('SELECT data FROM desk_sessions WHERE request_id = ?');
  const byCheckin = db.prepare<[string, string], DeskSessionRow>('SELECT data FROM desk_sessions WHERE station_id = ? AND checkin_id = ? ORDER BY rowid DESC LIMIT 1');
  const update = db.prepare(
    'UPDATE desk_sessions SET state = ?, checkin_id = ?, expires_at_ms = ?, settled_at_ms = ?, data = ? WHERE id = ? AND state = ?',
  );
  const prune = db.prepare('DELETE FROM desk_sessions WHERE settled_at_ms IS NOT NULL AND settled_at_ms < ?');
  const open = OPEN_DESK_STATES.map(() => '?').join(', ');
  const due = db.prepare<unknown[], DeskSessionRow>(`SELECT data FROM desk_sessions WHERE state IN (${open}) AND expires_at_ms <= ? ORDER BY rowid`);
  return {
    openDeskSession: async (session) => {
      const created = insert.run(...deskSessionParams(session)).changes === 1;
      return { session: deskSessionOf(byRequest.get(session.requestId)!), created };
    },
    deskSession: async (id) => {
      const row = byId.get(id);
      return row ? deskSessionOf(row) : undefined;
    },
    deskSessionsAt: async (stationId, states) => {
      if (states.length === 0) return [];
      const rows = db
        .prepare<unknown[], DeskSessionRow>(`SELECT data FROM desk_sessions WHERE station_id = ? AND state IN (${states.map(() => '?').join(', ')}) ORDER BY rowid`)
        .all(stationId, ...states);
      return rows.map(deskSessionOf);
    },
    deskSessionOfCheckin: async (stationId, checkinId) => {
      const row = byCheckin.get(stationId, checkinId);
      return row ? deskSessionOf(row) : undefined;
    },
    dueDeskSessions: async (nowMs) => due.all(...OPEN_DESK_STATES, nowMs).map(deskSessionOf),
    updateDeskSession: async (session, expected) => {
      const [id, , , state, checkinId, expiresAtMs, settledAtMs, data] = deskSessionParams(session);
      return update.run(state, checkinId, expiresAtMs, settledAtMs, data, id, expected).changes === 1;
    },
    pruneDeskSessions: async (beforeMs) => {
      prune.run(beforeMs);
    },
  };
}

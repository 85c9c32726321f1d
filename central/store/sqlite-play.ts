/** The SQLite proof-of-play hours (play-store.ts). */
import type Database from 'better-sqlite3';
import { PLAY_COLUMNS, playHourOf, playHoursSql, playQueryParams, playRowParams, type PlayHourRow, type PlayStore } from './play-store.ts';

export function createSqlitePlay(db: Database.Database): PlayStore {
  const record = db.prepare(`INSERT OR REPLACE INTO play_hours (${PLAY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
  return {
    recordHour: async (hour) => {
      record.run(...playRowParams(hour));
    },
    hoursFor: async (query) =>
      db
        .prepare<(string | number)[], PlayHourRow>(playHoursSql(() => '?', query))
        .all(...playQueryParams(query))
        .map(playHourOf),
  };
}

/** The PostgreSQL proof-of-play hours (play-store.ts). */
import type pg from 'pg';
import { PLAY_COLUMNS, playHourOf, playHoursSql, playQueryParams, playRowParams, playSchema, type PlayHourRow, type PlayStore } from '../play-store.ts';

export const PG_PLAY_SCHEMA = playSchema('pg');

export function createPgPlay(pool: pg.Pool): PlayStore {
  return {
    recordHour: async (hour) => {
      await pool.query(
        `INSERT INTO play_hours (${PLAY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kiosk_id, hour_ms) DO UPDATE SET station_id = EXCLUDED.station_id, site_id = EXCLUDED.site_id, entries = EXCLUDED.entries, received_at_ms = EXCLUDED.received_at_ms`,
        playRowParams(hour),
      );
    },
    hoursFor: async (query) => (await pool.query<PlayHourRow>(playHoursSql((i) => `$${i}`, query), playQueryParams(query))).rows.map(playHourOf),
  };
}

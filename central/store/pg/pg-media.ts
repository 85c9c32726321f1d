/** The PostgreSQL photos (media-store.ts). */
import type pg from 'pg';
import { MEDIA_COLUMNS, MEDIA_SIZES_SQL, mediaGetSql, mediaRowParams, mediaSchema, mediaVariantOf, type MediaRow, type MediaStore } from '../media-store.ts';
import { inTransaction } from './pg-tx.ts';

export const PG_MEDIA_SCHEMA = mediaSchema('pg');

export function createPgMedia(pool: pg.Pool): MediaStore {
  return {
    // All widths or none; ON CONFLICT makes the same upload twice (or at once on two replicas) one set of rows.
    put: (upload) =>
      inTransaction(pool, async (tx) => {
        let created = false;
        for (const variant of upload.variants) {
          const result = await tx.query(`INSERT INTO media (${MEDIA_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id, width) DO NOTHING`, mediaRowParams(upload, variant));
          created ||= (result.rowCount ?? 0) > 0;
        }
        return { created };
      }, 'READ COMMITTED'),
    get: async (id, width) => {
      const { rows } = await pool.query<MediaRow>(mediaGetSql((i) => `$${i}`, width !== undefined), width === undefined ? [id] : [id, width]);
      return rows[0] ? mediaVariantOf(rows[0]) : undefined;
    },
    sizes: async (id) => (await pool.query<{ width: number; height: number; bytes: number }>(MEDIA_SIZES_SQL('$1'), [id])).rows,
    known: async (ids) => {
      if (ids.length === 0) return new Set();
      const { rows } = await pool.query<{ id: string }>('SELECT DISTINCT id FROM media WHERE id = ANY($1::text[])', [ids]);
      return new Set(rows.map((row) => row.id));
    },
  };
}

/** The SQLite photos (media-store.ts). */
import type Database from 'better-sqlite3';
import { MEDIA_COLUMNS, MEDIA_SIZES_SQL, mediaGetSql, mediaRowParams, mediaVariantOf, type MediaRow, type MediaStore } from './media-store.ts';

export function createSqliteMedia(db: Database.Database): MediaStore {
  const insert = db.prepare(`INSERT INTO media (${MEDIA_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id, width) DO NOTHING`);
  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM media WHERE id = ? LIMIT 1');
  const put = db.transaction((upload: Parameters<MediaStore['put']>[0]) => {
    if (exists.get(upload.id)) return { created: false };
    for (const variant of upload.variants) insert.run(...mediaRowParams(upload, variant));
    return { created: true };
  });
  return {
    put: async (upload) => put(upload),
    get: async (id, width) => {
      const row = db.prepare<(string | number)[], MediaRow>(mediaGetSql(() => '?', width !== undefined)).get(...(width === undefined ? [id] : [id, width]));
      return row ? mediaVariantOf(row) : undefined;
    },
    sizes: async (id) => db.prepare<[string], { width: number; height: number; bytes: number }>(MEDIA_SIZES_SQL('?')).all(id),
    known: async (ids) => {
      if (ids.length === 0) return new Set();
      const rows = db.prepare<string[], { id: string }>(`SELECT DISTINCT id FROM media WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
      return new Set(rows.map((row) => row.id));
    },
  };
}

/**
 * Content versions in PostgreSQL (content-version-store.ts). An append is one INSERT of
 * `baseVersion + 1` guarded by "baseVersion is the latest"; two replicas appending the
 * same version at once meet at the primary key, and the loser is answered as a conflict.
 */
import type pg from 'pg';
import { CONTENT_VERSIONS_TABLE, headerFromRow, versionFromRow, type ContentVersionRow, type ContentVersionStore } from '../content-version-store.ts';

export const PG_CONTENT_VERSIONS_SCHEMA = CONTENT_VERSIONS_TABLE('bigint');

const UNIQUE_VIOLATION = '23505';

export function createPgContentVersions(pool: pg.Pool): ContentVersionStore {
  const latestHeader = async () => {
    const { rows } = await pool.query<ContentVersionRow>('SELECT version, at, by_whom, summary FROM content_versions ORDER BY version DESC LIMIT 1');
    return rows[0] && headerFromRow(rows[0]);
  };
  return {
    latest: async () => {
      const { rows } = await pool.query<ContentVersionRow>('SELECT * FROM content_versions ORDER BY version DESC LIMIT 1');
      return rows[0] && versionFromRow(rows[0]);
    },
    get: async (version) => {
      const { rows } = await pool.query<ContentVersionRow>('SELECT * FROM content_versions WHERE version = $1', [version]);
      return rows[0] && versionFromRow(rows[0]);
    },
    list: async () => (await pool.query<ContentVersionRow>('SELECT version, at, by_whom, summary FROM content_versions ORDER BY version DESC')).rows.map(headerFromRow),
    append: async (next) => {
      const version = next.baseVersion + 1;
      try {
        const inserted = await pool.query(
          `INSERT INTO content_versions (version, at, by_whom, summary, content)
             SELECT $1::bigint, $2, $3, $4, $5 WHERE (SELECT coalesce(max(version), 0) FROM content_versions) = $1::bigint - 1`,
          [version, next.at, next.by, next.summary, JSON.stringify(next.content)],
        );
        if (inserted.rowCount === 1) return { kind: 'appended', version: { version, at: next.at, by: next.by, summary: next.summary } };
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      }
      const current = await latestHeader();
      return { kind: 'conflict', ...(current ? { current } : {}) };
    },
  };
}

/** Content versions in SQLite (content-version-store.ts); one IMMEDIATE transaction per append. */
import type Database from 'better-sqlite3';
import { headerFromRow, versionFromRow, type ContentVersionRow, type ContentVersionStore } from './content-version-store.ts';

export function createSqliteContentVersions(db: Database.Database): ContentVersionStore {
  const latest = db.prepare<[], ContentVersionRow>('SELECT * FROM content_versions ORDER BY version DESC LIMIT 1');
  const get = db.prepare<[number], ContentVersionRow>('SELECT * FROM content_versions WHERE version = ?');
  const list = db.prepare<[], ContentVersionRow>('SELECT version, at, by_whom, summary FROM content_versions ORDER BY version DESC');
  const insert = db.prepare<[number, string, string, string, string]>('INSERT INTO content_versions (version, at, by_whom, summary, content) VALUES (?, ?, ?, ?, ?)');
  const append = db.transaction((next: Parameters<ContentVersionStore['append']>[0]) => {
    const current = latest.get();
    if ((current?.version ?? 0) !== next.baseVersion) {
      return { kind: 'conflict' as const, ...(current ? { current: headerFromRow(current) } : {}) };
    }
    const version = next.baseVersion + 1;
    insert.run(version, next.at, next.by, next.summary, JSON.stringify(next.content));
    return { kind: 'appended' as const, version: { version, at: next.at, by: next.by, summary: next.summary } };
  });
  return {
    latest: async () => {
      const row = latest.get();
      return row && versionFromRow(row);
    },
    get: async (version) => {
      const row = get.get(version);
      return row && versionFromRow(row);
    },
    list: async () => list.all().map(headerFromRow),
    append: async (next) => append.immediate(next),
  };
}

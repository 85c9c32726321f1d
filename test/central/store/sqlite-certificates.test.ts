// SQLite specifics of migration 9: it exists whatever order the time bank migrations merge in, and a certificate row cannot be deleted.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../central/store/sqlite-migrations.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';

describe('SQLite migration 9: certificates', () => {
  it('is present once, and migrations stay in ascending order', () => {
    expect(SQLITE_MIGRATIONS.filter((m) => m.version === 9)).toHaveLength(1);
    const versions = SQLITE_MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('never deletes a certificate', async () => {
    const db = new Database(':memory:');
    const store = new SqliteStore(db);
    await store.migrate();
    await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: [] }]);
    await store.certificates.insert({ id: 'C-AAAAAAAAAAAAAAAA', volunteerId: 'V-1', keyId: 'k', statement: '{}', signature: 's', issuedAt: '2026-12-01T00:00:00.000Z' });
    expect(() => db.prepare('DELETE FROM certificates').run()).toThrow(/certificates are never deleted; revoke them/);
    expect(await store.certificates.find('C-AAAAAAAAAAAAAAAA')).toBeDefined();
    await store.close();
  });
});

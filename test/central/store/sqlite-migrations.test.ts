// Upgrading a real v1 database file: what each later migration does to the data it finds.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../central/store/sqlite-migrations.ts';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../central/store/sqlite-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 6 };

/** A database as a v1 central left it. */
function v1Database(seed: (db: Database.Database) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'central-migrate-'));
  const db = new Database(join(dir, SQLITE_FILE_NAME));
  db.exec(SQLITE_MIGRATIONS[0]!.sql);
  db.pragma('user_version = 1');
  seed(db);
  db.close();
  return dir;
}

const insertSession = (db: Database.Database, row: { id: string; volunteer: string; startedAt: string; endedAt?: string; closedBy?: string; needsReview?: number }) =>
  db
    .prepare(
      `INSERT INTO sessions (id, volunteer_id, station_id, local_date, started_at, ended_at, minutes, points, closed_by, needs_review, open_checkin_id)
       VALUES (?, ?, 'ST-0001', substr(?, 1, 10), ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(row.id, row.volunteer, row.startedAt, row.startedAt, row.endedAt ?? null, row.endedAt ? 60 : null, row.endedAt ? 0 : null, row.closedBy ?? null, row.needsReview ?? 0, row.id);

describe('SQLite migrations from a v1 database', () => {
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('closes a session a v1 central opened in the future (at = 2030), for review, so the volunteer taps in again', async () => {
    const dir = v1Database((db) => {
      db.prepare("INSERT INTO volunteers (id, name, points, updated_at) VALUES ('V-1', '张三丰', 0, '2026-11-01T00:00:00.000Z')").run();
      db.prepare("INSERT INTO cards (uid, volunteer_id) VALUES ('04A1B2C3', 'V-1')").run();
      db.prepare("INSERT INTO volunteers (id, name, points, updated_at) VALUES ('V-2', 'John Smith', 0, '2026-11-01T00:00:00.000Z')").run();
      insertSession(db, { id: 'S-FUTURE', volunteer: 'V-1', startedAt: '2030-01-01T00:00:00.000Z' });
      insertSession(db, { id: 'S-CUTOFF', volunteer: 'V-2', startedAt: '2026-11-28T01:00:00.000Z', endedAt: '2026-11-28T15:30:00.000Z', closedBy: 'auto-cutoff', needsReview: 1 });
    });
    store = SqliteStore.open(dir);
    await store.migrate();
    const all = await store.listSessions({ fromDate: '2026-01-01', toDate: '2030-12-31' });
    expect(all.map((s) => [s.id, s.endedAt, s.minutes, s.points, s.closedBy, s.needsReview, s.reviewReasons])).toEqual([
      ['S-CUTOFF', '2026-11-28T15:30:00.000Z', 60, 0, 'auto-cutoff', true, ['auto-cutoff']],
      ['S-FUTURE', '2030-01-01T00:00:00.000Z', 0, 0, 'clock-rule', true, ['clock-ahead']],
    ]);
    // The volunteer is no longer stuck behind the 2030 session: a real tap opens a new one.
    const now = new Date().toISOString();
    const [tap] = await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: 1, at: now }], rules, now);
    expect(tap).toMatchObject({ kind: 'recorded', result: { status: 'accepted', direction: 'in' } });
  });

  it('drops the phone hashes and their key, leaving neither anywhere in the database file', async () => {
    const key = 'Zm9yLXRlc3RzLW9ubHktYS1waG9uZS1oYXNoLWtleQ';
    const hash = `hmac-sha256:${'ab12'.repeat(16)}`;
    const dir = v1Database((db) => {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('phone-hash-key', key);
      db.prepare("INSERT INTO volunteers (id, name, phone_hash, points, updated_at) VALUES ('V-1', '张三丰', ?, 0, '2026-11-01T00:00:00.000Z')").run(hash);
    });
    store = SqliteStore.open(dir);
    await store.migrate();
    expect(await store.getMeta('phone-hash-key')).toBeUndefined();
    expect(await store.findVolunteer('V-1')).toEqual({ id: 'V-1', name: '张三丰', cards: [] });
    await store.close();
    store = undefined;
    const raw = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(raw.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'volunteers\')').all().map((c) => c.name)).not.toContain('phone_hash');
    raw.close();
    for (const file of [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`].map((name) => join(dir, name)).filter(existsSync)) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes.includes(key), `${file} still holds the phone-hash key`).toBe(false);
      expect(bytes.includes(hash.slice('hmac-sha256:'.length)), `${file} still holds a phone hash`).toBe(false);
    }
  });

  it('turns the points earned before the ledger into earned entries, one per session, with running balances', async () => {
    const dir = v1Database((db) => {
      db.prepare("INSERT INTO volunteers (id, name, points, updated_at) VALUES ('V-1', '张三丰', 9, '2026-11-01T00:00:00.000Z')").run();
      insertSession(db, { id: 'S-1', volunteer: 'V-1', startedAt: '2026-11-27T01:00:00.000Z', endedAt: '2026-11-27T04:00:00.000Z', closedBy: 'tap' });
      insertSession(db, { id: 'S-2', volunteer: 'V-1', startedAt: '2026-11-28T01:00:00.000Z', endedAt: '2026-11-28T02:30:00.000Z', closedBy: 'tap' });
      db.prepare("UPDATE sessions SET points = 6 WHERE id = 'S-1'").run();
      db.prepare("UPDATE sessions SET points = 3 WHERE id = 'S-2'").run();
    });
    store = SqliteStore.open(dir);
    await store.migrate();
    const page = await store.ledger.entries('V-1');
    expect(page.entries.map((e) => [e.requestId, e.kind, e.points, e.balanceAfter, e.sessionId])).toEqual([
      ['earned:S-2', 'earned', 3, 9, 'S-2'],
      ['earned:S-1', 'earned', 6, 6, 'S-1'],
    ]);
    expect(await store.ledger.balance('V-1')).toBe(9);
  });

  it('refuses to edit or delete a ledger entry, even in SQL', async () => {
    const dir = v1Database((db) => {
      db.prepare("INSERT INTO volunteers (id, name, points, updated_at) VALUES ('V-1', '张三丰', 0, '2026-11-01T00:00:00.000Z')").run();
    });
    store = SqliteStore.open(dir);
    await store.migrate();
    await store.ledger.append({ requestId: 'r-1', volunteerId: 'V-1', kind: 'adjusted', points: 5, at: '2026-11-29T00:00:00.000Z', actor: 'alice', reason: 'test' });
    await store.close();
    store = undefined;
    const raw = new Database(join(dir, SQLITE_FILE_NAME));
    expect(() => raw.prepare('UPDATE ledger_entries SET points = 500').run()).toThrow(/never edited/);
    expect(() => raw.prepare('DELETE FROM ledger_entries').run()).toThrow(/never deleted/);
    expect(() => raw.prepare("INSERT INTO ledger_entries (request_id, volunteer_id, kind, points, balance_after, at) VALUES ('r-2', 'V-1', 'adjusted', -9, -4, 'x')").run()).toThrow(/CHECK/);
    raw.close();
  });

  it('migration 6 (time bank): sessions from before it count under the default category, and one pending star application per volunteer holds even in SQL', async () => {
    const dir = v1Database((db) => {
      db.prepare("INSERT INTO volunteers (id, name, points, updated_at) VALUES ('V-1', '张三丰', 0, '2026-11-01T00:00:00.000Z')").run();
      insertSession(db, { id: 'S-1', volunteer: 'V-1', startedAt: '2026-11-27T01:00:00.000Z', endedAt: '2026-11-27T02:00:00.000Z', closedBy: 'tap' });
    });
    store = SqliteStore.open(dir);
    await store.migrate();
    // Found by its number, not by being the last: later parts append theirs after it.
    expect(SQLITE_MIGRATIONS.some((m) => m.version === 6)).toBe(true);
    expect(await store.bank.serviceRecord('V-1')).toMatchObject({ totalMinutes: 60, byCategory: [{ key: 'civilised-tourism', minutes: 60 }] });
    expect(await store.bank.applyForStar({ id: 'A-1', volunteerId: 'V-1', star: 1, at: '2026-11-29T00:00:00.000Z' })).toMatchObject({ ok: true });
    await store.close();
    store = undefined;
    const raw = new Database(join(dir, SQLITE_FILE_NAME));
    expect(() => raw.prepare("INSERT INTO star_applications (id, volunteer_id, star, minutes, applied_at, status) VALUES ('A-2', 'V-1', 1, 60, 'x', 'pending')").run()).toThrow(/UNIQUE/);
    expect(() => raw.prepare("INSERT INTO volunteer_stars (volunteer_id, star, awarded_at, awarded_by) VALUES ('V-1', 6, 'x', 'y')").run()).toThrow(/CHECK/);
    raw.close();
  });
});

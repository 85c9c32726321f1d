// Migration 8 (the review queue), found by its number rather than by being the last one, on a real SQLite file.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../central/store/sqlite-migrations.ts';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../central/store/sqlite-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
});

it('migration 8 keeps review decisions as they were made: never edited, never deleted', async () => {
  expect(SQLITE_MIGRATIONS.filter((m) => m.version === 8)).toHaveLength(1);
  const dir = mkdtempSync(join(tmpdir(), 'central-reviews-'));
  store = SqliteStore.open(dir);
  await store.migrate();
  await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
  await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: 1, at: '2026-11-29T01:00:00.000Z' }], rules, '2026-11-29T01:00:01.000Z');
  await store.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:30:00.000Z'));
  const [item] = await store.reviews.list();
  const decided = await store.reviews.decide(
    { requestId: randomUUID(), itemId: item!.id, outcome: 'decline', reason: 'not on the sheet', actor: 'manager:alice', at: '2026-11-30T01:00:00.000Z' },
    rules,
  );
  expect(decided.ok).toBe(true);
  await store.close();
  store = undefined;
  const db = new Database(join(dir, SQLITE_FILE_NAME));
  try {
    expect(() => db.prepare("UPDATE review_decisions SET reason = 'changed'").run()).toThrow(/never edited/);
    expect(() => db.prepare('DELETE FROM review_decisions').run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare("INSERT INTO review_decisions (item_id, request_id, volunteer_id, outcome, actor, decided_at, reason) VALUES (?, ?, 'V-1', 'credited', 'manager:bob', '2026-11-30T02:00:00.000Z', 'again')")
        .run(item!.id, randomUUID()),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM review_decisions').get()).toEqual({ n: 1 });
  } finally {
    db.close();
  }
});

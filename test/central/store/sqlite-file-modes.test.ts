// The central database and its folder are private whatever the umask: a card uid in
// them is all it takes to clone an EM4100 card. Modes are read from the real files.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../central/store/sqlite-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 6 };
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('SQLite store file modes', () => {
  let previousUmask: number;
  beforeEach(() => {
    // The most permissive umask: whatever stays private below is private by our doing.
    previousUmask = process.umask(0);
  });
  afterEach(() => {
    process.umask(previousUmask);
  });

  it('creates the data folders 0700 and central.sqlite, -wal and -shm 0600 under umask 000', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'central-modes-'));
    const dataDir = join(parent, 'var', 'central');
    const store = SqliteStore.open(dataDir);
    await store.migrate();
    await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
    const now = new Date().toISOString();
    await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: 1, at: now }], rules, now);
    const file = join(dataDir, SQLITE_FILE_NAME);
    // Checked while open: WAL mode keeps -wal and -shm beside the database until the last close.
    expect({ parentFolder: modeOf(join(parent, 'var')), dataDir: modeOf(dataDir), db: modeOf(file), wal: modeOf(`${file}-wal`), shm: modeOf(`${file}-shm`) }).toEqual({
      parentFolder: '700',
      dataDir: '700',
      db: '600',
      wal: '600',
      shm: '600',
    });
    await store.close();
  });

  it('tightens a database file an older central left 0644', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'central-modes-'));
    const file = join(dataDir, SQLITE_FILE_NAME);
    new Database(file).close();
    expect(modeOf(file)).toBe('644');
    const store = SqliteStore.open(dataDir);
    await store.migrate();
    expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    await store.close();
  });
});

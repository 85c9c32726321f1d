/**
 * The outbox on SQLite (better-sqlite3): WAL with `synchronous = FULL`, so a
 * committed append survives `kill -9` and power loss (SQLite docs, "PRAGMA
 * synchronous": FULL syncs the WAL on every commit). `seq` comes from a counter row
 * updated in the same transaction, so it stays contiguous across restarts and prunes.
 * The data directory is 0700 and the database, -wal and -shm files 0600 (they hold
 * full card uids), whatever the umask; looser modes found at open are tightened.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveredResult, NewCheckIn, Outbox, OutboxEntry, OutboxStats } from './outbox.ts';
import { ensurePrivateDir, ensurePrivateFile, type TightenedMode } from './private-files.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('last_seq', 0);
CREATE TABLE IF NOT EXISTS checkins (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  uid TEXT NOT NULL,
  tech TEXT NOT NULL,
  at TEXT NOT NULL,
  delivered_at TEXT,
  result_status TEXT
);
CREATE INDEX IF NOT EXISTS checkins_pending ON checkins (seq) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS checkins_delivered ON checkins (delivered_at) WHERE delivered_at IS NOT NULL;
`;

export const OUTBOX_FILE = 'outbox.sqlite';

export interface SqliteOutboxOptions {
  /** Open without writing (the `outbox` CLI next to a running agent). */
  readonly?: boolean;
}

export class SqliteOutbox implements Outbox {
  readonly db: Database.Database;
  /** Paths whose modes were looser than 0700/0600 at open, now tightened (for the start-up log). */
  readonly tightenedModes: TightenedMode[] = [];
  private readonly statements;
  private readonly appendTx: (checkIn: NewCheckIn) => OutboxEntry;

  constructor(dataDir: string, options: SqliteOutboxOptions = {}) {
    const file = join(dataDir, OUTBOX_FILE);
    if (!options.readonly) {
      ensurePrivateDir(dataDir, this.tightenedModes);
      ensurePrivateFile(file, this.tightenedModes);
      for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) ensurePrivateFile(companion, this.tightenedModes);
    }
    this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(SCHEMA);
    }
    this.statements = {
      nextSeq: this.db.prepare<[], { value: number }>("UPDATE meta SET value = value + 1 WHERE key = 'last_seq' RETURNING value"),
      insert: this.db.prepare('INSERT INTO checkins (seq, id, uid, tech, at) VALUES (@seq, @id, @uid, @tech, @at)'),
      pendingAfter: this.db.prepare<[number, number], OutboxEntry>(
        'SELECT seq, id, uid, tech, at FROM checkins WHERE delivered_at IS NULL AND seq > ? ORDER BY seq LIMIT ?',
      ),
      deliver: this.db.prepare('UPDATE checkins SET delivered_at = @at, result_status = @status WHERE id = @id AND delivered_at IS NULL'),
      isPending: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM checkins WHERE id = ? AND delivered_at IS NULL'),
      pendingStats: this.db.prepare<[], { pending: number; first: number | null; last: number | null }>(
        'SELECT COUNT(*) AS pending, MIN(seq) AS first, MAX(seq) AS last FROM checkins WHERE delivered_at IS NULL',
      ),
      atOf: this.db.prepare<[number], { at: string }>('SELECT at FROM checkins WHERE seq = ?'),
      deliveredCount: this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM checkins WHERE delivered_at IS NOT NULL'),
      lastSeq: this.db.prepare<[], { value: number }>("SELECT value FROM meta WHERE key = 'last_seq'"),
      prune: this.db.prepare('DELETE FROM checkins WHERE delivered_at IS NOT NULL AND delivered_at < ?'),
    };
    this.appendTx = this.db.transaction((c: NewCheckIn) => {
      const seq = this.statements.nextSeq.get()!.value;
      this.statements.insert.run({ ...c, seq });
      return { ...c, seq };
    });
  }

  append(checkIn: NewCheckIn): OutboxEntry {
    return this.appendTx(checkIn);
  }

  pendingAfter(afterSeq: number, limit: number): OutboxEntry[] {
    return this.statements.pendingAfter.all(afterSeq, limit);
  }

  markDelivered(results: readonly DeliveredResult[]): string[] {
    return this.db.transaction((batch: readonly DeliveredResult[]) =>
      batch.filter((r) => this.statements.deliver.run({ id: r.id, at: r.at, status: r.status }).changes > 0).map((r) => r.id),
    )(results);
  }

  isPending(id: string): boolean {
    return this.statements.isPending.get(id) !== undefined;
  }

  stats(): OutboxStats {
    const { pending, first, last } = this.statements.pendingStats.get()!;
    const oldestAt = first === null ? undefined : this.statements.atOf.get(first)?.at;
    return {
      pending,
      lastSeq: this.statements.lastSeq.get()?.value ?? 0,
      delivered: this.statements.deliveredCount.get()!.n,
      ...(oldestAt !== undefined ? { oldestAt } : {}),
      ...(first !== null ? { firstPendingSeq: first } : {}),
      ...(last !== null ? { lastPendingSeq: last } : {}),
    };
  }

  prune(before: Date): number {
    return this.statements.prune.run(before.toISOString()).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

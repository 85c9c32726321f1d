import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../../station-agent/outbox/sqlite-outbox.ts';
import type { Outbox } from '../../../station-agent/outbox/outbox.ts';
import { newCheckIn, outboxContract } from './outbox-contract.ts';

const dirs = new WeakMap<Outbox, string>();
outboxContract('SqliteOutbox', {
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const outbox = new SqliteOutbox(dir);
    dirs.set(outbox, dir);
    return outbox;
  },
  reopen(outbox) {
    outbox.close();
    return new SqliteOutbox(dirs.get(outbox)!);
  },
});

describe('SqliteOutbox durability settings', () => {
  it('uses WAL with synchronous = FULL (2)', () => {
    const outbox = new SqliteOutbox(mkdtempSync(join(tmpdir(), 'outbox-')));
    expect(outbox.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(outbox.db.pragma('synchronous', { simple: true })).toBe(2);
    outbox.close();
  });

  it('throws on a full disk and keeps what was already written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const outbox = new SqliteOutbox(dir);
    outbox.append(newCheckIn());
    // SQLite's own limit on the file size produces the same SQLITE_FULL as a full disk.
    const pages = outbox.db.pragma('page_count', { simple: true }) as number;
    outbox.db.pragma(`max_page_count = ${pages}`);
    expect(() => {
      for (let i = 0; i < 500; i++) outbox.append(newCheckIn());
    }).toThrow(/full/);
    outbox.close();
    const again = new SqliteOutbox(dir);
    const stats = again.stats();
    expect(stats.pending).toBe(stats.lastSeq);
    expect(again.pendingAfter(0, 1000).map((e) => e.seq)).toEqual(Array.from({ length: stats.lastSeq }, (_, i) => i + 1));
    again.close();
  });

  it('opens read-only for the outbox command without writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const writer = new SqliteOutbox(dir);
    writer.append(newCheckIn());
    const reader = new SqliteOutbox(dir, { readonly: true });
    expect(reader.stats()).toMatchObject({ pending: 1, lastSeq: 1 });
    expect(() => reader.append(newCheckIn())).toThrow(/readonly/i);
    reader.close();
    writer.close();
  });
});

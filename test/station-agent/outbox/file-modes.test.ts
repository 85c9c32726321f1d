/**
 * The outbox holds full card uids, enough to clone an EM4100 card: its folder is 0700
 * and outbox.sqlite, -wal and -shm are 0600 under a permissive umask; an existing data
 * folder with looser modes is tightened (and reported), a shared sticky folder refused.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_FILE, SqliteOutbox } from '../../../station-agent/outbox/sqlite-outbox.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const tap = { id: '6f1c9a2e-8a51-4d7b-9a43-2f3f6c1e0b7d', uid: '0A1B2C3D4E', tech: 'em4100', at: '2026-11-29T09:00:00.000Z' } as const;

describe('outbox file modes', () => {
  let umask: number;
  const opened: SqliteOutbox[] = [];
  beforeEach(() => {
    umask = process.umask(0o022);
  });
  afterEach(() => {
    for (const outbox of opened.splice(0)) outbox.close();
    process.umask(umask);
  });

  const open = (dir: string) => {
    const outbox = new SqliteOutbox(dir);
    opened.push(outbox);
    return outbox;
  };

  it('creates the data folder 0700 and the database, WAL and shared-memory files 0600', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'outbox-modes-')), 'station', 'data');
    const outbox = open(dataDir);
    outbox.append(tap);
    const file = join(dataDir, OUTBOX_FILE);
    expect([mode(dataDir), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['700', '600', '600', '600']);
    expect(mode(join(dataDir, '..'))).toBe('700');
    expect(outbox.tightenedModes).toEqual([]);
  });

  it('tightens a data folder and files an older agent left readable, and says which', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outbox-modes-'));
    const file = join(dataDir, OUTBOX_FILE);
    open(dataDir).append(tap);
    opened.pop()!.close();
    for (const path of [file, `${file}-wal`]) {
      writeFileSync(path, '', { flag: 'a' });
      chmodSync(path, 0o644);
    }
    chmodSync(dataDir, 0o755);
    const outbox = open(dataDir);
    expect(outbox.stats().lastSeq).toBe(1);
    expect([mode(dataDir), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['700', '600', '600', '600']);
    expect(outbox.tightenedModes).toEqual([
      { path: dataDir, from: '0755' },
      { path: file, from: '0644' },
      { path: `${file}-wal`, from: '0644' },
    ]);
  });

  it('refuses a shared folder with the sticky bit, like /tmp, and changes nothing', () => {
    const shared = join(mkdtempSync(join(tmpdir(), 'outbox-modes-')), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => open(shared)).toThrow(`dataDir ${shared} is a shared directory (sticky bit, like /tmp): give the agent a directory of its own, e.g. /var/lib/station-agent/<stationId>`);
    expect((statSync(shared).mode & 0o7777).toString(8)).toBe('1777');
  });
});

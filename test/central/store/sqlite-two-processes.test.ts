// Two processes on one SQLite file (central run, and an import or a report beside it):
// every write transaction takes the write lock when it begins, so a writer never fails
// with "database is locked" when the other committed between its read and its write.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../central/store/sqlite-store.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

describe('SQLite with a second writing process', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('opens and migrates the file while another process holds the write lock, waiting instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-busy-'));
    // A new file, not yet in WAL mode: SQLite refuses the switch at once while the other
    // process holds the write lock, without waiting out its busy timeout.
    const holder = spawn(process.execPath, ['--import', 'tsx', 'test/central/store/fixtures/hold-write-lock.ts', join(dir, SQLITE_FILE_NAME), '700'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let holderOutput = '';
    holder.stderr.on('data', (d: Buffer) => (holderOutput += d.toString()));
    cleanups.push(() => void holder.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`the lock holder stopped (${code}): ${holderOutput}`)));
    });
    const store = SqliteStore.open(dir);
    cleanups.push(() => store.close());
    await store.migrate();
    await store.setMeta('opened-beside-a-writer', 'yes');
    expect(await store.getMeta('opened-beside-a-writer')).toBe('yes');
    await new Promise((resolve) => (holder.exitCode === null ? holder.once('exit', resolve) : resolve(undefined)));
    expect(holder.exitCode, holderOutput).toBe(0);
  }, 30_000);

  it('imports volunteers again and again while the other process records taps, without one refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-two-'));
    const store = SqliteStore.open(dir);
    await store.migrate();
    cleanups.push(() => store.close());
    const writer = spawn(process.execPath, ['--import', 'tsx', 'test/central/store/fixtures/write-checkins.ts', dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let writerOutput = '';
    writer.stderr.on('data', (d: Buffer) => (writerOutput += d.toString()));
    cleanups.push(() => void writer.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      writer.stdout.once('data', () => resolve());
      writer.once('exit', (code) => reject(new Error(`the writing process stopped (${code}): ${writerOutput}`)));
    });
    // Each import reads (is this volunteer known? whose card is it?) before it writes. Keep
    // importing until the other process has committed many batches meanwhile.
    const writerSeq = async () => Number((await store.getMeta('writer-seq')) ?? 0);
    const seqAtStart = await writerSeq();
    for (let round = 0; round < 150 || (writer.exitCode === null && (await writerSeq()) < seqAtStart + 250); round += 1) {
      const report = await store.upsertVolunteers(
        Array.from({ length: 20 }, (_, i) => ({ id: `V-${i}`, name: `志愿者${i}`, cards: [`${(0x10000000 + i * 16 + (round % 2)).toString(16).toUpperCase()}`] })),
      );
      expect(report.conflicts).toEqual([]);
    }
    expect(writer.exitCode, writerOutput).toBeNull();
    expect(await writerSeq()).toBeGreaterThanOrEqual(seqAtStart + 250);
  }, 60_000);
});

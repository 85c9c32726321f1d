// Two processes on one SQLite file (central run, and an import or a report beside it):
// every write transaction takes the write lock when it begins, so a writer never fails
// with "database is locked" when the other committed between its read and its write.
import { spawn, type ChildProcess } from 'node:child_process';
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

  /** Starts a fixture script in its own process; resolves once it says it is ready (its first line on stdout). */
  async function startFixture(script: string, args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', `test/central/store/fixtures/${script}`, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    cleanups.push(() => void child.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`${script} stopped (${code}): ${stderr}`)));
    });
    return { child, output: () => stderr };
  }

  it('opens and migrates the file while another process holds the write lock, waiting instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-busy-'));
    // A new file, not yet in WAL mode: SQLite refuses the switch at once while the other
    // process holds the write lock, without waiting out its busy timeout.
    const { child: holder, output: holderOutput } = await startFixture('hold-write-lock.ts', [join(dir, SQLITE_FILE_NAME), '700']);
    const store = SqliteStore.open(dir);
    cleanups.push(() => store.close());
    await store.migrate();
    await store.setMeta('opened-beside-a-writer', 'yes');
    expect(await store.getMeta('opened-beside-a-writer')).toBe('yes');
    await new Promise((resolve) => (holder.exitCode === null ? holder.once('exit', resolve) : resolve(undefined)));
    expect(holder.exitCode, holderOutput()).toBe(0);
  }, 30_000);

  it('imports volunteers again and again while the other process records taps, without one refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-two-'));
    const store = SqliteStore.open(dir);
    await store.migrate();
    cleanups.push(() => store.close());
    const { child: writer, output: writerOutput } = await startFixture('write-checkins.ts', [dir]);
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
    expect(writer.exitCode, writerOutput()).toBeNull();
    expect(await writerSeq()).toBeGreaterThanOrEqual(seqAtStart + 250);
  }, 60_000);
});

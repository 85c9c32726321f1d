// Two processes on one SQLite file (central run, and an import or a report beside it):
// every write transaction takes the write lock when it begins, so a writer never fails
// with "database is locked" when the other committed between its read and its write.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

describe('SQLite with a second writing process', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

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

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CheckinRecorder } from '../../../station-agent/checkin/checkin-recorder.ts';
import { Debouncer } from '../../../station-agent/checkin/debouncer.ts';
import type { OutboxEntry } from '../../../station-agent/outbox/outbox.ts';
import { SqliteOutbox } from '../../../station-agent/outbox/sqlite-outbox.ts';

const silent = pino({ level: 'silent' });

function setup(debounceMs = 3000) {
  let now = 1_000_000;
  const outbox = new SqliteOutbox(mkdtempSync(join(tmpdir(), 'recorder-')));
  const recorded: OutboxEntry[] = [];
  const writable: boolean[] = [];
  const refused: string[] = [];
  const recorder = new CheckinRecorder({
    outbox,
    debouncer: new Debouncer(debounceMs, () => now),
    logger: silent,
    recorded: (e) => recorded.push(e),
    refused: (reason) => refused.push(reason),
    writableChanged: (w) => writable.push(w),
  });
  return { outbox, recorder, recorded, refused, writable, advance: (ms: number) => (now += ms) };
}

describe('CheckinRecorder', () => {
  it('writes the outbox before announcing the tap, and debounces per uid from the last read', () => {
    const { outbox, recorder, recorded, advance } = setup(3000);
    expect(recorder.record({ uid: '04A1B2C3', tech: 'iso14443a' }).kind).toBe('recorded');
    expect(outbox.isPending(recorded[0]!.id)).toBe(true);
    // Held on the reader: a read every 65 ms for 10 s stays one tap.
    for (let i = 0; i < 150; i++) {
      advance(65);
      expect(recorder.record({ uid: '04A1B2C3', tech: 'iso14443a' }).kind).toBe('debounced');
    }
    expect(recorder.record({ uid: 'DEADBEEF', tech: 'iso14443a' }).kind).toBe('recorded');
    advance(3000);
    expect(recorder.record({ uid: '04A1B2C3', tech: 'iso14443a' }).kind).toBe('recorded');
    expect(recorded.map((e) => e.seq)).toEqual([1, 2, 3]);
    outbox.close();
  });

  it('counts a card held on a polled reader once until it is removed, even with debounceMs 0', () => {
    const { outbox, recorder, recorded, advance } = setup(0);
    expect(recorder.record({ uid: '04A1B2C3', tech: 'iso14443a', held: false }).kind).toBe('recorded');
    for (let i = 0; i < 20; i++) {
      advance(100);
      expect(recorder.record({ uid: '04A1B2C3', tech: 'iso14443a', held: true }).kind).toBe('debounced');
    }
    advance(100);
    expect(recorder.record({ uid: '04A1B2C3', tech: 'iso14443a', held: false }).kind).toBe('recorded');
    expect(recorded).toHaveLength(2);
    outbox.close();
  });

  it('refuses a tap when the outbox is full: nothing announced, writable false, then recovers', () => {
    const { outbox, recorder, recorded, refused, writable } = setup(0);
    recorder.record({ uid: '04A1B2C3', tech: 'iso14443a' });
    const pages = outbox.db.pragma('page_count', { simple: true }) as number;
    outbox.db.pragma(`max_page_count = ${pages}`);
    let outcome = recorder.record({ uid: '04A1B2C4', tech: 'iso14443a' });
    for (let i = 0; outcome.kind === 'recorded' && i < 500; i++) outcome = recorder.record({ uid: '04A1B2C4', tech: 'iso14443a' });
    expect(outcome.kind).toBe('refused');
    expect(refused).toEqual([expect.stringContaining('full')]); // SQLITE_FULL: database or disk is full
    expect(recorder.outboxWritable).toBe(false);
    expect(writable).toEqual([false]);
    const announced = recorded.length;
    outbox.db.pragma(`max_page_count = ${pages + 1000}`);
    // The refused uid is not debounced: the volunteer's retry goes through.
    expect(recorder.record({ uid: '04A1B2C4', tech: 'iso14443a' }).kind).toBe('recorded');
    expect(recorded).toHaveLength(announced + 1);
    expect(writable).toEqual([false, true]);
    expect(recorded.map((e) => e.seq)).toEqual(Array.from({ length: recorded.length }, (_, i) => i + 1));
    outbox.close();
  });
});

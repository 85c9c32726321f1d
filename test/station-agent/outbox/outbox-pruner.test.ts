import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryOutbox } from '../../../station-agent/outbox/memory-outbox.ts';
import { OutboxPruner } from '../../../station-agent/outbox/outbox-pruner.ts';
import { newCheckIn } from './outbox-contract.ts';

const DAY_MS = 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('OutboxPruner', () => {
  it('prunes delivered entries past the audit window at start and every hour until stopped, never pending ones', () => {
    vi.useFakeTimers();
    let now = Date.parse('2026-11-29T09:00:00.000Z');
    const outbox = new MemoryOutbox();
    const deliver = (daysAgo: number) => {
      const entry = outbox.append(newCheckIn());
      outbox.markDelivered([{ id: entry.id, status: 'accepted', at: new Date(now - daysAgo * DAY_MS).toISOString() }]);
    };
    deliver(31);
    deliver(29.99);
    const pending = outbox.append(newCheckIn('04A1B2C3', new Date(now - 60 * DAY_MS).toISOString()));
    const pruner = new OutboxPruner({ outbox, retentionDays: 30, logger: pino({ level: 'silent' }), now: () => now });

    pruner.start();
    expect(outbox.stats()).toMatchObject({ delivered: 1, pending: 1 });
    expect(outbox.isPending(pending.id)).toBe(true);

    now += DAY_MS / 2; // the one delivered 29.99 days ago is now past the window too
    vi.advanceTimersByTime(3_599_000);
    expect(outbox.stats().delivered).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(outbox.stats()).toMatchObject({ delivered: 0, pending: 1 });

    pruner.stop();
    deliver(31);
    vi.advanceTimersByTime(2 * 3_600_000);
    expect(outbox.stats().delivered).toBe(1);
  });
});

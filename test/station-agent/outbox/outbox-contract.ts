/**
 * The contract every Outbox implementation passes (STYLE.md: one suite, many stores,
 * as MQTT.js runs its abstract store tests against each store).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewCheckIn, Outbox } from '../../../station-agent/outbox/outbox.ts';

export interface OutboxFactory {
  /** A fresh, empty outbox. */
  create(): Outbox;
  /** Closes and reopens the same store, when it is durable. */
  reopen?(outbox: Outbox): Outbox;
}

export const newCheckIn = (uid = '04A1B2C3', at = new Date().toISOString()): NewCheckIn => ({ id: randomUUID(), uid, tech: 'iso14443a', at });

export function outboxContract(name: string, factory: OutboxFactory): void {
  describe(`${name} (Outbox contract)`, () => {
    const open: Outbox[] = [];
    const create = () => {
      const o = factory.create();
      open.push(o);
      return o;
    };
    afterEach(() => {
      for (const o of open.splice(0)) o.close();
    });

    it('assigns seq 1, 2, 3… from a fresh store', () => {
      const outbox = create();
      expect([outbox.append(newCheckIn()), outbox.append(newCheckIn()), outbox.append(newCheckIn())].map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(outbox.stats()).toMatchObject({ pending: 3, lastSeq: 3, firstPendingSeq: 1, lastPendingSeq: 3, delivered: 0 });
    });

    it('returns pending entries in seq order, after a seq, limited', () => {
      const outbox = create();
      const entries = Array.from({ length: 5 }, (_, i) => outbox.append(newCheckIn(`04A1B2C${i}`)));
      expect(outbox.pendingAfter(0, 10).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(outbox.pendingAfter(2, 2).map((e) => e.seq)).toEqual([3, 4]);
      expect(outbox.pendingAfter(0, 1)[0]).toEqual(entries[0]);
    });

    it('keeps an entry until a Result with its id, then never again pending', () => {
      const outbox = create();
      const [a, b, c] = [outbox.append(newCheckIn()), outbox.append(newCheckIn()), outbox.append(newCheckIn())];
      const at = new Date().toISOString();
      expect(outbox.markDelivered([{ id: b!.id, status: 'accepted', at }])).toEqual([b!.id]);
      expect(outbox.isPending(b!.id)).toBe(false);
      expect(outbox.isPending(a!.id)).toBe(true);
      expect(outbox.pendingAfter(0, 10).map((e) => e.id)).toEqual([a!.id, c!.id]);
      expect(outbox.stats()).toMatchObject({ pending: 2, delivered: 1, oldestAt: a!.at });
    });

    it('ignores Results for unknown ids and repeated Results', () => {
      const outbox = create();
      const a = outbox.append(newCheckIn());
      const at = new Date().toISOString();
      expect(outbox.markDelivered([{ id: randomUUID(), status: 'accepted', at }])).toEqual([]);
      expect(outbox.markDelivered([{ id: a.id, status: 'duplicate', at }, { id: a.id, status: 'accepted', at }])).toEqual([a.id]);
      expect(outbox.stats().pending).toBe(0);
    });

    it('keeps seq contiguous after delivered entries are pruned', () => {
      const outbox = create();
      const a = outbox.append(newCheckIn());
      outbox.markDelivered([{ id: a.id, status: 'accepted', at: '2020-01-01T00:00:00.000Z' }]);
      expect(outbox.prune(new Date('2021-01-01T00:00:00.000Z'))).toBe(1);
      expect(outbox.append(newCheckIn()).seq).toBe(2);
      expect(outbox.stats()).toMatchObject({ pending: 1, lastSeq: 2, delivered: 0 });
    });

    it('prunes only delivered entries older than the audit window, never pending ones', () => {
      const outbox = create();
      const old = outbox.append(newCheckIn(undefined, '2020-01-01T00:00:00.000Z'));
      const recent = outbox.append(newCheckIn());
      outbox.markDelivered([{ id: recent.id, status: 'accepted', at: new Date().toISOString() }]);
      expect(outbox.prune(new Date(Date.now() - 86_400_000))).toBe(0);
      expect(outbox.isPending(old.id)).toBe(true);
    });

    it('rejects a second entry with the same id', () => {
      const outbox = create();
      const entry = newCheckIn();
      outbox.append(entry);
      expect(() => outbox.append(entry)).toThrow();
      expect(outbox.stats().lastSeq).toBe(1);
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps pending entries and the seq counter across a reopen', () => {
        const first = create();
        const a = first.append(newCheckIn());
        first.append(newCheckIn());
        first.markDelivered([{ id: a.id, status: 'accepted', at: new Date().toISOString() }]);
        const again = reopen(first);
        open.push(again);
        expect(again.pendingAfter(0, 10).map((e) => e.seq)).toEqual([2]);
        expect(again.append(newCheckIn()).seq).toBe(3);
      });
    }
  });
}

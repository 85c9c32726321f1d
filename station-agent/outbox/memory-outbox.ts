/**
 * An outbox in memory: not durable, for unit tests of the layers above. It passes
 * the same contract suite as the SQLite outbox, which keeps the contract honest.
 */
import type { DeliveredResult, NewCheckIn, Outbox, OutboxEntry, OutboxStats } from './outbox.ts';

interface Row extends OutboxEntry {
  deliveredAt?: string;
}

export class MemoryOutbox implements Outbox {
  private readonly rows = new Map<string, Row>();
  private lastSeq = 0;

  append(checkIn: NewCheckIn): OutboxEntry {
    if (this.rows.has(checkIn.id)) throw new Error(`check-in id ${checkIn.id} is already in the outbox`);
    const entry = { ...checkIn, seq: ++this.lastSeq };
    this.rows.set(entry.id, entry);
    return { ...entry };
  }

  pendingAfter(afterSeq: number, limit: number): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const row of this.rows.values()) {
      if (out.length >= limit) break;
      if (row.deliveredAt === undefined && row.seq > afterSeq) out.push({ id: row.id, uid: row.uid, tech: row.tech, at: row.at, seq: row.seq });
    }
    return out;
  }

  markDelivered(results: readonly DeliveredResult[]): string[] {
    const done: string[] = [];
    for (const result of results) {
      const row = this.rows.get(result.id);
      if (row && row.deliveredAt === undefined) {
        row.deliveredAt = result.at;
        done.push(result.id);
      }
    }
    return done;
  }

  isPending(id: string): boolean {
    const row = this.rows.get(id);
    return row !== undefined && row.deliveredAt === undefined;
  }

  stats(): OutboxStats {
    const pending = [...this.rows.values()].filter((r) => r.deliveredAt === undefined);
    const first = pending[0];
    const last = pending[pending.length - 1];
    return {
      pending: pending.length,
      lastSeq: this.lastSeq,
      delivered: this.rows.size - pending.length,
      ...(first ? { oldestAt: first.at, firstPendingSeq: first.seq } : {}),
      ...(last ? { lastPendingSeq: last.seq } : {}),
    };
  }

  prune(before: Date): number {
    let pruned = 0;
    for (const [id, row] of this.rows) {
      if (row.deliveredAt !== undefined && Date.parse(row.deliveredAt) < before.getTime()) {
        this.rows.delete(id);
        pruned++;
      }
    }
    return pruned;
  }

  close(): void {}
}

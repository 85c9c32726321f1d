/**
 * Gets outbox entries to central (protocol v1 §Delivery guarantee): QoS 1 CheckIns,
 * in seq order after every (re)connect, a bounded window of unacknowledged publishes
 * so a backlog drains fast, and a republish of the same CheckIn (same id) when no
 * Result arrived within `ackTimeoutMs`, backing off up to 60 s. PUBACK alone never
 * settles an entry; only a Result does (`settle`, one outbox write per batch).
 */
import type { CheckIn, Result } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Outbox, OutboxEntry } from '../outbox/outbox.ts';
import type { PublishOptions } from './mqtt-link.ts';

export interface Publisher {
  publish(topic: string, payload: string, options: PublishOptions, onAck?: (err?: Error) => void): boolean;
}

export interface DeliveryDeps {
  outbox: Outbox;
  link: Publisher;
  stationId: string;
  checkinsTopic: string;
  ackTimeoutMs: number;
  republishCapMs?: number;
  /** Publishes awaiting PUBACK at once. */
  window?: number;
  logger: Logger;
  onPublished?(entry: OutboxEntry, attempt: number): void;
  /** The broker's PUBACK for a publish (not a settlement: only a Result settles). */
  onPuback?(entry: OutboxEntry, attempt: number): void;
  /** A Result settled one of this station's pending check-ins. */
  onResult?(result: Result): void;
  /** After each batch of Results was written, with the ids it settled (possibly none). */
  onSettled?(ids: readonly string[]): void;
  /** Entries left the pending set, so the status has news. */
  onPendingChanged?(): void;
  now?: () => number;
  random?: () => number;
}

interface Awaiting {
  entry: OutboxEntry;
  attempts: number;
  /** When to republish if no Result came; Infinity while the PUBACK is outstanding. */
  dueAt: number;
}

export function toCheckIn(entry: OutboxEntry, stationId: string): CheckIn {
  return { v: 1, id: entry.id, stationId, seq: entry.seq, method: 'card', card: { uid: entry.uid, tech: entry.tech }, at: entry.at };
}

export class Delivery {
  private online = false;
  /** Bumped on every connect, so acks of a dead connection's publishes are ignored. */
  private generation = 0;
  private inFlight = 0;
  /** Highest seq sent on this connection by the in-order pass. */
  private cursor = 0;
  private readonly awaiting = new Map<string, Awaiting>();
  private retryTimer: NodeJS.Timeout | null = null;
  private pumping = false;
  private readonly window: number;
  private readonly now: () => number;

  constructor(private readonly deps: DeliveryDeps) {
    this.window = deps.window ?? 256;
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.retryTimer = setInterval(() => this.pump(), Math.min(250, this.deps.ackTimeoutMs / 4));
  }

  stop(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.online = false;
  }

  /** A (re)connect: start over from the lowest pending seq. */
  connected(): void {
    this.online = true;
    this.generation++;
    this.inFlight = 0;
    this.cursor = 0;
    this.awaiting.clear();
    this.pump();
  }

  disconnected(): void {
    this.online = false;
  }

  /** A new entry was written to the outbox. */
  enqueued(): void {
    this.pump();
  }

  /** A batch of Results: one outbox transaction marks them delivered, then their republishing stops. */
  settle(results: readonly Result[]): void {
    const { outbox, logger } = this.deps;
    const at = new Date(this.now()).toISOString();
    let settled: string[];
    try {
      settled = outbox.markDelivered(results.map((r) => ({ id: r.id, status: r.status, at })));
    } catch (err) {
      // Nothing is lost: the entries stay pending, are republished, and central answers again.
      logger.error({ reason: (err as Error).message }, 'could not record Results in the outbox');
      return;
    }
    const ours = new Set(settled);
    for (const result of results) {
      if (ours.has(result.id)) this.deps.onResult?.(result);
      // QR check-ins from central and repeated Results are normal here.
      else logger.debug({ id: result.id }, 'Result for no pending check-in of this station');
    }
    for (const id of settled) this.awaiting.delete(id);
    this.deps.onSettled?.(settled);
    if (settled.length > 0) this.deps.onPendingChanged?.();
  }

  get awaitingCount(): number {
    return this.awaiting.size;
  }

  private pump(): void {
    if (!this.online || this.pumping) return;
    this.pumping = true;
    try {
      this.republishDue();
      while (this.online && this.inFlight < this.window) {
        const batch = this.deps.outbox.pendingAfter(this.cursor, this.window - this.inFlight);
        if (batch.length === 0) break;
        for (const entry of batch) {
          this.cursor = entry.seq;
          const known = this.awaiting.get(entry.id);
          this.send(known ?? { entry, attempts: 0, dueAt: Infinity });
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private republishDue(): void {
    const now = this.now();
    // Map order is insertion order, which is seq order: republishes go out in seq order too.
    for (const awaiting of this.awaiting.values()) {
      if (this.inFlight >= this.window) return;
      if (awaiting.dueAt <= now) this.send(awaiting);
    }
  }

  private send(awaiting: Awaiting): void {
    const { entry } = awaiting;
    awaiting.attempts++;
    awaiting.dueAt = Infinity;
    this.awaiting.set(entry.id, awaiting);
    const payload = JSON.stringify(toCheckIn(entry, this.deps.stationId));
    const generation = this.generation;
    const sent = this.deps.link.publish(this.deps.checkinsTopic, payload, { qos: 1 }, (err) => {
      if (generation !== this.generation) return;
      this.inFlight = Math.max(0, this.inFlight - 1);
      if (!this.awaiting.has(entry.id)) return this.pumpSoon();
      // A failed publish (connection lost) is retried by the next connect's in-order pass.
      if (!err) {
        awaiting.dueAt = this.now() + this.republishDelay(awaiting.attempts);
        this.deps.onPuback?.(entry, awaiting.attempts);
      }
      this.pumpSoon();
    });
    if (!sent) {
      this.online = false;
      return;
    }
    this.inFlight++;
    if (awaiting.attempts > 1) this.deps.logger.info({ seq: entry.seq, id: entry.id, attempt: awaiting.attempts }, 'check-in republished: no Result yet');
    this.deps.onPublished?.(entry, awaiting.attempts);
  }

  /** ackTimeout, doubling per attempt, capped, with a little jitter so a fleet spreads out. */
  private republishDelay(attempts: number): number {
    const cap = this.deps.republishCapMs ?? 60_000;
    const base = Math.min(cap, this.deps.ackTimeoutMs * 2 ** (attempts - 1));
    return Math.min(cap, base * (1 + 0.25 * (this.deps.random ?? Math.random)()));
  }

  private pumpSoon(): void {
    if (this.inFlight === 0 || this.inFlight < this.window / 2) setImmediate(() => this.pump());
  }
}

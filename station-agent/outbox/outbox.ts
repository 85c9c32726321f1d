/**
 * The durable outbox (protocol v1 §Delivery guarantee): every tap is written here
 * before anything is sent, gets the next contiguous `seq`, and stays pending until a
 * Result with its id arrives. Every implementation passes one contract test suite.
 */
import type { CardTech, ResultStatus } from '../../shared/index.ts';

export interface NewCheckIn {
  id: string;
  uid: string;
  tech: CardTech;
  /** ISO-8601 UTC with milliseconds: the moment of the tap. */
  at: string;
}

export interface OutboxEntry extends NewCheckIn {
  seq: number;
}

export interface DeliveredResult {
  id: string;
  status: ResultStatus;
  /** When the Result arrived (station clock). */
  at: string;
}

export interface OutboxStats {
  pending: number;
  oldestAt?: string;
  firstPendingSeq?: number;
  lastPendingSeq?: number;
  /** The last seq ever assigned; 0 for a fresh data directory. */
  lastSeq: number;
  delivered: number;
}

export interface Outbox {
  /** Assigns the next seq and returns only once the entry is durable. Throws when the store cannot be written. */
  append(checkIn: NewCheckIn): OutboxEntry;
  /** Pending entries with seq > `afterSeq`, in seq order. */
  pendingAfter(afterSeq: number, limit: number): OutboxEntry[];
  /** Marks entries delivered; returns the ids that were pending (unknown or already delivered ids are skipped). */
  markDelivered(results: readonly DeliveredResult[]): string[];
  isPending(id: string): boolean;
  stats(): OutboxStats;
  /** Deletes delivered entries delivered before `before`; returns how many. Pending entries are never pruned. */
  prune(before: Date): number;
  close(): void;
}

/**
 * What the retained StationStatus says (protocol v1 §StationStatus). Facts that arrive
 * as events (reader state, last read, outbox writability) are remembered by
 * StationStatusBuilder; buildStationStatus turns plain facts into the payload.
 */
import type { ReaderDriver, StationStatus } from '../../shared/index.ts';
import type { Outbox, OutboxStats } from '../outbox/outbox.ts';
import type { ReaderState } from '../readers/card-read.ts';

export interface StationStatusFacts {
  at: string;
  siteId: string;
  driver: ReaderDriver;
  reader: ReaderState;
  lastReadAt?: string | undefined;
  outbox: OutboxStats;
  outboxWritable: boolean;
  version: string;
  startedAt: string;
  /** Protocol v2: what the screen watchdog sees, when the agent runs one. */
  display?: StationStatus['display'];
}

export function buildStationStatus(facts: StationStatusFacts): StationStatus {
  const { outbox, lastReadAt } = facts;
  return {
    v: 1,
    state: 'online',
    at: facts.at,
    siteId: facts.siteId,
    reader: { driver: facts.driver, ...facts.reader, ...(lastReadAt ? { lastReadAt } : {}) },
    outbox: { pending: outbox.pending, writable: facts.outboxWritable, ...(outbox.oldestAt ? { oldestAt: outbox.oldestAt } : {}) },
    agent: { version: facts.version, startedAt: facts.startedAt },
    lastSeq: outbox.lastSeq,
    ...(facts.display ? { display: facts.display } : {}),
  };
}

export interface StationStatusBuilderDeps {
  siteId: string;
  driver: ReaderDriver;
  version: string;
  startedAt: string;
  outbox: Pick<Outbox, 'stats'>;
  now?: () => Date;
}

export class StationStatusBuilder {
  // Until the reader reports, it is not known to work.
  private reader: ReaderState = { state: 'disconnected', detail: 'starting' };
  private lastReadAt: string | undefined;
  private outboxWritable = true;
  private display: StationStatus['display'];

  constructor(private readonly deps: StationStatusBuilderDeps) {}

  readerChanged(state: ReaderState): void {
    this.reader = state;
  }

  /** A card was read, whether or not it became a tap. */
  cardRead(): void {
    this.lastReadAt = this.now().toISOString();
  }

  outboxWritableChanged(writable: boolean): void {
    this.outboxWritable = writable;
  }

  displayChanged(display: StationStatus['display']): void {
    this.display = display;
  }

  build(): StationStatus {
    const { siteId, driver, version, startedAt, outbox } = this.deps;
    const { reader, lastReadAt, outboxWritable, display } = this;
    return buildStationStatus({ at: this.now().toISOString(), siteId, driver, reader, lastReadAt, outbox: outbox.stats(), outboxWritable, version, startedAt, display });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/**
 * Turns a card read into a check-in: debounce, then the durable outbox write, and
 * only after it succeeded the Tap to the kiosk and the CheckIn to central. When the
 * outbox cannot be written (disk full, read-only) the tap is refused: no Tap, the
 * status says `outbox.writable: false`, and the kiosk never shows a false success.
 */
import { randomUUID } from 'node:crypto';
import { redactCardUid } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Outbox, OutboxEntry } from '../outbox/outbox.ts';
import type { CardRead } from '../readers/card-read.ts';
import type { Debouncer } from './debouncer.ts';

export type TapOutcome =
  | { kind: 'recorded'; entry: OutboxEntry }
  | { kind: 'debounced' }
  | { kind: 'refused'; reason: string };

export interface CheckinRecorderDeps {
  outbox: Outbox;
  debouncer: Debouncer;
  logger: Logger;
  /** Called after the outbox write: publishes the Tap, then hands the entry to delivery. */
  recorded(entry: OutboxEntry): void;
  /** The outbox write failed: the tap was refused, and nothing was announced. */
  refused?(reason: string): void;
  writableChanged(writable: boolean): void;
  now?: () => Date;
}

export class CheckinRecorder {
  private writable = true;

  constructor(private readonly deps: CheckinRecorderDeps) {}

  get outboxWritable(): boolean {
    return this.writable;
  }

  record(read: CardRead): TapOutcome {
    const { outbox, debouncer, logger } = this.deps;
    const isNewTap = debouncer.isNewTap(read.uid);
    if (!isNewTap || read.held === true) return { kind: 'debounced' };
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    let entry: OutboxEntry;
    try {
      entry = outbox.append({ id: randomUUID(), uid: read.uid, tech: read.tech, at });
    } catch (err) {
      const reason = (err as Error).message;
      logger.error({ uid: redactCardUid(read.uid), reason }, 'outbox write failed: tap refused');
      this.setWritable(false);
      debouncer.forget(read.uid);
      this.deps.refused?.(reason);
      return { kind: 'refused', reason };
    }
    this.setWritable(true);
    logger.info({ seq: entry.seq, id: entry.id, uid: redactCardUid(read.uid) }, 'tap recorded');
    this.deps.recorded(entry);
    return { kind: 'recorded', entry };
  }

  private setWritable(writable: boolean): void {
    if (writable === this.writable) return;
    this.writable = writable;
    this.deps.writableChanged(writable);
  }
}

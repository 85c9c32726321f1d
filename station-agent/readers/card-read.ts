/** What every reader driver produces, and how it reports its health. */
import type { CardTech, ReaderDriver } from '../../shared/index.ts';

export interface CardRead {
  /** Canonical upper-case hex (protocol v1 §Identifiers). */
  uid: string;
  tech: CardTech;
  /**
   * The same card is still on a polled reader (PN532) since the previous read: it
   * refreshes the debounce window but is never a new tap, whatever `debounceMs` is.
   */
  held?: boolean;
}

export type ReaderStateName = 'connected' | 'disconnected' | 'error';

export interface ReaderState {
  state: ReaderStateName;
  /** Why the reader is not connected, e.g. "ENOENT /dev/ttyUSB0". Never a card uid. */
  detail?: string;
}

/** Dropped input, counted by kind for /metrics (never a tap, never a crash). */
export type FrameErrorKind = 'noise' | 'checksum' | 'truncated' | 'malformed' | 'overlong' | 'timeout' | 'nack';

/** Where a reader sends what it sees; the composition root wires it to check-in, status and metrics. */
export interface ReaderSink {
  read(read: CardRead): void;
  state(state: ReaderState): void;
  frameError(kind: FrameErrorKind): void;
  reopened(): void;
}

export interface CardReader {
  readonly driver: ReaderDriver;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps a serial reader open: reports `connected` when the port opens, notices an
 * unplug (close event, error, or the device path vanishing) within a presence-check
 * interval, and reopens with capped full-jitter backoff without a process restart.
 * What runs on an open port (a push parser, or the PN532 host loop) is a session.
 */
import { existsSync } from 'node:fs';
import { Backoff } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { ReaderSink } from './card-read.ts';
import type { PortFactory, SerialPortLike } from './serial-port.ts';

export interface ReaderSession {
  stop(): void;
}

/** Starts a session on an open port; `fail(reason)` asks the supervisor to reopen. */
export type SessionStarter = (port: SerialPortLike, fail: (reason: string) => void) => ReaderSession;

export interface SupervisedPortDeps {
  path: string;
  baudRate: number;
  openPort: PortFactory;
  startSession: SessionStarter;
  sink: ReaderSink;
  logger: Logger;
  /** How often the device path is checked while open; unplug is reported within it. */
  presenceCheckMs?: number;
  reopenBackoff?: Backoff;
  /** Whether the device node still exists; injected for mock ports, which have none. */
  isPresent?: (path: string) => boolean;
}

export class SupervisedPort {
  private port: SerialPortLike | null = null;
  private session: ReaderSession | null = null;
  private reopenTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private everOpened = false;
  private readonly backoff: Backoff;

  constructor(private readonly deps: SupervisedPortDeps) {
    this.backoff = deps.reopenBackoff ?? new Backoff({ baseMs: 250, capMs: 5000 });
  }

  start(): void {
    this.stopped = false;
    this.presenceTimer = setInterval(() => this.checkPresence(), this.deps.presenceCheckMs ?? 500);
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    const port = this.port;
    this.teardown();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private open(): void {
    const { path, baudRate, logger, sink } = this.deps;
    let port: SerialPortLike;
    try {
      port = this.deps.openPort({ path, baudRate });
    } catch (err) {
      this.lost(`cannot open ${path}: ${(err as Error).message}`);
      return;
    }
    this.port = port;
    port.on('open', () => {
      if (this.port !== port) return;
      if (this.everOpened) sink.reopened();
      this.everOpened = true;
      this.backoff.reset();
      logger.info({ path }, 'reader port open');
      sink.state({ state: 'connected' });
      this.session = this.deps.startSession(port, (reason) => {
        if (this.port === port) this.lost(reason);
      });
    });
    port.on('error', (err: Error) => {
      if (this.port === port) this.lost(`${path}: ${err.message}`);
    });
    port.on('close', () => {
      if (this.port === port) this.lost(`${path} closed`);
    });
  }

  private checkPresence(): void {
    const isPresent = this.deps.isPresent ?? existsSync;
    if (this.port !== null && !isPresent(this.deps.path)) this.lost(`${this.deps.path} is gone (unplugged?)`);
  }

  private lost(reason: string): void {
    if (this.stopped) return;
    this.teardown();
    this.deps.logger.warn({ path: this.deps.path, reason }, 'reader disconnected');
    this.deps.sink.state({ state: 'disconnected', detail: reason });
    if (this.reopenTimer) return;
    const delay = this.backoff.next();
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private teardown(): void {
    this.session?.stop();
    this.session = null;
    const port = this.port;
    this.port = null;
    if (port) {
      port.removeAllListeners('data');
      // Keep an error listener: a late error from a dead port must not crash the process.
      port.on('error', () => undefined);
      if (port.isOpen) port.close(() => undefined);
      else port.destroy();
    }
  }
}

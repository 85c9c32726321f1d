/** PN532 over HSU: a Pn532Session on a supervised port; a silent PN532 is reopened. */
import type { CardReader, ReaderSink } from './card-read.ts';
import { Pn532Session } from './pn532-session.ts';
import { SupervisedPort, type SupervisedPortDeps } from './supervised-port.ts';

export interface Pn532ReaderDeps extends Omit<SupervisedPortDeps, 'startSession'> {
  sink: ReaderSink;
  pollIntervalMs: number;
  heartbeatMs: number;
  responseTimeoutMs?: number;
}

export class Pn532Reader implements CardReader {
  readonly driver = 'pn532' as const;
  private readonly supervised: SupervisedPort;

  constructor(deps: Pn532ReaderDeps) {
    this.supervised = new SupervisedPort({
      ...deps,
      startSession: (port, fail) => {
        const session = new Pn532Session({
          port,
          logger: deps.logger,
          pollIntervalMs: deps.pollIntervalMs,
          heartbeatMs: deps.heartbeatMs,
          ...(deps.responseTimeoutMs !== undefined ? { responseTimeoutMs: deps.responseTimeoutMs } : {}),
          onRead: (read) => deps.sink.read(read),
          onFrameError: (kind) => deps.sink.frameError(kind),
          fail,
        });
        session.start();
        return session;
      },
    });
  }

  start(): void {
    this.supervised.start();
  }

  stop(): Promise<void> {
    return this.supervised.stop();
  }
}

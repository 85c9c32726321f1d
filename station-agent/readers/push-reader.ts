/** A reader that pushes frames on its own (RDM6300, line): a parser piped from a supervised port. */
import type { ReaderDriver } from '../../shared/index.ts';
import type { CardRead, CardReader, ReaderSink } from './card-read.ts';
import type { Transform } from 'node:stream';
import { SupervisedPort, type SupervisedPortDeps } from './supervised-port.ts';

export interface PushReaderDeps extends Omit<SupervisedPortDeps, 'startSession'> {
  driver: ReaderDriver;
  createParser: (sink: ReaderSink) => Transform;
}

export class PushReader implements CardReader {
  readonly driver: ReaderDriver;
  private readonly supervised: SupervisedPort;

  constructor(deps: PushReaderDeps) {
    this.driver = deps.driver;
    this.supervised = new SupervisedPort({
      ...deps,
      startSession: (port) => {
        const parser = deps.createParser(deps.sink);
        parser.on('data', (read: CardRead) => deps.sink.read(read));
        port.pipe(parser);
        return {
          stop: () => {
            port.unpipe(parser);
            parser.destroy();
          },
        };
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

/**
 * No hardware: always connected. Taps are injected (demo launcher, tests) by a
 * `simulate-tap` Command or `POST /simulate-tap`, which the composition root routes
 * into the same check-in path as a real read.
 */
import type { CardReader, ReaderSink } from './card-read.ts';

export class SimulatedReader implements CardReader {
  readonly driver = 'simulated' as const;

  constructor(private readonly deps: { sink: ReaderSink }) {}

  start(): void {
    this.deps.sink.state({ state: 'connected' });
  }

  async stop(): Promise<void> {}
}

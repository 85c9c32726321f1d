/** Picks the reader driver named in the config. */
import type { AgentConfig } from '../../shared/index.ts';
import { baudRateOf } from '../config.ts';
import { AgentError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CardReader, ReaderSink } from './card-read.ts';
import { LineParser } from './line-parser.ts';
import { Pn532Reader } from './pn532-reader.ts';
import { PushReader } from './push-reader.ts';
import { Rdm6300Parser } from './rdm6300-parser.ts';
import { openSerialPort, type PortFactory } from './serial-port.ts';
import { SimulatedReader } from './simulated-reader.ts';

export interface ReaderDeps {
  config: AgentConfig;
  sink: ReaderSink;
  logger: Logger;
  openPort?: PortFactory;
}

export function createReader({ config, sink, logger, openPort = openSerialPort }: ReaderDeps): CardReader {
  const { reader } = config;
  if (reader.driver === 'simulated') return new SimulatedReader({ sink });
  // The config schema already requires a path for serial drivers; this guards direct callers.
  if (reader.path === undefined) throw new AgentError('CONFIG_INVALID', `reader.path is required for the ${reader.driver} driver`);
  const serial = { path: reader.path, baudRate: baudRateOf(config), openPort, sink, logger };
  switch (reader.driver) {
    case 'rdm6300':
      return new PushReader({ ...serial, driver: 'rdm6300', createParser: (s) => new Rdm6300Parser({ onFrameError: (kind) => s.frameError(kind) }) });
    case 'line':
      return new PushReader({
        ...serial,
        driver: 'line',
        createParser: (s) => new LineParser({ format: reader.lineFormat, onFrameError: (kind) => s.frameError(kind) }),
      });
    case 'pn532':
      return new Pn532Reader({ ...serial, pollIntervalMs: reader.pollIntervalMs, heartbeatMs: reader.heartbeatMs });
  }
}

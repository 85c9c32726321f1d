/**
 * Commands on the station's `cmd` topic (protocol v1 §Command). They are meant for the
 * kiosk, except `simulate-tap`, which only an agent with the simulated reader acts on.
 * A command that arrives after its `expiresAt` is ignored.
 */
import { isCommandExpired, type Command, type ReaderDriver } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { CardRead } from '../readers/card-read.ts';

export interface CommandHandlerDeps {
  driver: ReaderDriver;
  logger: Logger;
  /** The check-in path every card read takes. */
  read(read: CardRead): void;
  now?: () => number;
}

export class CommandHandler {
  constructor(private readonly deps: CommandHandlerDeps) {}

  handle(command: Command): void {
    const { driver, logger } = this.deps;
    if (isCommandExpired(command, (this.deps.now ?? Date.now)())) return logger.info({ cmd: command.cmd, id: command.id }, 'expired command ignored');
    if (command.cmd !== 'simulate-tap') return logger.debug({ cmd: command.cmd }, 'command is for the kiosk; ignored');
    if (driver !== 'simulated') return logger.warn({ id: command.id }, 'simulate-tap ignored: reader is not simulated');
    this.deps.read({ uid: command.args.uid, tech: 'other' });
  }
}

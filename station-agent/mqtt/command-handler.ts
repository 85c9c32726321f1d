/**
 * Commands on the station's `cmd` topic (protocol v1 §Command). They are meant for the
 * kiosk, except `simulate-tap`, which only an agent with the simulated reader acts on,
 * and (v2) `screenshot`, which its screen watchdog answers; both only under protocol v2's rules (shared/payloads/command-admission.ts): never a
 * retained one, never one without `expiresAt` or past it, never the same id twice.
 * The ids are remembered in memory only: a restart forgets them, and a command older
 * than the restart has normally expired (the console gives 10 minutes, the demo 30 s).
 */
import type { Command, ReaderDriver } from '../../shared/index.ts';
import { COMMAND_REFUSAL_TEXT, commandRefusal, RecentCommandIds } from '../../shared/payloads/command-admission.ts';
import type { Logger } from '../log.ts';
import type { CardRead } from '../readers/card-read.ts';

export interface CommandHandlerDeps {
  driver: ReaderDriver;
  logger: Logger;
  /** The check-in path every card read takes. */
  read(read: CardRead): void;
  /** Protocol v2: answer a `screenshot` command (screen/screenshot-responder.ts). */
  screenshot?(command: Command): void;
  now?: () => number;
}

export class CommandHandler {
  private readonly recentIds = new RecentCommandIds();

  constructor(private readonly deps: CommandHandlerDeps) {}

  /** `retained` is the delivered packet's RETAIN flag. */
  handle(command: Command, retained: boolean): void {
    const { driver, logger } = this.deps;
    if (command.cmd !== 'simulate-tap' && command.cmd !== 'screenshot') return logger.debug({ cmd: command.cmd }, 'command is for the kiosk; ignored');
    const now = (this.deps.now ?? Date.now)();
    const refusal = commandRefusal(command, { nowMillis: now, retained, seen: (id) => this.recentIds.has(id) });
    if (refusal) return logger.info({ id: command.id, refusal, why: COMMAND_REFUSAL_TEXT[refusal] }, `${command.cmd} ignored`);
    if (command.cmd === 'screenshot') {
      this.recentIds.remember(command, now);
      return this.deps.screenshot?.(command);
    }
    if (driver !== 'simulated') return logger.warn({ id: command.id }, 'simulate-tap ignored: reader is not simulated');
    this.recentIds.remember(command, now);
    this.deps.read({ uid: command.args.uid, tech: 'other' });
  }
}

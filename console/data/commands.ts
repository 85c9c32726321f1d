/** Commands a manager sends to a station (protocol v1 §Command), built and validated once. */
import { msg } from '@lit/localize';
import { CommandSchema, validate, type Command, type Topics, type Validated } from '../../shared/index.ts';

export type CommandRequest =
  | { cmd: 'identify' }
  | { cmd: 'reload' }
  | { cmd: 'announce'; text: { zh: string; en: string }; until?: string }
  | { cmd: 'clear-announcement' }
  | { cmd: 'simulate-tap'; uid: string }
  | { cmd: 'screenshot' };

/** A command nobody acted on in this long is stale: a kiosk that comes back tomorrow must not reload. */
export const COMMAND_LIFETIME_MS = 10 * 60_000;

export function buildCommand(request: CommandRequest, now: number, newId: () => string = () => crypto.randomUUID()): Validated<Command> {
  const base = { v: 1, id: newId(), cmd: request.cmd, expiresAt: new Date(now + COMMAND_LIFETIME_MS).toISOString() };
  switch (request.cmd) {
    case 'announce': {
      const text = { zh: request.text.zh.trim(), en: request.text.en.trim() };
      // An announcement lasts until its own `until`; the command itself still expires.
      return validate(CommandSchema, { ...base, args: request.until ? { text, until: request.until } : { text } });
    }
    case 'simulate-tap':
      return validate(CommandSchema, { ...base, args: { uid: request.uid } });
    default:
      return validate(CommandSchema, base);
  }
}

export function commandTopic(topics: Topics, stationId: string): string {
  return topics.station(stationId, 'cmd');
}

/** A random 7-byte uid (ISO 14443 double size): the chance that a volunteer owns it is negligible. */
export function randomUnknownCardUid(randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return [...randomBytes(7)].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** A command's name in the current locale (a function, so a language switch takes effect at once). */
export function commandLabel(cmd: CommandRequest['cmd']): string {
  switch (cmd) {
    case 'identify':
      return msg('Identify', { id: 'console.cmd.identify' });
    case 'reload':
      return msg('Reload kiosk', { id: 'console.cmd.reload' });
    case 'announce':
      return msg('Announce', { id: 'console.cmd.announce' });
    case 'clear-announcement':
      return msg('Clear announcement', { id: 'console.cmd.clear' });
    case 'simulate-tap':
      return msg('Simulate tap', { id: 'console.cmd.simulateTap' });
    case 'screenshot':
      return msg('Screenshot', { id: 'console.cmd.screenshot' });
  }
}

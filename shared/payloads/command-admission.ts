/**
 * Protocol v2 §Acting on a Command: when a kiosk or an agent may act on a Command,
 * and which station messages a receiver takes only live. Additive: v1 senders (the
 * console and the demo) already set `expiresAt`, and every rule here is a refusal
 * by the receiver, never a new field.
 *
 * A receiver acts on a Command only if
 *   - it is live, not replayed from the broker's retained store (MQTT 3.1.1 §3.3.1.3:
 *     RETAIN is 1 only on a message sent because a subscription was just made): a
 *     retained command would hit every device that connects, for as long as it stays;
 *   - it carries `expiresAt`, not yet reached and at most COMMAND_MAX_LIFETIME_MS
 *     ahead, so "not acted on again" needs only a bounded memory;
 *   - its `id` has not been acted on before (a QoS 1 redelivery, a replay).
 */
import type { StationChannel } from '../topics.ts';
import { isCommandExpired, type Command } from './messages.ts';

/** The console sends 10 minutes, the demo 30 s; a day leaves room for skewed clocks. */
export const COMMAND_MAX_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * Station channels whose messages are events, never state: a retained one is stale
 * by definition (or planted), and receivers drop it.
 */
export const EVENT_CHANNELS: readonly StationChannel[] = ['checkins', 'results', 'taps', 'cmd', 'pairing', 'pairing-answers', 'desk', 'desk-answers', 'screenshot'];

export function isEventChannel(channel: StationChannel): boolean {
  return EVENT_CHANNELS.includes(channel);
}

export type CommandRefusal = 'retained' | 'no-expiry' | 'expired' | 'expiry-too-far' | 'repeated';

/** Words for logs: what was refused and why, never the command's arguments. */
export const COMMAND_REFUSAL_TEXT: Record<CommandRefusal, string> = {
  retained: 'a retained command is never acted on',
  'no-expiry': 'a command without expiresAt is never acted on (protocol v2)',
  expired: 'the command arrived at or after its expiresAt',
  'expiry-too-far': `expiresAt is more than ${COMMAND_MAX_LIFETIME_MS / 3_600_000} h ahead`,
  repeated: 'a command with this id was already acted on',
};

export interface CommandContext {
  nowMillis: number;
  /** The MQTT packet's RETAIN flag as delivered. */
  retained: boolean;
  /** True when a command with this id was already acted on. */
  seen(id: string): boolean;
}

/** Undefined when the command may be acted on; otherwise why not. */
export function commandRefusal(command: Command, context: CommandContext): CommandRefusal | undefined {
  if (context.retained) return 'retained';
  if (command.expiresAt === undefined) return 'no-expiry';
  if (isCommandExpired(command, context.nowMillis)) return 'expired';
  if (Date.parse(command.expiresAt) - context.nowMillis > COMMAND_MAX_LIFETIME_MS) return 'expiry-too-far';
  if (context.seen(command.id)) return 'repeated';
  return undefined;
}

export interface RecentCommandId {
  id: string;
  expiresAt: string;
}

/**
 * A clock that steps back must not make a forgotten command new again, so an id is
 * kept this long past its expiresAt before it may be forgotten.
 */
const FORGET_AFTER_EXPIRY_MS = 60 * 60_000;
export const RECENT_COMMAND_IDS_LIMIT = 256;

/**
 * The ids acted on recently, oldest first, bounded in count. An id is forgotten only
 * after its command could no longer pass the expiry check, or when more than `limit`
 * newer ones arrived (256 commands inside one command lifetime is not a fleet's pace).
 */
export class RecentCommandIds {
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly limit = RECENT_COMMAND_IDS_LIMIT,
    entries: readonly RecentCommandId[] = [],
  ) {
    for (const entry of entries.slice(-limit)) this.ids.set(entry.id, entry.expiresAt);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Call before acting on the command, so a reload the command causes cannot forget it. */
  remember(command: Pick<Command, 'id' | 'expiresAt'>, nowMillis: number): void {
    this.ids.delete(command.id);
    // Without expiresAt (never admitted, but callers may still record one) it is forgotten by count only.
    this.ids.set(command.id, command.expiresAt ?? '');
    for (const [id, expiresAt] of this.ids) {
      if (Date.parse(expiresAt) + FORGET_AFTER_EXPIRY_MS < nowMillis) this.ids.delete(id);
    }
    for (const id of this.ids.keys()) {
      if (this.ids.size <= this.limit) break;
      this.ids.delete(id);
    }
  }

  entries(): RecentCommandId[] {
    return [...this.ids].map(([id, expiresAt]) => ({ id, expiresAt }));
  }
}

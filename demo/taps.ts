/**
 * Simulated card taps for the demo: a `simulate-tap` Command on the station's cmd
 * topic, which an agent with the `simulated` reader treats as a card read. The same
 * message the console's "simulate tap" button sends.
 */
import { randomUUID } from 'node:crypto';
import { CommandSchema, topicsFor, validate } from '../shared/index.ts';
import type { BrokerLink } from './broker/broker-link.ts';

/** A stale command must not turn into a surprise tap when an agent reconnects later. */
const TAP_COMMAND_LIFETIME_MS = 30_000;

export async function simulateTap(broker: BrokerLink, topicRoot: string, stationId: string, uid: string, now = Date.now()): Promise<void> {
  const command = {
    v: 1,
    id: randomUUID(),
    cmd: 'simulate-tap',
    args: { uid },
    expiresAt: new Date(now + TAP_COMMAND_LIFETIME_MS).toISOString(),
  };
  const checked = validate(CommandSchema, command);
  if (!checked.ok) throw new Error(`simulate-tap command is invalid: ${checked.issues.join('; ')}`);
  await broker.publish(topicsFor(topicRoot).station(stationId, 'cmd'), JSON.stringify(command), { qos: 1 });
}

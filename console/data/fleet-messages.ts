/**
 * Turns one MQTT message into a fleet-state change. Every payload is validated with
 * the shared schema (protocol v1: an invalid payload is dropped with a logged reason).
 * Taps, results and commands are events: one replayed from the broker's retained
 * store is stale or planted, and is dropped (protocol v2 §Acting on a Command).
 */
import { KioskStatusSchema, parseJson, ResultSchema, ScreenshotReplySchema, StationStatusSchema, type ScreenshotReply, type Topics } from '../../shared/index.ts';
import { isEventChannel } from '../../shared/payloads/command-admission.ts';
import type { FleetState, Receipt } from './fleet-state.ts';

export interface FleetMessage {
  topic: string;
  payload: Uint8Array;
  receipt: Receipt;
}

/** A screenshot is no fleet state: the worker hands it to the page as it is. */
export type FleetMessageOutcome = { ok: true; screenshot?: ScreenshotReply } | { ok: false; reason: string };

/** The subscriptions the console needs; results only feed "last check-in" when the ACL lets us read them. */
export function fleetSubscriptions(topics: Topics): { status: string[]; optional: string[] } {
  // Protocol v2 screenshots are optional too: an older manager ACL refuses them, and the rest works.
  return { status: [topics.allStations('status'), topics.allKioskStatus()], optional: [topics.allStations('results'), topics.allStations('screenshot')] };
}

export function applyFleetMessage(fleet: FleetState, topics: Topics, message: FleetMessage): FleetMessageOutcome {
  const parsed = topics.parse(message.topic);
  if (!parsed) return { ok: false, reason: `${message.topic}: not a protocol v1 topic` };
  const isStatus = parsed.kind === 'kiosk-status' || (parsed.kind === 'station' && parsed.channel === 'status');
  if (isStatus && message.payload.length === 0) {
    // An empty retained payload deletes the retained status: the device is gone.
    if (parsed.kind === 'kiosk-status') fleet.forgetKiosk(parsed.kioskId);
    else if (parsed.kind === 'station') fleet.forgetStation(parsed.stationId);
    return { ok: true };
  }
  if (parsed.kind === 'kiosk-status') {
    const status = parseJson(KioskStatusSchema, message.payload);
    if (!status.ok) return invalid(message.topic, status.issues);
    fleet.applyKioskStatus(parsed.kioskId, status.value, message.receipt);
    return { ok: true };
  }
  if (parsed.kind !== 'station') return { ok: false, reason: `${message.topic}: not a topic the console reads` };
  if (message.receipt.retained && isEventChannel(parsed.channel)) return { ok: false, reason: `${message.topic}: retained ${parsed.channel} message dropped (events are never retained)` };
  if (parsed.channel === 'status') {
    const status = parseJson(StationStatusSchema, message.payload);
    if (!status.ok) return invalid(message.topic, status.issues);
    fleet.applyStationStatus(parsed.stationId, status.value, message.receipt);
    return { ok: true };
  }
  if (parsed.channel === 'results') {
    const result = parseJson(ResultSchema, message.payload);
    if (!result.ok) return invalid(message.topic, result.issues);
    fleet.applyResult(parsed.stationId, result.value);
    return { ok: true };
  }
  if (parsed.channel === 'screenshot') {
    const reply = parseJson(ScreenshotReplySchema, message.payload);
    if (!reply.ok) return invalid(message.topic, reply.issues);
    if (reply.value.stationId !== parsed.stationId) return { ok: false, reason: `${message.topic}: screenshot names station ${reply.value.stationId}, dropped` };
    return { ok: true, screenshot: reply.value };
  }
  return { ok: false, reason: `${message.topic}: not a topic the console reads` };
}

function invalid(topic: string, issues: string[]): FleetMessageOutcome {
  return { ok: false, reason: `${topic}: invalid payload dropped (${issues.join('; ')})` };
}

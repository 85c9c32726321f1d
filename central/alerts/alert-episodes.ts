/**
 * From conditions to episodes (issue 14): a condition opens an episode only once it has
 * held for its alert's hold (alert-holds.ts; a station rebooting is not news), at most one episode is open per
 * alert and device, and the episode closes when the condition clears. Pure: the caller
 * keeps `pendingSince` between evaluations and the store keeps the open episodes, so
 * a restart never opens an episode twice (it may wait the hold again for new ones).
 */
import { conditionKey, type AlertCondition, type AlertName } from './alert-rules.ts';
import type { HoldMsOf } from './alert-holds.ts';
import type { AlertEpisodeRecord } from '../store/alert-store.ts';

export type AlertEventState = 'open' | 'closed';

export interface AlertEvent {
  state: AlertEventState;
  alert: AlertName;
  deviceKind: 'station' | 'kiosk';
  deviceId: string;
  stationId: string;
  siteId: string;
  since: string;
  at: string;
}

export interface EpisodeDecision {
  open: AlertEvent[];
  close: AlertEvent[];
  /** Conditions seen but not yet held long enough: key -> first seen (ms). */
  pendingSince: Map<string, number>;
  /** When the first of those will have held long enough (ms); absent: none pending. */
  nextDueMs?: number;
}

export function decideEpisodes(
  conditions: readonly AlertCondition[],
  openEpisodes: readonly AlertEpisodeRecord[],
  pendingSince: ReadonlyMap<string, number>,
  nowMs: number,
  holdMsOf: HoldMsOf,
  /** Devices with a status seen since start: an episode of any other stays open (after a restart, its retained status is not in yet). */
  seenDevices: ReadonlySet<string>,
): EpisodeDecision {
  const at = new Date(nowMs).toISOString();
  const openKeys = new Set(openEpisodes.map((e) => `${e.alert} ${e.deviceId}`));
  const holding = new Set<string>();
  const nextPending = new Map<string, number>();
  const open: AlertEvent[] = [];
  let nextDueMs: number | undefined;
  for (const condition of conditions) {
    const key = conditionKey(condition.alert, condition.device);
    if (holding.has(key)) continue;
    holding.add(key);
    if (openKeys.has(key)) continue;
    const firstSeen = pendingSince.get(key) ?? nowMs;
    const dueMs = firstSeen + holdMsOf(condition.alert);
    if (nowMs >= dueMs) {
      const { device } = condition;
      open.push({
        state: 'open',
        alert: condition.alert,
        deviceKind: device.kind,
        deviceId: device.kind === 'station' ? device.stationId : device.kioskId,
        stationId: device.stationId,
        siteId: condition.siteId,
        since: condition.since,
        at,
      });
    } else {
      nextPending.set(key, firstSeen);
      nextDueMs = Math.min(nextDueMs ?? dueMs, dueMs);
    }
  }
  const close = openEpisodes
    .filter((e) => seenDevices.has(e.deviceId) && !holding.has(`${e.alert} ${e.deviceId}`))
    .map((e): AlertEvent => ({ state: 'closed', alert: e.alert as AlertName, deviceKind: e.deviceKind, deviceId: e.deviceId, stationId: e.stationId, siteId: e.siteId, since: e.since, at }));
  return nextDueMs === undefined ? { open, close, pendingSince: nextPending } : { open, close, pendingSince: nextPending, nextDueMs };
}

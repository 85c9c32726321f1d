/**
 * Central's fleet snapshot (protocol v2 `GET /api/fleet`): the last status of every
 * station and kiosk the account may see, in one answer. The fleet worker reads it at
 * sign-in while the broker replays the same statuses one message each, and it fills in
 * only the devices the broker has not spoken for yet: a status (or its deletion) from
 * the broker is at least as new as central's copy of it. Every status is validated with
 * the shared schemas, as if it had come over MQTT.
 */
import * as v from 'valibot';
import { IdSchema, KioskStatusSchema, StationStatusSchema, validate } from '../../shared/index.ts';
import type { FleetState } from './fleet-state.ts';

const FleetSnapshotSchema = v.object({
  stations: v.array(v.object({ stationId: IdSchema, status: v.unknown() })),
  kiosks: v.array(v.object({ kioskId: IdSchema, status: v.unknown() })),
});

export type FleetSnapshot = v.InferOutput<typeof FleetSnapshotSchema>;

/** Not ok: the console goes on with the broker alone; `warning` says why, absent when there is simply no central. */
export type FleetSnapshotOutcome = { ok: true; snapshot: FleetSnapshot } | { ok: false; warning?: string };

const BROKER_ALONE = 'the statuses come from the broker alone';

export async function fetchFleetSnapshot(request: { url: string; authorization: string }, fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<FleetSnapshotOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, { headers: { authorization: request.authorization, accept: 'application/json' }, cache: 'no-store', credentials: 'omit' });
  } catch (err) {
    return { ok: false, warning: `fleet snapshot: central was not reached at ${request.url} (${err instanceof Error ? err.message : String(err)}); ${BROKER_ALONE}` };
  }
  // A console served without central behind it (protocol v1 deployments): nothing to say.
  if (response.status === 404) return { ok: false };
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? `: ${(body as { error: string }).error}` : '';
    return { ok: false, warning: `fleet snapshot refused by central (HTTP ${response.status}${error}); ${BROKER_ALONE}` };
  }
  const parsed = validate(FleetSnapshotSchema, body);
  if (!parsed.ok) return { ok: false, warning: `fleet snapshot: central's answer is not one (${parsed.issues.slice(0, 3).join('; ')}); ${BROKER_ALONE}` };
  return { ok: true, snapshot: parsed.value };
}

/** What the snapshot changed: the ids to send to the page, and why any entry was dropped. */
export interface SnapshotApplied {
  stations: string[];
  kiosks: string[];
  invalidReasons: string[];
}

/**
 * Applies every status for a device not in `live`, as a retained one: its own `at` says
 * when it was true, and it says nothing of the sender's clock.
 */
export function applyFleetSnapshot(fleet: FleetState, snapshot: FleetSnapshot, live: { stations: ReadonlySet<string>; kiosks: ReadonlySet<string> }, receivedAt: number): SnapshotApplied {
  const applied: SnapshotApplied = { stations: [], kiosks: [], invalidReasons: [] };
  const receipt = { receivedAt, retained: true };
  for (const { stationId, status } of snapshot.stations) {
    if (live.stations.has(stationId)) continue;
    const checked = validate(StationStatusSchema, status);
    if (!checked.ok) {
      applied.invalidReasons.push(`fleet snapshot: station ${stationId}: invalid status dropped (${checked.issues.join('; ')})`);
      continue;
    }
    fleet.applyStationStatus(stationId, checked.value, receipt);
    applied.stations.push(stationId);
  }
  for (const { kioskId, status } of snapshot.kiosks) {
    if (live.kiosks.has(kioskId)) continue;
    const checked = validate(KioskStatusSchema, status);
    if (!checked.ok) {
      applied.invalidReasons.push(`fleet snapshot: kiosk ${kioskId}: invalid status dropped (${checked.issues.join('; ')})`);
      continue;
    }
    fleet.applyKioskStatus(kioskId, checked.value, receipt);
    applied.kiosks.push(kioskId);
  }
  return applied;
}

/**
 * Availability from a device's recorded state transitions (issue 14, uptime history), as
 * pure arithmetic on integer milliseconds, so a scripted history gives exact figures.
 *
 * Over a window [fromMs, toMs):
 * - `online` is up; `offline`, `frozen` and `blank` are down (nobody can use the device);
 * - `sleeping` (the display schedule's night) is neither: it is excluded from the
 *   denominator. Counting it as up would let a site that sleeps 14 h a day hide the
 *   faults of its 10 open hours; counting it as down would punish the schedule;
 * - time before the first transition the store knows of is `unknown` and excluded too
 *   (a device first seen inside the window is judged on the time since).
 * availability = up / (up + down), or null when there is no up or down time at all.
 * A site's figure is time-weighted over its devices: Σup / Σ(up + down).
 */
import type { UptimeState } from './uptime-state.ts';

export interface StateChange {
  state: UptimeState;
  atMs: number;
}

export type SegmentState = UptimeState | 'unknown';

export interface UptimeSegment {
  state: SegmentState;
  fromMs: number;
  toMs: number;
}

export interface AvailabilityFigures {
  upMs: number;
  downMs: number;
  sleepingMs: number;
  unknownMs: number;
  /** up / (up + down), 0…1; null when the device was never up or down in the window. */
  availability: number | null;
}

const DOWN_STATES: ReadonlySet<SegmentState> = new Set(['offline', 'frozen', 'blank']);

/**
 * The window cut into segments of one state each. `changes` are the device's transitions,
 * oldest first, and must include the last one before `fromMs` if there is one (it gives
 * the state at the window's start); later ones past `toMs` are ignored. A transition
 * exactly at `fromMs` starts the window's first segment; one exactly at `toMs` is outside.
 */
export function segmentsOf(changes: readonly StateChange[], fromMs: number, toMs: number): UptimeSegment[] {
  const segments: UptimeSegment[] = [];
  let state: SegmentState = 'unknown';
  let cursor = fromMs;
  const closeSegmentAt = (untilMs: number) => {
    if (untilMs <= cursor) return;
    const last = segments.at(-1);
    if (last && last.state === state) last.toMs = untilMs;
    else segments.push({ state, fromMs: cursor, toMs: untilMs });
    cursor = untilMs;
  };
  for (const change of changes) {
    if (change.atMs >= toMs) break;
    if (change.atMs <= fromMs) {
      state = change.state;
      continue;
    }
    closeSegmentAt(change.atMs);
    state = change.state;
  }
  closeSegmentAt(toMs);
  return segments;
}

export function availabilityOfSegments(segments: readonly UptimeSegment[]): AvailabilityFigures {
  const figures = { upMs: 0, downMs: 0, sleepingMs: 0, unknownMs: 0 };
  for (const s of segments) {
    const ms = s.toMs - s.fromMs;
    if (s.state === 'online') figures.upMs += ms;
    else if (DOWN_STATES.has(s.state)) figures.downMs += ms;
    else if (s.state === 'sleeping') figures.sleepingMs += ms;
    else figures.unknownMs += ms;
  }
  return withAvailability(figures);
}

export function availabilityOf(changes: readonly StateChange[], fromMs: number, toMs: number): AvailabilityFigures {
  return availabilityOfSegments(segmentsOf(changes, fromMs, toMs));
}

/** A site's figure: the devices' times summed, so a device counts by how long it was up or down. */
export function combinedAvailability(devices: readonly AvailabilityFigures[]): AvailabilityFigures {
  const sum = { upMs: 0, downMs: 0, sleepingMs: 0, unknownMs: 0 };
  for (const d of devices) {
    sum.upMs += d.upMs;
    sum.downMs += d.downMs;
    sum.sleepingMs += d.sleepingMs;
    sum.unknownMs += d.unknownMs;
  }
  return withAvailability(sum);
}

function withAvailability(f: Omit<AvailabilityFigures, 'availability'>): AvailabilityFigures {
  const judged = f.upMs + f.downMs;
  return { ...f, availability: judged === 0 ? null : f.upMs / judged };
}

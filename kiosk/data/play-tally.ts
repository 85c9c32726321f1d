/**
 * Proof of play (protocol v2 §Proof of play): per clock hour, how long each screen was on
 * display with which content versions. Pure: every call takes the time, so a test drives
 * it with plain numbers. The state is plain JSON, so it survives a reload in localStorage.
 */
import { hourStartOf, PLAY_HOUR_MS, type PlayEntry, type PlayScreen } from '../../shared/index.ts';

/** What is on display: the screen and the versions behind it. */
export interface PlayShown {
  screen: PlayScreen;
  appVersion: string;
  activitiesUpdatedAt?: string;
  directoryUpdatedAt?: string;
}

/** Hours never acknowledged are kept this long (a kiosk offline for a week), then dropped so storage stays small. */
export const PLAY_KEEP_MS = 7 * 24 * PLAY_HOUR_MS;

export interface PlayTallyState {
  /** Hour start (ms) → entries, durations in ms. */
  hours: Record<string, PlayEntry[]>;
  /** What is on display now and since when (ms); counted up to `since` already. */
  current?: { shown: PlayShown; since: number };
}

const sameShown = (a: PlayShown, b: PlayShown) =>
  a.screen === b.screen && a.appVersion === b.appVersion && a.activitiesUpdatedAt === b.activitiesUpdatedAt && a.directoryUpdatedAt === b.directoryUpdatedAt;

export class PlayTally {
  private readonly hours: Map<number, PlayEntry[]>;
  private current?: { shown: PlayShown; since: number };

  constructor(state?: PlayTallyState) {
    this.hours = new Map(Object.entries(state?.hours ?? {}).map(([hour, entries]) => [Number(hour), entries.map((e) => ({ ...e }))]));
    this.current = state?.current ? { shown: { ...state.current.shown }, since: state.current.since } : undefined;
  }

  /** `shown` is on display from `nowMs`; what was shown before is counted up to then. */
  show(shown: PlayShown, nowMs: number): void {
    if (this.current && sameShown(this.current.shown, shown)) return;
    this.checkpoint(nowMs);
    this.current = { shown: { ...shown }, since: nowMs };
  }

  /** Counts what is on display up to `nowMs`, split at every hour boundary it crosses. */
  checkpoint(nowMs: number): void {
    const current = this.current;
    if (!current) return;
    let from = current.since;
    while (from < nowMs) {
      const to = Math.min(nowMs, hourStartOf(from) + PLAY_HOUR_MS);
      this.add(hourStartOf(from), current.shown, to - from);
      from = to;
    }
    current.since = Math.max(current.since, nowMs);
  }

  private dropOlderThan(cutoffMs: number): void {
    for (const hour of this.hours.keys()) if (hour < cutoffMs) this.hours.delete(hour);
  }

  /** The hours over by `nowMs` (after a checkpoint), oldest first. */
  completedHours(nowMs: number): { hour: number; entries: PlayEntry[] }[] {
    this.checkpoint(nowMs);
    this.dropOlderThan(hourStartOf(nowMs) - PLAY_KEEP_MS);
    const open = hourStartOf(nowMs);
    return [...this.hours.entries()]
      .filter(([hour]) => hour < open)
      .sort(([a], [b]) => a - b)
      .map(([hour, entries]) => ({ hour, entries: entries.map((e) => ({ ...e })) }));
  }

  /** The broker has the hour's report: forget it. */
  acknowledge(hour: number): void {
    this.hours.delete(hour);
  }

  /**
   * The state to keep. `current` is left out on purpose: after a reload, the time between
   * the last save and the reload is unknown, so it is not counted (at most one save period).
   */
  toJSON(): PlayTallyState {
    return { hours: Object.fromEntries([...this.hours.entries()].map(([hour, entries]) => [String(hour), entries])) };
  }

  private add(hour: number, shown: PlayShown, ms: number): void {
    const entries = this.hours.get(hour) ?? [];
    const entry = entries.find((e) => sameShown(e, shown));
    if (entry) entry.durationMs += ms;
    else entries.push({ ...shown, durationMs: ms });
    this.hours.set(hour, entries);
  }
}

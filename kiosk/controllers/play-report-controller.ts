/**
 * Proof of play (protocol v2 §Proof of play): follows what is on display into the hourly
 * tally, saves it every 30 s and on every change, and once an hour is over publishes its
 * report, QoS 1. An hour is forgotten only when the broker acknowledges it (PUBACK), so
 * a report lost to a disconnect or a reload is sent again later; central keeps one per hour.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PlayReport, Topics } from '../../shared/index.ts';
import { loadPlayTally, savePlayTally } from '../data/play-store.ts';
import { PlayTally, type PlayShown } from '../data/play-tally.ts';

export interface PlayReportDeps {
  kioskId: string;
  stationId: string;
  topics: Topics;
  storageScope: string;
  /** What is on display now. */
  shown(): PlayShown;
  /** Resolves true once the broker acknowledged the message, false if it could not be sent. */
  publishAcked(topic: string, payload: object): Promise<boolean>;
}

const SAVE_EVERY_MS = 30_000;

export class PlayReportController implements ReactiveController {
  private readonly tally: PlayTally;
  private timer?: ReturnType<typeof setInterval>;
  private readonly inFlight = new Set<number>();

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: PlayReportDeps,
  ) {
    this.tally = new PlayTally(loadPlayTally(deps.storageScope));
    host.addController(this);
  }

  hostConnected(): void {
    this.tally.show(this.deps.shown(), Date.now());
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), SAVE_EVERY_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.save(Date.now());
  }

  /** After every render: the screen, an overlay or a content version may have changed. */
  hostUpdated(): void {
    this.tally.show(this.deps.shown(), Date.now());
  }

  /** Saves, and sends every hour that is over and not yet acknowledged (also on connect). */
  tick(): void {
    const nowMs = Date.now();
    this.save(nowMs);
    for (const { hour, entries } of this.tally.completedHours(nowMs)) {
      if (this.inFlight.has(hour)) continue;
      const report: PlayReport = { v: 2, kioskId: this.deps.kioskId, stationId: this.deps.stationId, hour: new Date(hour).toISOString(), entries, sentAt: new Date(nowMs).toISOString() };
      this.inFlight.add(hour);
      void this.deps
        .publishAcked(this.deps.topics.kioskPlay(this.deps.kioskId), report)
        .then((acked) => {
          if (!acked) return;
          this.tally.acknowledge(hour);
          savePlayTally(this.deps.storageScope, this.tally.toJSON());
        })
        .finally(() => this.inFlight.delete(hour));
    }
  }

  private save(nowMs: number): void {
    this.tally.checkpoint(nowMs);
    savePlayTally(this.deps.storageScope, this.tally.toJSON());
  }
}

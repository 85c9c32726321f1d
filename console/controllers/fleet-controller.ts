/**
 * Holds the fleet state and the rows derived from it. Messages are queued and
 * applied once per animation frame, so 2,000 retained statuses arriving at once
 * cost one render, not 2,000. A slow tick refreshes ages and time-based alerts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Topics } from '../../shared/index.ts';
import type { AlertThresholds } from '../data/console-config.ts';
import { applyFleetMessage, type FleetMessage } from '../data/fleet-messages.ts';
import { buildStationRows, sitesOf, type StationRow } from '../data/fleet-rows.ts';
import { FleetState } from '../data/fleet-state.ts';

const AGE_REFRESH_MS = 5_000;
/** Enough to diagnose a misbehaving sender without flooding the devtools console. */
const INVALID_LOG_LIMIT = 20;

export interface FleetControllerDeps {
  topics: Topics;
  thresholds: AlertThresholds;
  now?: () => number;
}

export class FleetController implements ReactiveController {
  rows: StationRow[] = [];
  sites: string[] = [];
  invalidCount = 0;
  lastInvalidReason?: string;
  readonly state = new FleetState();
  private queue: FleetMessage[] = [];
  private frameScheduled = false;
  private builtRevision = -1;
  private ageTimer?: ReturnType<typeof setInterval>;
  private readonly now: () => number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: FleetControllerDeps,
  ) {
    this.now = deps.now ?? Date.now;
    host.addController(this);
  }

  hostConnected(): void {
    this.ageTimer = setInterval(() => this.rebuild(true), AGE_REFRESH_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.ageTimer);
  }

  /** Called for every MQTT message; cheap, the work happens in `flush`. */
  enqueue(topic: string, payload: Uint8Array, retained: boolean): void {
    this.queue.push({ topic, payload, receipt: { receivedAt: this.now(), retained } });
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    // A hidden tab gets no animation frames; a timer keeps the queue from growing forever.
    if (document.hidden) setTimeout(() => this.flush(), 1_000);
    else requestAnimationFrame(() => this.flush());
  }

  flush(): void {
    this.frameScheduled = false;
    const batch = this.queue;
    this.queue = [];
    const invalidBefore = this.invalidCount;
    for (const message of batch) {
      const outcome = applyFleetMessage(this.state, this.deps.topics, message);
      if (outcome.ok) continue;
      this.invalidCount++;
      this.lastInvalidReason = outcome.reason;
      if (this.invalidCount <= INVALID_LOG_LIMIT) console.warn(`[console] ${outcome.reason}`);
    }
    this.rebuild(false);
    if (this.invalidCount !== invalidBefore) this.host.requestUpdate();
  }

  /** Forget everything, e.g. after signing in as someone else. */
  reset(): void {
    this.state.stations.clear();
    this.state.kiosks.clear();
    this.state.revision++;
    this.queue = [];
    this.rebuild(false);
  }

  /** Rebuilds the rows now, e.g. so that alert texts follow a language switch. */
  refresh(): void {
    this.rebuild(true);
  }

  private rebuild(force: boolean): void {
    if (!force && this.builtRevision === this.state.revision) return;
    this.builtRevision = this.state.revision;
    this.rows = buildStationRows(this.state, { now: this.now(), thresholds: this.deps.thresholds });
    this.sites = sitesOf(this.rows);
    this.host.requestUpdate();
  }
}

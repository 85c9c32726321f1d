/**
 * Holds the page's copy of the fleet state and the rows derived from it. The fleet
 * worker validates and indexes every message and sends whole changed records in
 * batches; they are copied in and the rows rebuilt once per animation frame, so
 * 2,000 retained statuses arriving at once cost a few renders, not 2,000. A slow tick
 * refreshes ages and time-based alerts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AlertThresholds } from '../data/console-config.ts';
import { sitesOf, StationRowsBuilder, type StationRow } from '../data/fleet-rows.ts';
import { FleetState } from '../data/fleet-state.ts';
import type { FleetBatch } from '../worker/fleet-link-protocol.ts';

const AGE_REFRESH_MS = 5_000;
/** Enough to diagnose a misbehaving sender without flooding the devtools console. */
const INVALID_LOG_LIMIT = 20;

export interface FleetControllerDeps {
  thresholds: AlertThresholds;
  now?: () => number;
}

export class FleetController implements ReactiveController {
  rows: StationRow[] = [];
  sites: string[] = [];
  invalidCount = 0;
  lastInvalidReason?: string;
  readonly state = new FleetState();
  private queue: FleetBatch[] = [];
  private frameScheduled = false;
  private builtRevision = -1;
  private readonly rowsBuilder = new StationRowsBuilder();
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

  /** Called for every batch from the worker; cheap, the work happens in `flush`. */
  enqueue(batch: FleetBatch): void {
    this.queue.push(batch);
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    // A hidden tab gets no animation frames; a timer keeps the queue from growing forever.
    if (document.hidden) setTimeout(() => this.flush(), 1_000);
    else requestAnimationFrame(() => this.flush());
  }

  flush(): void {
    this.frameScheduled = false;
    const batches = this.queue;
    this.queue = [];
    const invalidBefore = this.invalidCount;
    for (const batch of batches) {
      this.state.applyRecords(batch);
      for (const reason of batch.invalidReasons) {
        this.lastInvalidReason = reason;
        if (this.invalidCount < INVALID_LOG_LIMIT) console.warn(`[console] ${reason}`);
        this.invalidCount++;
      }
      // Past a batch's first reasons only the count travels.
      this.invalidCount += batch.invalidCount - batch.invalidReasons.length;
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
    this.rows = this.rowsBuilder.build(this.state, { now: this.now(), thresholds: this.deps.thresholds }, { force });
    this.sites = sitesOf(this.rows);
    this.host.requestUpdate();
  }
}

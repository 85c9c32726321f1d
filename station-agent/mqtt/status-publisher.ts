/**
 * The retained StationStatus (protocol v1 §Payloads): published on every connect,
 * on change (coalesced to at most one publish per second) and as a heartbeat.
 */
import type { StationStatus } from '../../shared/index.ts';
import type { Publisher } from './delivery.ts';

export interface StatusPublisherDeps {
  link: Publisher;
  topic: string;
  build(): StationStatus;
  heartbeatMs?: number;
  minIntervalMs?: number;
  now?: () => number;
}

export class StatusPublisher {
  private lastPublishAt = 0;
  private pendingTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: StatusPublisherDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.heartbeat = setInterval(() => this.publishNow(), this.deps.heartbeatMs ?? 30_000);
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
  }

  connected(): void {
    this.publishNow();
  }

  /** Something in the status changed: publish now, or once the 1 s window has passed. */
  changed(): void {
    if (this.pendingTimer) return;
    const wait = this.lastPublishAt + (this.deps.minIntervalMs ?? 1000) - this.now();
    if (wait <= 0) this.publishNow();
    else this.pendingTimer = setTimeout(() => this.publishNow(), wait);
  }

  private publishNow(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
    const sent = this.deps.link.publish(this.deps.topic, JSON.stringify(this.deps.build()), { qos: 1, retain: true });
    if (sent) this.lastPublishAt = this.now();
  }
}

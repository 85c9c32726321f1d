/**
 * Which replica runs the work that must run once (auto-close at the cutoff, points
 * expiry): the holder of the lease `central-jobs` (lease-store.ts). Every replica tries
 * to take or renew it every `renewEveryMs`; the holder renews it for `ttlMs`. When the
 * holder dies its lease lapses, and another replica holds it at most
 * `ttlMs + renewEveryMs` later (20 s + 5 s by default, inside issue 13's 30 s).
 *
 * A replica that cannot reach the store stops believing it holds the lease once its last
 * successful renewal is `ttlMs` old (counted from when it asked), so two replicas never
 * both run the jobs for longer than the store takes to answer.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CentralLogger } from '../observability/logger.ts';
import type { LeaseStore } from '../store/lease-store.ts';

export const JOBS_LEASE = 'central-jobs';

export interface JobLeaderOptions {
  leases: LeaseStore;
  log: CentralLogger;
  /** This replica's name in the lease table; default host, pid and a random suffix. */
  holder?: string;
  ttlMs?: number;
  renewEveryMs?: number;
  /** Called when this replica becomes the holder, to run the jobs at once rather than at their next tick. */
  onGained?: () => void;
  /** Local monotonic time, for tests. */
  nowMs?: () => number;
}

export class JobLeader {
  readonly holder: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private heldUntilMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private trying: Promise<void> | undefined;
  private wasHolder = false;

  constructor(private readonly options: JobLeaderOptions) {
    this.holder = options.holder ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.ttlMs = options.ttlMs ?? 20_000;
    this.renewEveryMs = options.renewEveryMs ?? 5_000;
    if (this.renewEveryMs * 2 > this.ttlMs) throw new Error(`job leader: renewEveryMs (${this.renewEveryMs}) must be at most half of ttlMs (${this.ttlMs})`);
  }

  private now(): number {
    return this.options.nowMs?.() ?? performance.now();
  }

  /** True while this replica holds the lease and its last renewal is younger than the ttl. */
  holds(): boolean {
    return this.now() < this.heldUntilMs;
  }

  start(): Promise<void> {
    this.timer = setInterval(() => void this.tryHold(), this.renewEveryMs);
    this.timer.unref();
    return this.tryHold();
  }

  /** One take-or-renew; `start` calls it on its timer. */
  tryHold(): Promise<void> {
    this.trying ??= (async () => {
      const askedAt = this.now();
      try {
        const held = await this.options.leases.hold(JOBS_LEASE, this.holder, this.ttlMs);
        this.heldUntilMs = held ? askedAt + this.ttlMs : 0;
      } catch (err) {
        this.options.log.warn({ err }, 'could not renew the run-once jobs lease; will retry');
      }
      const isHolder = this.holds();
      if (isHolder !== this.wasHolder) {
        this.wasHolder = isHolder;
        this.options.log.info({ holder: this.holder, lease: JOBS_LEASE }, isHolder ? 'this replica now runs the run-once jobs' : 'this replica no longer runs the run-once jobs');
        if (isHolder) this.options.onGained?.();
      }
    })().finally(() => (this.trying = undefined));
    return this.trying;
  }

  /** Stops renewing and gives the lease up, so another replica takes over at its next try. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.trying;
    const held = this.holds();
    this.heldUntilMs = 0;
    if (held) await this.options.leases.release(JOBS_LEASE, this.holder).catch(() => undefined);
  }
}

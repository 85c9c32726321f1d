/**
 * The rewards shop as central runs it: applies the pure rules (hold time, codes, the
 * month a limit counts in) to the store's atomic steps, and keeps the sites' retained
 * rewards views in step. The phone's reservation routes and the desk routes call it;
 * central/main.ts builds one and starts it after the MQTT connection.
 */
import { randomInt } from 'node:crypto';
import type { Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { Redemption, ShopOutcome } from '../store/shop-store.ts';
import { ReservationExpiryScheduler } from './reservation-expiry.ts';
import { RewardsViewPublisher } from './rewards-view-publisher.ts';
import { localMonthOf, redemptionCodeCandidates, RESERVATION_HOLD_MS } from './shop-rules.ts';

export interface ShopServiceDeps {
  store: CentralStore;
  mqtt: Pick<CentralMqtt, 'publish'>;
  topics: Topics;
  timeZone: string;
  log: CentralLogger;
  now?: () => Date;
  random?: (bound: number) => number;
}

export class ShopService {
  readonly views: RewardsViewPublisher;
  private readonly expiry: ReservationExpiryScheduler;
  private readonly random: (bound: number) => number;

  constructor(private readonly deps: ShopServiceDeps) {
    this.views = new RewardsViewPublisher(deps);
    this.expiry = new ReservationExpiryScheduler({ store: deps.store, views: this.views, log: deps.log, ...(deps.now ? { now: deps.now } : {}) });
    this.random = deps.random ?? ((bound) => randomInt(bound));
  }

  get store(): CentralStore {
    return this.deps.store;
  }

  nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  /** After the MQTT connection: every site's view, then the expiry timer. */
  start(): void {
    void this.views.refreshAll();
    this.expiry.start();
  }

  async stop(): Promise<void> {
    await this.expiry.stop();
  }

  expireDue(): Promise<number> {
    return this.expiry.runOnce();
  }

  async reserve(volunteerId: string, request: { siteId: string; itemId: string; requestId: string }): Promise<ShopOutcome> {
    const nowMs = this.nowMs();
    const outcome = await this.deps.store.shop.reserve({
      ...request,
      volunteerId,
      at: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + RESERVATION_HOLD_MS).toISOString(),
      localMonth: localMonthOf(nowMs, this.deps.timeZone),
      codes: redemptionCodeCandidates(this.random),
    });
    return this.changed(outcome);
  }

  /** Card-only desk: take and hand over at once. */
  async redeem(volunteerId: string, request: { siteId: string; itemId: string; requestId: string }, actor: string): Promise<ShopOutcome> {
    const nowMs = this.nowMs();
    const outcome = await this.deps.store.shop.redeem({ ...request, volunteerId, actor, at: new Date(nowMs).toISOString(), localMonth: localMonthOf(nowMs, this.deps.timeZone) });
    return this.changed(outcome);
  }

  async handOver(request: { siteId: string; code: string; requestId: string }, actor: string): Promise<ShopOutcome> {
    const outcome = await this.deps.store.shop.handOver({ ...request, actor, at: new Date(this.nowMs()).toISOString() });
    // A refused hand-over may have expired the reservation (units back on the shelf).
    if (!outcome.ok) await this.views.refresh(request.siteId);
    return this.changed(outcome);
  }

  async cancel(request: { redemptionId: string; requestId: string; volunteerId?: string; reason: string }, actor: string): Promise<ShopOutcome> {
    return this.changed(await this.deps.store.shop.cancel({ ...request, actor, at: new Date(this.nowMs()).toISOString() }));
  }

  async reverse(request: { redemptionId: string; requestId: string; reason: string }, actor: string): Promise<ShopOutcome> {
    return this.changed(await this.deps.store.shop.reverse({ ...request, actor, at: new Date(this.nowMs()).toISOString() }));
  }

  /** A volunteer's reservations still waiting at a desk, newest first (those past their time are not shown). */
  async pendingOf(volunteerId: string): Promise<Redemption[]> {
    const nowMs = this.nowMs();
    return (await this.deps.store.shop.listRedemptions({ volunteerId, states: ['reserved'] })).filter((r) => Date.parse(r.expiresAt!) > nowMs);
  }

  private async changed(outcome: ShopOutcome): Promise<ShopOutcome> {
    if (outcome.ok && !outcome.repeated) await this.views.refresh(outcome.redemption.siteId);
    return outcome;
  }
}

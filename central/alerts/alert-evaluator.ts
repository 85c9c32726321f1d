/**
 * Evaluates the alert rules over the last statuses (StationStatusBoard) on every status
 * and on a timer, turns held conditions into episodes in the store, and hands their
 * events to the webhook outbox. Only the replica holding the jobs lease evaluates
 * (central/jobs/job-leader.ts), so each event is queued once. Besides the timer, one more
 * evaluation is set for the moment the first pending condition's hold runs out, so an
 * episode opens then rather than up to a timer period later.
 */
import { DEFAULT_ALERT_THRESHOLDS, type CentralConfig, type StationsFile } from '../../shared/index.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { StationStatusBoard } from '../stations/station-status-board.ts';
import type { AlertStore } from '../store/alert-store.ts';
import type { SeqGap } from '../store/central-store.ts';
import { decideEpisodes, type AlertEvent } from './alert-episodes.ts';
import { holdMsFrom, type HoldMsOf } from './alert-holds.ts';
import { alertConditions, DEFAULT_STORAGE_LOW_FRACTION, type KioskSeen, type StationSeen } from './alert-rules.ts';
import { deliveriesFor, type WebhookDelivery } from './webhook-delivery.ts';
import { SerialPass } from '../jobs/serial-pass.ts';
import type { AlertSubscriptionStore, StoredAlertSubscription } from '../store/alert-subscription-store.ts';
import { queueDueDigests } from './alert-digests.ts';
import { subscriberDeliveries } from './subscription-rules.ts';

export const EVALUATE_EVERY_MS = 10_000;

export interface AlertEvaluatorDeps {
  board: StationStatusBoard;
  stations: StationsFile;
  alerts: AlertStore;
  /** The stations' unfilled seq gaps (CentralStore.listSeqGaps: one small table, only open gaps). */
  seqGaps: () => Promise<SeqGap[]>;
  config: CentralConfig['alerts'];
  delivery: WebhookDelivery;
  log: CentralLogger;
  nowMs: () => number;
  leader?: { holds(): boolean };
  evaluateEveryMs?: number;
  /** Alert email subscriptions (mailed only when `alerts.email` configures SMTP), in the programme's zone. */
  subscriptions?: { store: AlertSubscriptionStore; timeZone: string };
}

export class AlertEvaluator {
  private timer: NodeJS.Timeout | undefined;
  /** The extra evaluation when the first pending hold runs out. */
  private dueTimer: NodeJS.Timeout | undefined;
  private pendingSince = new Map<string, number>();
  private readonly pass: SerialPass;
  private readonly holdMsOf: HoldMsOf;
  private started = false;

  constructor(private readonly deps: AlertEvaluatorDeps) {
    this.holdMsOf = holdMsFrom(deps.config);
    this.pass = new SerialPass(async () => {
      await this.evaluate();
      await this.deps.delivery.runOnce();
    }, (err) => {
      this.deps.log.error({ err }, 'alert evaluation failed; will retry');
    });
  }

  start(): void {
    this.started = true;
    this.deps.board.onStatus(() => void this.runOnce());
    this.timer = setInterval(() => void this.runOnce(), this.deps.evaluateEveryMs ?? EVALUATE_EVERY_MS);
    this.timer.unref();
    void this.runOnce();
  }

  /** Evaluations run one after another; a burst of statuses while one runs makes one more. */
  runOnce(): Promise<void> {
    return this.started ? this.pass.run() : this.pass.settled;
  }

  private async evaluate(): Promise<void> {
    const { board, stations, alerts, config, log, leader } = this.deps;
    if (leader && !leader.holds()) {
      // Another replica evaluates; if this one takes over, it counts holding times afresh.
      this.pendingSince.clear();
      return;
    }
    const nowMs = this.deps.nowMs();
    const oldestGapAt = oldestGapByStation(await this.deps.seqGaps());
    const stationSeen: StationSeen[] = [];
    for (const [stationId, seen] of board.stations) {
      const entry = stations[stationId];
      const gapAt = oldestGapAt.get(stationId);
      if (entry) stationSeen.push({ stationId, siteId: entry.siteId, ...seen, ...(gapAt === undefined ? {} : { oldestGapAt: gapAt }) });
    }
    const kioskSeen: KioskSeen[] = [];
    for (const [kioskId, seen] of board.kiosks) {
      const stationId = board.stationOfKiosk.get(kioskId);
      const entry = stationId === undefined ? undefined : stations[stationId];
      if (stationId !== undefined && entry) kioskSeen.push({ kioskId, stationId, siteId: entry.siteId, ...seen });
    }
    const conditions = alertConditions(stationSeen, kioskSeen, nowMs, {
      outboxAgeMs: DEFAULT_ALERT_THRESHOLDS.outboxAgeMs,
      storageLowFraction: DEFAULT_STORAGE_LOW_FRACTION,
      clockSkewMs: config.clockSkewSeconds * 1000,
    });
    const seenDevices = new Set([...stationSeen.map((s) => s.stationId), ...kioskSeen.map((k) => k.kioskId)]);
    const subscribers = this.deps.subscriptions && config.email ? await this.deps.subscriptions.store.listAll() : [];
    const decision = decideEpisodes(conditions, await alerts.listOpenEpisodes(), this.pendingSince, nowMs, this.holdMsOf, seenDevices);
    this.pendingSince = decision.pendingSince;
    this.scheduleDue(decision.nextDueMs, nowMs);
    log.debug({ held: conditions.length, pending: this.pendingSince.size, opening: decision.open.length, closing: decision.close.length }, 'alert conditions evaluated');
    for (const event of decision.open) {
      const record = { alert: event.alert, deviceId: event.deviceId, deviceKind: event.deviceKind, stationId: event.stationId, siteId: event.siteId, since: event.since, openedAt: event.at };
      if (await alerts.openEpisode(record, this.deliveriesOf(event, subscribers, nowMs), nowMs)) log.warn(logFields(event), 'alert opened');
    }
    for (const event of decision.close) {
      if (await alerts.closeEpisode(event.alert, event.deviceId, event.at, this.deliveriesOf(event, subscribers, nowMs), nowMs)) log.info(logFields(event), 'alert closed');
    }
    if (this.deps.subscriptions && subscribers.length) await queueDueDigests(this.deps.subscriptions.store, subscribers, nowMs, this.deps.subscriptions.timeZone, log);
  }

  /**
   * One timer at a time, for the earliest due hold; a later evaluation replaces it. A hold
   * due after the next tick is left to that tick (which schedules again), so a long hold
   * never needs a timer longer than setTimeout's 24.8 days.
   */
  private scheduleDue(dueMs: number | undefined, nowMs: number): void {
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
    const delayMs = dueMs === undefined ? Infinity : Math.max(0, dueMs - nowMs);
    if (!this.started || delayMs > (this.deps.evaluateEveryMs ?? EVALUATE_EVERY_MS)) return;
    this.dueTimer = setTimeout(() => void this.runOnce(), delayMs);
    this.dueTimer.unref();
  }

  private deliveriesOf(event: AlertEvent, subscribers: readonly StoredAlertSubscription[], nowMs: number) {
    const fromConfig = deliveriesFor(event, this.deps.config.webhooks, this.deps.config.email);
    return this.deps.subscriptions ? [...fromConfig, ...subscriberDeliveries(event, subscribers, nowMs, this.deps.subscriptions.timeZone)] : fromConfig;
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
    await this.pass.settled;
    await this.deps.delivery.stop();
  }
}

/** Gaps come ordered by station and seq, not by detection: the oldest detection per station. */
function oldestGapByStation(gaps: readonly SeqGap[]): Map<string, string> {
  const oldest = new Map<string, string>();
  for (const gap of gaps) {
    const known = oldest.get(gap.stationId);
    if (known === undefined || gap.detectedAt < known) oldest.set(gap.stationId, gap.detectedAt);
  }
  return oldest;
}

function logFields(event: AlertEvent): Record<string, string> {
  return { alert: event.alert, [event.deviceKind === 'station' ? 'stationId' : 'kioskId']: event.deviceId, siteId: event.siteId, since: event.since };
}

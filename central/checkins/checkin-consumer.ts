/**
 * Consumes `R/stations/+/checkins` (through `$share/central/...` when configured, so
 * replicas share the load), validates each payload with the shared schema, records
 * it exactly once per id in batched transactions, and answers every check-in,
 * repeats included, with the stored Result on `R/stations/{id}/results`.
 */
import { CheckInSchema, parseJson, redactCardUid, type CheckIn, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CardCheckInRequest, CentralStore, RecordOutcome } from '../store/central-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';

/** Check-ins per transaction: one fsync serves the whole batch. */
const MAX_BATCH = 500;

/** A validated CheckIn as the store records it; an unregistered station's is refused there, and answered. */
export function cardRequestOf(c: CheckIn, stations: StationsFile): CardCheckInRequest {
  return {
    id: c.id,
    stationId: c.stationId,
    method: 'card',
    cardUid: c.card.uid,
    seq: c.seq,
    at: c.at,
    ...(stations[c.stationId] ? {} : { rejectReason: 'unknown-station' }),
  };
}
export const SHARED_SUBSCRIPTION_GROUP = 'central';

export interface CheckinConsumerDeps {
  mqtt: CentralMqtt;
  store: CentralStore;
  topics: Topics;
  stations: StationsFile;
  rules: TimeBankRules;
  sharedSubscription: boolean;
  log: CentralLogger;
  metrics: CentralMetrics;
  now?: () => Date;
}

export class CheckinConsumer {
  private queue: CardCheckInRequest[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly deps: CheckinConsumerDeps) {}

  subscriptionFilter(): string {
    const filter = this.deps.topics.allStations('checkins');
    return this.deps.sharedSubscription ? `$share/${SHARED_SUBSCRIPTION_GROUP}/${filter}` : filter;
  }

  /** Registers the subscription; call before the MQTT connection starts. */
  start(): void {
    this.deps.mqtt.subscribe(this.subscriptionFilter(), (topic, payload) => this.onMessage(topic, payload));
  }

  /** Waits for everything received so far to be recorded and answered. */
  async stop(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private onMessage(topic: string, payload: Buffer): void {
    const { topics, log, metrics, stations } = this.deps;
    const parsedTopic = topics.parse(topic);
    if (parsedTopic?.kind !== 'station') return;
    const checkIn = parseJson(CheckInSchema, payload);
    if (!checkIn.ok) {
      metrics.invalidPayloadsTotal.inc({ kind: 'checkin' });
      log.warn({ stationId: parsedTopic.stationId, issues: checkIn.issues }, 'check-in dropped: invalid payload');
      return;
    }
    const c = checkIn.value;
    if (c.stationId !== parsedTopic.stationId) {
      metrics.invalidPayloadsTotal.inc({ kind: 'checkin' });
      log.warn({ topicStationId: parsedTopic.stationId, payloadStationId: c.stationId, id: c.id }, 'check-in dropped: stationId does not match its topic');
      return;
    }
    // Guarded: building the log object costs more than the check at thousands per second.
    if (log.isLevelEnabled('debug')) log.debug({ id: c.id, stationId: c.stationId, seq: c.seq, card: redactCardUid(c.card.uid) }, 'check-in received');
    this.queue.push(cardRequestOf(c, stations));
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flushAll())
      .finally(() => {
        this.flushing = undefined;
        if (this.queue.length > 0) this.scheduleFlush();
      });
  }

  private async flushAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.recordAndAnswer(batch);
    }
  }

  private async recordAndAnswer(batch: CardCheckInRequest[]): Promise<void> {
    const { store, rules, metrics, log } = this.deps;
    const stopTimer = metrics.batchSeconds.startTimer();
    let outcomes: RecordOutcome[];
    try {
      outcomes = await store.recordCheckIns(batch, rules, (this.deps.now?.() ?? new Date()).toISOString());
    } catch (err) {
      metrics.storeErrorsTotal.inc();
      stopTimer();
      if (batch.length > 1) {
        // One bad check-in must not hold back the rest of its batch: retry them one by one.
        log.warn({ err, batch: batch.length }, 'recording a batch failed; retrying its check-ins one by one');
        for (const request of batch) await this.recordAndAnswer([request]);
      } else {
        // Not answered, so the agent keeps its outbox entry and resends.
        log.error({ err, id: batch[0]?.id, stationId: batch[0]?.stationId }, 'recording a check-in failed; the agent will resend');
      }
      return;
    }
    stopTimer();
    outcomes.forEach((outcome, index) => this.answer(batch[index]!, outcome));
  }

  private answer(request: CardCheckInRequest, outcome: RecordOutcome): void {
    const { mqtt, topics, metrics, log } = this.deps;
    if (outcome.kind !== 'recorded') return;
    const { result, repeated, newGap } = outcome;
    metrics.checkinsTotal.inc({ method: 'card', status: result.status, repeated: String(repeated) });
    if (newGap) {
      metrics.seqGapsTotal.inc();
      metrics.seqMissingTotal.inc(newGap.toSeq - newGap.fromSeq + 1);
      log.warn(newGap, 'seq gap: check-ins missing from this station');
    }
    if (result.status === 'rejected' && !repeated) {
      log.info({ id: request.id, stationId: request.stationId, reason: result.reason, at: request.at, card: redactCardUid(request.cardUid) }, 'check-in rejected');
    }
    if (result.reviewReason !== undefined && !repeated) {
      log.warn({ id: request.id, stationId: request.stationId, reviewReason: result.reviewReason, at: request.at, card: redactCardUid(request.cardUid) }, 'session held for review');
    }
    mqtt.publish(topics.station(request.stationId, 'results'), result).catch((err: unknown) => {
      log.warn({ err, id: request.id }, 'publishing a Result failed; the agent will resend and get it again');
    });
  }
}

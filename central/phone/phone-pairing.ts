/**
 * Linking a phone to a volunteer (protocol v2 §Linking a phone), as three events:
 *   1. the phone starts a pairing for a typed number at the station whose QR it scanned
 *      (answered the same whether the number exists or not: it only ever waits);
 *   2. a card tap at that station: if the card's owner has a pairing waiting there, the
 *      kiosk is sent that pairing's code among decoys (`R/stations/S/pairing`);
 *   3. the kiosk's answer (`R/stations/S/pairing-answers`): the code the card holder
 *      touched links exactly that phone; a decoy or "not me" links none.
 * State lives in the store, so any replica may handle any event.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  CheckInSchema,
  isValidId,
  maskName,
  PairingAnswerSchema,
  parseJson,
  type PairingPrompt,
  type PairingStartRequest,
  type PairingView,
  type StationsFile,
  type Topics,
} from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CentralStore } from '../store/central-store.ts';
import {
  decideAnswer,
  decideTap,
  freshPairingCode,
  MAX_PHONES_PER_VOLUNTEER,
  MAX_WAITING_PER_VOLUNTEER_STATION,
  PAIRING_TAP_WINDOW_MS,
  visibleState,
  type RandomInt,
} from './pairing-rules.ts';
import type { PhoneCheckin, PhoneClient, PhoneOutcome } from './phone-checkin.ts';

/** A tap stamped this long before the pairing started (station clocks drift) still counts; an older one is from before. */
export const TAP_CLOCK_SKEW_MS = 30_000;
/** Settled pairings, used challenges and idle counters are dropped at most this often (store.phone.prunePhoneState). */
export const PRUNE_EVERY_MS = 10 * 60_000;

export interface PhonePairingDeps {
  store: CentralStore;
  mqtt: CentralMqtt;
  topics: Topics;
  stations: StationsFile;
  checkin: PhoneCheckin;
  log: CentralLogger;
  metrics: CentralMetrics;
  now?: () => Date;
  random?: RandomInt;
}

export class PhonePairing {
  private readonly random: RandomInt;
  private lastPruneMs = 0;

  constructor(private readonly deps: PhonePairingDeps) {
    this.random = deps.random ?? ((bound) => randomInt(bound));
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  /** Registers the MQTT handlers; call before the connection starts. `checkinFilter` is the check-in consumer's own filter. */
  start(checkinFilter: string, sharedSubscription: boolean): void {
    const { mqtt, topics } = this.deps;
    const answers = topics.allStations('pairing-answers');
    mqtt.subscribe(checkinFilter, (topic, payload) => void this.onCardCheckIn(topic, payload));
    mqtt.subscribe(sharedSubscription ? `$share/central/${answers}` : answers, (topic, payload) => void this.onAnswer(topic, payload));
  }

  /** Step 1. Every start counts against the throttle, so starts for real and invented numbers cost the same. */
  async begin(request: PairingStartRequest, client: PhoneClient, expectedStationId?: string): Promise<PhoneOutcome<PairingView>> {
    const { checkin } = this.deps;
    const keys = checkin.keysOf(client, request.token, expectedStationId, request.volunteer);
    return checkin.throttled(keys, () => this.tryBegin(request, client, expectedStationId), true);
  }

  private async tryBegin(request: PairingStartRequest, client: PhoneClient, expectedStationId?: string): Promise<PhoneOutcome<PairingView>> {
    const { store, checkin, stations, log } = this.deps;
    const admission = await checkin.admitRequest(request.token, request.ticket, client.deviceHash, expectedStationId);
    if (!admission.ok) return admission;
    const { stationId } = admission.value;
    const volunteerId = request.volunteer.trim();
    if (!isValidId(volunteerId)) return { ok: false, reason: 'bad-volunteer-number', stationId };
    const nowMs = this.nowMs();
    const taken = (await store.phone.waitingPairings(stationId, volunteerId)).map((p) => p.code);
    const pairing = {
      id: randomUUID(),
      volunteerId,
      stationId,
      deviceHash: client.deviceHash!,
      code: freshPairingCode(taken, this.random),
      state: 'awaiting-tap' as const,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + PAIRING_TAP_WINDOW_MS,
    };
    await store.phone.startPairing(pairing, MAX_WAITING_PER_VOLUNTEER_STATION, nowMs);
    if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = nowMs;
      await store.phone.prunePhoneState(nowMs);
    }
    log.info({ pairingId: pairing.id, stationId }, 'phone pairing started');
    return { ok: true, value: { phase: 'awaiting-tap', code: pairing.code, expiresAt: new Date(pairing.expiresAtMs).toISOString(), stationName: stations[stationId]!.name } };
  }

  /** What the phone shows while it waits, and how its last pairing ended. */
  async status(deviceHash: string): Promise<PairingView | undefined> {
    const pairing = await this.deps.store.phone.latestPairingOfDevice(deviceHash);
    if (!pairing) return undefined;
    const state = visibleState(pairing, this.nowMs());
    const phase = state === 'superseded' ? 'cancelled' : state;
    const waiting = phase === 'awaiting-tap' || phase === 'awaiting-confirm';
    const name = this.deps.stations[pairing.stationId]?.name;
    return { phase, ...(waiting ? { code: pairing.code, expiresAt: new Date(pairing.expiresAtMs).toISOString() } : {}), ...(name ? { stationName: name } : {}) };
  }

  async cancel(deviceHash: string): Promise<number> {
    return this.deps.store.phone.cancelPairingsOfDevice(deviceHash, this.nowMs());
  }

  /** Step 2: every card check-in this replica consumes passes here; most find nothing waiting. */
  async onCardCheckIn(topic: string, payload: Buffer): Promise<void> {
    const { store, topics, log, stations } = this.deps;
    try {
      const parsedTopic = topics.parse(topic);
      const parsed = parseJson(CheckInSchema, payload);
      if (parsedTopic?.kind !== 'station' || !parsed.ok || parsed.value.stationId !== parsedTopic.stationId || !stations[parsedTopic.stationId]) return;
      const checkIn = parsed.value;
      const none = () => void this.deps.metrics.pairingEventsTotal.inc({ event: 'tap-none' });
      const owner = await store.phone.volunteerOfCard(checkIn.card.uid);
      if (!owner) return none();
      const tapAtMs = Date.parse(checkIn.at);
      const waiting = (await store.phone.waitingPairings(checkIn.stationId, owner.id)).filter((p) => tapAtMs >= p.createdAtMs - TAP_CLOCK_SKEW_MS);
      if (waiting.length === 0) return none();
      const nowMs = this.nowMs();
      const activePhones = await store.phone.countActiveBindings(owner.id);
      const decision = decideTap({ waiting, volunteerId: owner.id, stationId: checkIn.stationId, activePhones, nowMs, random: this.random });
      const displayName = maskName(owner.name);
      if (decision.kind === 'none') return none();
      if (decision.kind === 'limit') {
        await store.phone.settlePairings(decision.pairingIds, 'limit', nowMs);
        this.deps.metrics.pairingEventsTotal.inc({ event: 'tap-limit' });
        await this.prompt(checkIn.stationId, { v: 2, state: 'limit', checkinId: checkIn.id, displayName, maxPhones: MAX_PHONES_PER_VOLUNTEER });
        return;
      }
      const moved = await store.phone.offerPairings(decision.pairingIds, { checkinId: checkIn.id, choices: decision.choices, expiresAtMs: decision.expiresAtMs }, nowMs);
      if (moved === 0) return;
      this.deps.metrics.pairingEventsTotal.inc({ event: 'tap-offered' });
      log.info({ stationId: checkIn.stationId, checkinId: checkIn.id, pairings: moved }, 'phone pairing: card tapped, codes offered on the kiosk');
      await this.prompt(checkIn.stationId, {
        v: 2,
        state: 'choose',
        checkinId: checkIn.id,
        displayName,
        choices: decision.choices,
        expiresAt: new Date(decision.expiresAtMs).toISOString(),
      });
    } catch (err) {
      log.error({ err, topic }, 'phone pairing: handling a card tap failed');
    }
  }

  /** Step 3. A late, repeated or foreign answer changes nothing. */
  async onAnswer(topic: string, payload: Buffer): Promise<void> {
    const { store, topics, log, metrics } = this.deps;
    const count = (event: string) => metrics.pairingEventsTotal.inc({ event: `answer-${event}` });
    try {
      const parsedTopic = topics.parse(topic);
      if (parsedTopic?.kind !== 'station' || parsedTopic.channel !== 'pairing-answers') return;
      const parsed = parseJson(PairingAnswerSchema, payload);
      if (!parsed.ok) {
        metrics.invalidPayloadsTotal.inc({ kind: 'pairing-answer' });
        count('invalid');
        log.warn({ stationId: parsedTopic.stationId, issues: parsed.issues }, 'pairing answer dropped: invalid payload');
        return;
      }
      const answer = parsed.value;
      const { stationId } = parsedTopic;
      const nowMs = this.nowMs();
      const offered = await store.phone.pairingsOfferedFor(answer.checkinId, stationId);
      const decision = decideAnswer({ offered, checkinId: answer.checkinId, stationId, choice: answer.choice, nowMs });
      if (decision.kind === 'stale') return count('stale');
      const closed = (outcome: 'linked' | 'declined' | 'limit') => this.prompt(stationId, { v: 2, state: 'closed', checkinId: answer.checkinId, outcome });
      if (decision.kind === 'decline') {
        await store.phone.settlePairings(decision.declineIds, 'declined', nowMs);
        count('declined');
        log.info({ stationId, checkinId: answer.checkinId, kioskId: answer.kioskId }, 'phone pairing declined on the kiosk');
        return void (await closed('declined'));
      }
      const outcome = await store.phone.completePairing({
        pairingId: decision.pairingId,
        declineIds: decision.declineIds,
        bindingId: randomUUID(),
        actor: `kiosk:${answer.kioskId}`,
        nowMs,
        maxPhones: MAX_PHONES_PER_VOLUNTEER,
      });
      count(outcome.kind);
      if (outcome.kind === 'stale') return;
      if (outcome.kind === 'linked') log.info({ stationId, bindingId: outcome.binding.id, kioskId: answer.kioskId }, 'phone linked to a volunteer');
      await closed(outcome.kind === 'linked' ? 'linked' : 'limit');
    } catch (err) {
      log.error({ err, topic }, 'phone pairing: handling a kiosk answer failed');
    }
  }

  private async prompt(stationId: string, prompt: PairingPrompt): Promise<void> {
    const { mqtt, topics, log } = this.deps;
    await mqtt.publish(topics.station(stationId, 'pairing'), prompt).catch((err: unknown) => {
      log.warn({ err, stationId }, 'publishing a pairing prompt failed; the phone will see the pairing expire');
    });
  }
}

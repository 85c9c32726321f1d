/**
 * The card-only Redemption desk (issue 12 §Rewards shop, "card only"; protocol v2 §Time
 * bank: the rewards shop), for volunteers without a smartphone:
 *   1. staff open the desk for a station (`open`, scoped by the desk routes);
 *   2. the next card tap at that station identifies the volunteer to the desk (masked
 *      name, balance, star). Central sees every card CheckIn, like the phone pairing; the
 *      tap is ALSO a check-in: the agent always sends one and the check-in consumer
 *      records it, so the desk says so;
 *   3. staff pick an item (`offer`): a DeskPrompt `confirm` goes to the station's kiosk
 *      (`R/stations/S/desk`, QoS 1, never retained), valid DESK_CONFIRM_MS;
 *   4. the first DeskAnswer on that station's `desk-answers` for that tap is taken, once:
 *      confirmed -> one atomic redeem through the shop store (debit, stock, receipt) with
 *      the offer's request id; cancelled -> nothing. A late, repeated, foreign or
 *      another station's answer changes nothing. The kiosk gets a `closed` prompt.
 * Sessions live in this process's memory (a desk is a few minutes of one person's work);
 * with several central replicas (issue 13) the card tap may reach another replica, so
 * this state moves to the store then. The redemption itself is exactly once either way.
 */
import { randomUUID } from 'node:crypto';
import { CheckInSchema, DeskAnswerSchema, maskName, parseJson, type DeskPrompt, type LocalizedText, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { Redemption, ShopRefusal } from '../store/shop-store.ts';
import { SHOP_REFUSAL_MESSAGES } from './shop-messages.ts';
import type { ShopService } from './shop-service.ts';

/** The volunteer has this long to touch Confirm or Cancel on the kiosk. */
export const DESK_CONFIRM_MS = 60_000;
/** An open desk waits this long for a card tap. */
export const DESK_TAP_WAIT_MS = 5 * 60_000;
/** After identification, staff have this long to pick an item. */
export const DESK_PICK_MS = 5 * 60_000;
/** A tap stamped this long before the desk opened (station clocks drift) still counts. */
export const DESK_TAP_SKEW_MS = 30_000;
/** Settled sessions are kept this long for the desk's last look, then dropped. */
const KEEP_SETTLED_MS = 30 * 60_000;

export type DeskSessionState = 'waiting-tap' | 'identified' | 'prompted' | 'redeemed' | 'declined' | 'expired' | 'refused' | 'closed';

export interface DeskSession {
  id: string;
  requestId: string;
  stationId: string;
  siteId: string;
  state: DeskSessionState;
  openedBy: string;
  openedAtMs: number;
  /** Of the current phase: the tap wait, the pick, or the kiosk's answer. */
  expiresAtMs: number;
  checkinId?: string;
  volunteer?: { id: string; displayName: string; balance: number; star: number };
  offer?: { itemId: string; item: LocalizedText; price: number; requestId: string };
  receipt?: Redemption;
  refusal?: ShopRefusal;
  settledAtMs?: number;
}

export type DeskOutcome<T> = { ok: true; value: T } | { ok: false; status: number; reason: string; message: string };

export interface DeskSessionsDeps {
  shop: ShopService;
  mqtt: Pick<CentralMqtt, 'publish' | 'subscribe'>;
  topics: Topics;
  stations: StationsFile;
  log: CentralLogger;
  now?: () => Date;
}

const OPEN_STATES: readonly DeskSessionState[] = ['waiting-tap', 'identified', 'prompted'];

export class DeskSessions {
  private readonly sessions = new Map<string, DeskSession>();
  private readonly byRequest = new Map<string, string>();
  private sweeper?: ReturnType<typeof setInterval>;

  constructor(private readonly deps: DeskSessionsDeps) {}

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  /** Registers the MQTT handlers; call before the connection starts. `checkinFilter` is the check-in consumer's own filter. */
  start(checkinFilter: string, sharedSubscription: boolean): void {
    const { mqtt, topics } = this.deps;
    const answers = topics.allStations('desk-answers');
    mqtt.subscribe(checkinFilter, (topic, payload) => void this.onCardCheckIn(topic, payload));
    mqtt.subscribe(sharedSubscription ? `$share/central/${answers}` : answers, (topic, payload) => void this.onAnswer(topic, payload));
    this.sweeper = setInterval(() => void this.sweep(), 2_000);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** Opens the desk for a station; the same request id again returns the same session. Supersedes an open one there. */
  open(stationId: string, requestId: string, actor: string): DeskOutcome<DeskSession> {
    const station = this.deps.stations[stationId];
    if (!station) return { ok: false, status: 404, reason: 'unknown-station', message: `there is no station ${stationId} in the stations file` };
    const existing = this.byRequest.get(requestId);
    if (existing) {
      const session = this.sessions.get(existing)!;
      if (session.stationId !== stationId) return { ok: false, status: 409, reason: 'request-id-reused', message: 'this request id opened a desk at another station: start again' };
      return { ok: true, value: session };
    }
    const nowMs = this.nowMs();
    for (const other of this.sessions.values()) {
      if (other.stationId === stationId && OPEN_STATES.includes(other.state)) void this.settle(other, 'closed', nowMs);
    }
    const session: DeskSession = { id: randomUUID(), requestId, stationId, siteId: station.siteId, state: 'waiting-tap', openedBy: actor, openedAtMs: nowMs, expiresAtMs: nowMs + DESK_TAP_WAIT_MS };
    this.sessions.set(session.id, session);
    this.byRequest.set(requestId, session.id);
    this.deps.log.info({ deskSessionId: session.id, stationId, actor }, 'desk opened for a card tap');
    return { ok: true, value: session };
  }

  /** The session as it stands now (its time checked). */
  async get(id: string): Promise<DeskSession | undefined> {
    const session = this.sessions.get(id);
    if (session) await this.checkTime(session, this.nowMs());
    return session;
  }

  /** Staff picked an item: the kiosk asks the card holder. The same request id again changes nothing. */
  async offer(id: string, itemId: string, requestId: string): Promise<DeskOutcome<DeskSession>> {
    const session = await this.get(id);
    if (!session) return { ok: false, status: 404, reason: 'unknown-desk-session', message: 'this desk is no longer open: open it again' };
    if (session.offer?.requestId === requestId) return { ok: true, value: session };
    if (session.state !== 'identified' || !session.volunteer || !session.checkinId) {
      return { ok: false, status: 409, reason: 'not-identified', message: session.state === 'waiting-tap' ? 'no card has been tapped yet: ask the volunteer to tap' : `this desk is ${session.state}: open it again` };
    }
    const item = (await this.deps.shop.store.shop.listItems(session.siteId)).find((i) => i.id === itemId);
    if (!item) return { ok: false, status: 404, reason: 'unknown-item', message: SHOP_REFUSAL_MESSAGES['unknown-item'].en };
    const nowMs = this.nowMs();
    session.offer = { itemId, item: item.name, price: item.price, requestId };
    session.state = 'prompted';
    session.expiresAtMs = nowMs + DESK_CONFIRM_MS;
    await this.prompt(session.stationId, {
      v: 2,
      state: 'confirm',
      checkinId: session.checkinId,
      displayName: session.volunteer.displayName,
      item: item.name,
      price: item.price,
      balance: session.volunteer.balance,
      expiresAt: new Date(session.expiresAtMs).toISOString(),
    });
    return { ok: true, value: session };
  }

  async close(id: string): Promise<DeskSession | undefined> {
    const session = await this.get(id);
    if (session && OPEN_STATES.includes(session.state)) await this.settle(session, 'closed', this.nowMs());
    return session;
  }

  /** Every card check-in this replica consumes passes here; most find no desk open. */
  async onCardCheckIn(topic: string, payload: Buffer): Promise<void> {
    const { topics, stations, shop, log } = this.deps;
    try {
      const parsedTopic = topics.parse(topic);
      const parsed = parseJson(CheckInSchema, payload);
      if (parsedTopic?.kind !== 'station' || !parsed.ok || parsed.value.stationId !== parsedTopic.stationId || !stations[parsedTopic.stationId]) return;
      const checkIn = parsed.value;
      const nowMs = this.nowMs();
      const tapAtMs = Date.parse(checkIn.at);
      const session = [...this.sessions.values()].find((s) => s.stationId === checkIn.stationId && s.state === 'waiting-tap' && tapAtMs >= s.openedAtMs - DESK_TAP_SKEW_MS);
      if (!session || (await this.checkTime(session, nowMs))) return;
      const owner = await shop.store.phone.volunteerOfCard(checkIn.card.uid);
      // An unknown card leaves the desk waiting: the check-in path tells the holder at the kiosk.
      if (!owner || session.state !== 'waiting-tap') return;
      const [balance, star] = await Promise.all([shop.store.ledger.balance(owner.id), shop.store.bank.awardedStar(owner.id)]);
      if (session.state !== 'waiting-tap') return;
      session.state = 'identified';
      session.checkinId = checkIn.id;
      session.volunteer = { id: owner.id, displayName: maskName(owner.name), balance, star: star?.star ?? 0 };
      session.expiresAtMs = nowMs + DESK_PICK_MS;
      log.info({ deskSessionId: session.id, stationId: session.stationId, checkinId: checkIn.id }, 'desk: card tapped, volunteer identified');
    } catch (err) {
      log.error({ err, topic }, 'desk: handling a card tap failed');
    }
  }

  /** The first answer for the prompted tap on its own station's topic is taken; anything else changes nothing. */
  async onAnswer(topic: string, payload: Buffer): Promise<void> {
    const { topics, log, shop } = this.deps;
    try {
      const parsedTopic = topics.parse(topic);
      if (parsedTopic?.kind !== 'station' || parsedTopic.channel !== 'desk-answers') return;
      const parsed = parseJson(DeskAnswerSchema, payload);
      if (!parsed.ok) {
        log.warn({ stationId: parsedTopic.stationId, issues: parsed.issues }, 'desk answer dropped: invalid payload');
        return;
      }
      const answer = parsed.value;
      const session = [...this.sessions.values()].find((s) => s.checkinId === answer.checkinId && s.stationId === parsedTopic.stationId);
      if (!session || session.state !== 'prompted') {
        log.info({ stationId: parsedTopic.stationId, checkinId: answer.checkinId }, 'desk answer ignored: no prompt waiting for it at this station');
        return;
      }
      const nowMs = this.nowMs();
      if (await this.checkTime(session, nowMs)) return;
      if (!answer.confirmed) {
        await this.settle(session, 'declined', nowMs);
        return;
      }
      // Taken now, before the first await: a second answer finds the session no longer prompted.
      session.state = 'redeemed';
      const offer = session.offer!;
      const outcome = await shop.redeem(session.volunteer!.id, { siteId: session.siteId, itemId: offer.itemId, requestId: offer.requestId }, `${session.openedBy} (kiosk:${answer.kioskId})`);
      if (outcome.ok) {
        session.receipt = outcome.redemption;
        session.volunteer!.balance = outcome.redemption.balanceAfter;
        log.info({ deskSessionId: session.id, redemptionId: outcome.redemption.id, repeated: outcome.repeated }, 'desk: card holder confirmed, redeemed');
        await this.settle(session, 'redeemed', nowMs);
      } else {
        session.refusal = outcome.reason;
        log.info({ deskSessionId: session.id, reason: outcome.reason }, 'desk: card holder confirmed, the shop refused');
        await this.settle(session, 'refused', nowMs);
      }
    } catch (err) {
      log.error({ err, topic }, 'desk: handling a kiosk answer failed');
    }
  }

  /** True when the session's phase ran out (now settled as expired). */
  private async checkTime(session: DeskSession, nowMs: number): Promise<boolean> {
    if (!OPEN_STATES.includes(session.state) || nowMs < session.expiresAtMs) return false;
    await this.settle(session, 'expired', nowMs);
    return true;
  }

  private async settle(session: DeskSession, state: DeskSessionState, nowMs: number): Promise<void> {
    session.state = state;
    session.settledAtMs = nowMs;
    // Only a desk that asked the kiosk tells it how the question ended.
    if (!session.offer || !session.checkinId) return;
    const outcome = state === 'redeemed' ? 'redeemed' : state === 'declined' ? 'declined' : state === 'expired' ? 'expired' : state === 'refused' ? 'refused' : 'cancelled';
    await this.prompt(session.stationId, { v: 2, state: 'closed', checkinId: session.checkinId, outcome });
  }

  private async sweep(): Promise<void> {
    const nowMs = this.nowMs();
    for (const session of this.sessions.values()) {
      await this.checkTime(session, nowMs);
      if (session.settledAtMs !== undefined && nowMs - session.settledAtMs > KEEP_SETTLED_MS) {
        this.sessions.delete(session.id);
        this.byRequest.delete(session.requestId);
      }
    }
  }

  private async prompt(stationId: string, prompt: DeskPrompt): Promise<void> {
    const { mqtt, topics, log } = this.deps;
    await mqtt.publish(topics.station(stationId, 'desk'), prompt).catch((err: unknown) => {
      log.warn({ err, stationId }, 'publishing a desk prompt failed; the desk will see it time out');
    });
  }
}

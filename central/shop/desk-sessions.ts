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
 * Sessions live in the store (desk-session-store.ts), so with several central replicas
 * the desk page, the card tap and the kiosk's answer may each reach another replica.
 * Every step is a compare-and-set on the session's state: of two replicas handling the
 * same tap, answer or expiry, one moves the session on and tells the kiosk, the other
 * changes nothing. The redemption itself is exactly once either way (its request id).
 */
import { randomUUID } from 'node:crypto';
import { CheckInSchema, DeskAnswerSchema, maskName, parseJson, type DeskPrompt, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import { OPEN_DESK_STATES, type DeskSession, type DeskSessionState } from '../store/desk-session-store.ts';
import { SHOP_REFUSAL_MESSAGES } from './shop-messages.ts';
import type { ShopService } from './shop-service.ts';

export type { DeskSession, DeskSessionState } from '../store/desk-session-store.ts';

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

export type DeskOutcome<T> = { ok: true; value: T } | { ok: false; status: number; reason: string; message: string };

export interface DeskSessionsDeps {
  shop: ShopService;
  mqtt: Pick<CentralMqtt, 'publish' | 'subscribe'>;
  topics: Topics;
  stations: StationsFile;
  log: CentralLogger;
  now?: () => Date;
}

const isOpen = (state: DeskSessionState) => OPEN_DESK_STATES.includes(state);

export class DeskSessions {
  private sweeper?: ReturnType<typeof setInterval>;

  constructor(private readonly deps: DeskSessionsDeps) {}

  private get store() {
    return this.deps.shop.store.desk;
  }

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
  async open(stationId: string, requestId: string, actor: string): Promise<DeskOutcome<DeskSession>> {
    const station = this.deps.stations[stationId];
    if (!station) return { ok: false, status: 404, reason: 'unknown-station', message: `there is no station ${stationId} in the stations file` };
    const nowMs = this.nowMs();
    const fresh: DeskSession = { id: randomUUID(), requestId, stationId, siteId: station.siteId, state: 'waiting-tap', openedBy: actor, openedAtMs: nowMs, expiresAtMs: nowMs + DESK_TAP_WAIT_MS };
    const others = await this.store.deskSessionsAt(stationId, OPEN_DESK_STATES);
    const { session, created } = await this.store.openDeskSession(fresh);
    if (!created) {
      if (session.stationId !== stationId) return { ok: false, status: 409, reason: 'request-id-reused', message: 'this request id opened a desk at another station: start again' };
      return { ok: true, value: session };
    }
    for (const other of others) if (other.requestId !== requestId) await this.settle(other, 'closed', nowMs);
    this.deps.log.info({ deskSessionId: session.id, stationId, actor }, 'desk opened for a card tap');
    return { ok: true, value: session };
  }

  /** The session as it stands now (its time checked). */
  async get(id: string): Promise<DeskSession | undefined> {
    const session = await this.store.deskSession(id);
    if (!session) return undefined;
    return (await this.checkTime(session, this.nowMs())) ?? session;
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
    const prompted: DeskSession = { ...session, offer: { itemId, item: item.name, price: item.price, requestId }, state: 'prompted', expiresAtMs: nowMs + DESK_CONFIRM_MS };
    if (!(await this.store.updateDeskSession(prompted, 'identified'))) {
      // Another request (on this or another replica) moved it first: answer with what it is now.
      const now = await this.get(id);
      if (now?.offer?.requestId === requestId) return { ok: true, value: now };
      return { ok: false, status: 409, reason: 'not-identified', message: `this desk is ${now?.state ?? 'closed'}: open it again` };
    }
    await this.prompt(prompted.stationId, {
      v: 2,
      state: 'confirm',
      checkinId: prompted.checkinId!,
      displayName: prompted.volunteer!.displayName,
      item: item.name,
      price: item.price,
      balance: prompted.volunteer!.balance,
      expiresAt: new Date(prompted.expiresAtMs).toISOString(),
    });
    return { ok: true, value: prompted };
  }

  async close(id: string): Promise<DeskSession | undefined> {
    const session = await this.get(id);
    if (!session || !isOpen(session.state)) return session;
    return (await this.settle(session, 'closed', this.nowMs())) ?? (await this.store.deskSession(id));
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
      const waiting = await this.store.deskSessionsAt(checkIn.stationId, ['waiting-tap']);
      const session = waiting.find((s) => tapAtMs >= s.openedAtMs - DESK_TAP_SKEW_MS);
      if (!session || (await this.checkTime(session, nowMs))) return;
      const owner = await shop.store.phone.volunteerOfCard(checkIn.card.uid);
      // An unknown card leaves the desk waiting: the check-in path tells the holder at the kiosk.
      if (!owner) return;
      const [balance, star] = await Promise.all([shop.store.ledger.balance(owner.id), shop.store.bank.awardedStar(owner.id)]);
      const identified: DeskSession = {
        ...session,
        state: 'identified',
        checkinId: checkIn.id,
        volunteer: { id: owner.id, displayName: maskName(owner.name), balance, star: star?.star ?? 0 },
        expiresAtMs: nowMs + DESK_PICK_MS,
      };
      // A repeated tap, or the same tap on another replica, finds it no longer waiting.
      if (!(await this.store.updateDeskSession(identified, 'waiting-tap'))) return;
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
      const session = await this.store.deskSessionOfCheckin(parsedTopic.stationId, answer.checkinId);
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
      // Taken first, in the store: a second answer (here or on another replica) finds it no longer prompted.
      const taken: DeskSession = { ...session, state: 'redeemed' };
      if (!(await this.store.updateDeskSession(taken, 'prompted'))) return;
      const offer = session.offer!;
      const outcome = await shop.redeem(session.volunteer!.id, { siteId: session.siteId, itemId: offer.itemId, requestId: offer.requestId }, `${session.openedBy} (kiosk:${answer.kioskId})`);
      if (outcome.ok) {
        log.info({ deskSessionId: session.id, redemptionId: outcome.redemption.id, repeated: outcome.repeated }, 'desk: card holder confirmed, redeemed');
        await this.settle({ ...taken, receipt: outcome.redemption, volunteer: { ...session.volunteer!, balance: outcome.redemption.balanceAfter } }, 'redeemed', nowMs, 'redeemed');
      } else {
        log.info({ deskSessionId: session.id, reason: outcome.reason }, 'desk: card holder confirmed, the shop refused');
        await this.settle({ ...taken, refusal: outcome.reason }, 'refused', nowMs, 'redeemed');
      }
    } catch (err) {
      log.error({ err, topic }, 'desk: handling a kiosk answer failed');
    }
  }

  /** The session settled as expired when its phase ran out (undefined: still in time, or not open). */
  private async checkTime(session: DeskSession, nowMs: number): Promise<DeskSession | undefined> {
    if (!isOpen(session.state) || nowMs < session.expiresAtMs) return undefined;
    return (await this.settle(session, 'expired', nowMs)) ?? (await this.store.deskSession(session.id));
  }

  /**
   * Moves the session from its current state (or `from`) to a settled one; only the step
   * that wins tells the kiosk. Returns the settled session, or undefined when another step won.
   */
  private async settle(session: DeskSession, state: DeskSessionState, nowMs: number, from: DeskSessionState = session.state): Promise<DeskSession | undefined> {
    const settled: DeskSession = { ...session, state, settledAtMs: nowMs };
    if (!(await this.store.updateDeskSession(settled, from))) return undefined;
    // Only a desk that asked the kiosk tells it how the question ended.
    if (settled.offer && settled.checkinId) {
      const outcome = state === 'redeemed' ? 'redeemed' : state === 'declined' ? 'declined' : state === 'expired' ? 'expired' : state === 'refused' ? 'refused' : 'cancelled';
      await this.prompt(settled.stationId, { v: 2, state: 'closed', checkinId: settled.checkinId, outcome });
    }
    return settled;
  }

  private async sweep(): Promise<void> {
    const nowMs = this.nowMs();
    try {
      for (const session of await this.store.dueDeskSessions(nowMs)) await this.checkTime(session, nowMs);
      await this.store.pruneDeskSessions(nowMs - KEEP_SETTLED_MS);
    } catch (err) {
      this.deps.log.warn({ err }, 'desk: expiring desk sessions failed; will retry');
    }
  }

  private async prompt(stationId: string, prompt: DeskPrompt): Promise<void> {
    const { mqtt, topics, log } = this.deps;
    await mqtt.publish(topics.station(stationId, 'desk'), prompt).catch((err: unknown) => {
      log.warn({ err, stationId }, 'publishing a desk prompt failed; the desk will see it time out');
    });
  }
}

/**
 * Phone check-in (protocol v2 §Phone API). A check-in needs all of:
 *   - the kiosk's current code: a rotating QR token (T-1..T+1) or, for a few minutes, the
 *     ticket the page was served with for exactly that token (checkin-ticket.ts);
 *   - the same phone: the ticket names the hash of the phone's device cookie;
 *   - that phone's credential: its passkey, or, for a phone linked without one, the
 *     device cookie itself, bound to one volunteer by a card tap (phone-pairing.ts).
 * A typed volunteer number is never proof of anything: on an unlinked phone it is
 * refused, on a linked phone it must be the linked volunteer's own. Every refusal
 * counts against the client address, the station and the typed number (attempt-guard.ts).
 * An `activityId` must be one of today's published activities at the code's station
 * (activities-board.ts); the session it opens takes that activity's category.
 */
import { randomUUID } from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  parseAnyCheckinToken,
  type CheckInActivity,
  type PhoneCheckinRequest,
  type PhoneCheckinView,
  type PhoneRefusalReason,
  type Result,
  type StationsFile,
  type Topics,
} from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CentralStore, QrCheckInRequest } from '../store/central-store.ts';
import type { BindingRecord } from '../store/phone-binding-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import { checkInActivityView, type CheckInActivities } from '../content/activities-board.ts';
import type { AttemptGuard } from './attempt-guard.ts';
import { attemptKeys, type AttemptKey } from './attempt-rules.ts';
import { CheckinKeys } from './checkin-keys.ts';
import { deriveTicketKey, issueTicket, TICKET_TTL_MS, verifyTicket } from './checkin-ticket.ts';
import type { PasskeyService } from './passkeys.ts';

export type PhoneOutcome<T> = { ok: true; value: T } | { ok: false; reason: PhoneRefusalReason; retryAfterSeconds?: number; stationId?: string };

/** Who is asking: the client address (for throttling) and the hash of the phone's device cookie, if it sent one. */
export interface PhoneClient {
  address: string;
  deviceHash: string | undefined;
}

export interface PhoneCheckinDeps {
  store: CentralStore;
  mqtt: CentralMqtt;
  topics: Topics;
  stations: StationsFile;
  rules: TimeBankRules;
  periodSeconds?: number;
  passkeys: PasskeyService;
  guard: AttemptGuard;
  log: CentralLogger;
  metrics: CentralMetrics;
  /** Protocol v2: the published activities a phone may check in for; absent, none are offered. */
  activities?: CheckInActivities;
  now?: () => Date;
}

type TokenCheck = { ok: true; stationId: string; step: number } | { ok: false; reason: PhoneRefusalReason; stationId?: string };

export interface AdmittedToken {
  stationId: string;
}

export interface RecordedPhoneCheckin {
  stationId: string;
  result: Result;
  view: PhoneCheckinView;
}

const refuse = <T>(reason: PhoneRefusalReason, stationId?: string): PhoneOutcome<T> => ({ ok: false, reason, ...(stationId !== undefined ? { stationId } : {}) });

/** Only what the linked volunteer needs; nothing a stranger could read off another phone. */
export function checkinView(result: Result): PhoneCheckinView {
  return {
    status: result.status,
    ...(result.direction ? { direction: result.direction } : {}),
    ...(result.sessionStartedAt ? { sessionStartedAt: result.sessionStartedAt } : {}),
    ...(result.sessionMinutes !== undefined ? { sessionMinutes: result.sessionMinutes } : {}),
    ...(result.pointsEarned !== undefined ? { pointsEarned: result.pointsEarned } : {}),
    ...(result.volunteer ? { minutesToday: result.volunteer.minutesToday, points: result.volunteer.points } : {}),
  };
}

function sameVolunteer(typed: string, volunteerId: string): boolean {
  return typed.trim().toUpperCase() === volunteerId.toUpperCase();
}

export class PhoneCheckin {
  private checkinKeys: CheckinKeys | undefined;
  private readonly ticketKeys = new Map<string, Buffer>();

  constructor(private readonly deps: PhoneCheckinDeps) {}

  private ticketKeyFor(stationId: string): Buffer {
    let key = this.ticketKeys.get(stationId);
    if (!key) {
      key = deriveTicketKey(this.deps.stations[stationId]!.secret);
      this.ticketKeys.set(stationId, key);
    }
    return key;
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  /** Today's activities at this station, as the check-in page offers them. */
  activitiesAt(stationId: string): CheckInActivity[] {
    const { activities, stations, rules } = this.deps;
    const station = stations[stationId];
    if (!activities || !station) return [];
    return activities.forCheckIn(station.siteId, stationId, this.nowMs(), rules.timeZone).map((a) => checkInActivityView(a, rules.timeZone));
  }

  /** The registered station a token claims to be from, before its MAC is checked: a throttling key only. */
  claimedStation(token: string, expectedStationId?: string): string | undefined {
    const claimed = expectedStationId ?? parseAnyCheckinToken(token)?.stationId;
    return claimed !== undefined && this.deps.stations[claimed] ? claimed : undefined;
  }

  /** The throttling keys of one request. */
  keysOf(client: PhoneClient, token: string, expectedStationId?: string, volunteer?: string): AttemptKey[] {
    return attemptKeys({ address: client.address, stationId: this.claimedStation(token, expectedStationId), volunteerId: volunteer });
  }

  /**
   * Runs `attempt` unless a key is blocked; counts its refusal (or, with `countAlways`,
   * the attempt itself) under every key. `unavailable` is our fault and never counts.
   */
  async throttled<T>(keys: readonly AttemptKey[], attempt: () => Promise<PhoneOutcome<T>>, countAlways = false): Promise<PhoneOutcome<T>> {
    const { guard } = this.deps;
    const wait = await guard.blocked(keys);
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
    const outcome = await attempt();
    if (countAlways || (!outcome.ok && outcome.reason !== 'unavailable')) await guard.failed(keys);
    return outcome;
  }

  /**
   * Verifies without consuming; `expectedStationId` comes from a `/c/{stationId}/{token}` URL.
   * A genuine key no longer accepted (a revoked kiosk, a retired v1 config) is `forged` to
   * the phone, and the operator is told why.
   */
  private async checkToken(token: string, expectedStationId?: string): Promise<TokenCheck> {
    this.checkinKeys ??= new CheckinKeys(this.deps.stations);
    const verdict = await this.checkinKeys.verifyAnyCheckinToken(token, {
      nowMillis: this.nowMs(),
      periodSeconds: this.deps.periodSeconds,
      ...(expectedStationId !== undefined ? { expectedStationId } : {}),
    });
    if (verdict.ok) return { ok: true, stationId: verdict.stationId, step: verdict.step };
    if (verdict.reason === 'kiosk-revoked' || verdict.reason === 'v1-retired') {
      this.deps.log.warn({ stationId: verdict.stationId, kioskId: verdict.kioskId, reason: verdict.reason }, 'refused the check-in code of a revoked kiosk or a retired v1 kiosk config');
    }
    const reason: PhoneRefusalReason = verdict.reason === 'bad-mac' || verdict.reason === 'kiosk-revoked' || verdict.reason === 'v1-retired' ? 'forged' : verdict.reason;
    return { ok: false, reason, ...(verdict.stationId !== undefined ? { stationId: verdict.stationId } : {}) };
  }

  /**
   * For the page (GET): the token must be current; the ticket issued for it names this
   * phone's device cookie, so it works from this phone only.
   */
  async admitPage(token: string, deviceHash: string, expectedStationId?: string): Promise<PhoneOutcome<{ stationId: string; ticket: string }>> {
    const verdict = await this.checkToken(token, expectedStationId);
    if (!verdict.ok) return refuse(verdict.reason, verdict.stationId);
    const { stationId, step } = verdict;
    const ticket = issueTicket(this.ticketKeyFor(stationId), { token, stationId, step, deviceHash, expiresAtMs: this.nowMs() + TICKET_TTL_MS });
    return { ok: true, value: { stationId, ticket } };
  }

  /**
   * For the API (POST): a genuine token, current or merely past, with the ticket the
   * page was served with for exactly that token and this phone.
   */
  async admitRequest(token: string, ticket: string, deviceHash: string | undefined, expectedStationId?: string): Promise<PhoneOutcome<AdmittedToken>> {
    const verdict = await this.checkToken(token, expectedStationId);
    if (!verdict.ok && (verdict.reason !== 'expired' || verdict.stationId === undefined)) return refuse(verdict.reason, verdict.stationId);
    const stationId = verdict.stationId!;
    if (deviceHash === undefined) return refuse('other-device', stationId);
    const step = verdict.ok ? verdict.step : parseAnyCheckinToken(token)!.step;
    const ticketVerdict = verifyTicket(this.ticketKeyFor(stationId), ticket, { token, stationId, step, deviceHash }, this.nowMs());
    if (ticketVerdict === 'forged') return refuse('other-device', stationId);
    if (ticketVerdict === 'expired') return refuse('expired', stationId);
    return { ok: true, value: { stationId } };
  }

  async checkIn(request: PhoneCheckinRequest, client: PhoneClient, expectedStationId?: string): Promise<PhoneOutcome<RecordedPhoneCheckin>> {
    const keys = this.keysOf(client, request.token, expectedStationId, request.volunteer);
    const outcome = await this.throttled(keys, () => this.tryCheckIn(request, client, expectedStationId));
    this.deps.metrics.qrCheckinsTotal.inc({ outcome: outcome.ok ? outcome.value.result.status : outcome.reason });
    return outcome;
  }

  /** The binding this request proves: its passkey assertion, or else the device cookie of a phone linked without one. */
  private async bindingOf(request: PhoneCheckinRequest, deviceHash: string, stationId: string): Promise<PhoneOutcome<BindingRecord>> {
    const { store, passkeys } = this.deps;
    if (request.assertion) {
      const verified = await passkeys.verifyCheckin(deviceHash, request.assertion as unknown as AuthenticationResponseJSON);
      return verified.ok ? { ok: true, value: verified.value } : refuse('passkey-failed', stationId);
    }
    const binding = await store.phone.activeBindingOfDevice(deviceHash);
    if (!binding) return refuse('phone-not-linked', stationId);
    if (binding.credential === 'passkey') return refuse('passkey-required', stationId);
    return { ok: true, value: binding };
  }

  private async tryCheckIn(request: PhoneCheckinRequest, client: PhoneClient, expectedStationId?: string): Promise<PhoneOutcome<RecordedPhoneCheckin>> {
    const { store, mqtt, topics, rules, log } = this.deps;
    const admission = await this.admitRequest(request.token, request.ticket, client.deviceHash, expectedStationId);
    if (!admission.ok) return admission;
    const { stationId } = admission.value;
    const bound = await this.bindingOf(request, client.deviceHash!, stationId);
    if (!bound.ok) return bound;
    const binding = bound.value;
    // The same answer whether or not the typed number belongs to anyone.
    if (request.volunteer !== undefined && request.volunteer.trim() !== '' && !sameVolunteer(request.volunteer, binding.volunteerId)) return refuse('not-this-phone', stationId);
    // Checked again now, not trusted from the page: the activity may have been withdrawn, or the day may have turned.
    let activity: QrCheckInRequest['activity'];
    if (request.activityId !== undefined) {
      const chosen = this.activitiesAt(stationId).find((a) => a.id === request.activityId);
      if (!chosen) return refuse('unknown-activity', stationId);
      activity = { id: chosen.id, category: chosen.category };
    }
    const nowIso = new Date(this.nowMs()).toISOString();
    const qr: QrCheckInRequest = { id: randomUUID(), stationId, method: 'qr', volunteerId: binding.volunteerId, qrToken: request.token, at: nowIso, ...(activity ? { activity } : {}) };
    let recorded;
    try {
      [recorded] = await store.recordCheckIns([qr], rules, nowIso);
      await store.phone.touchBinding(binding.id, this.nowMs());
    } catch (err) {
      log.error({ err, stationId }, 'recording a phone check-in failed');
      return refuse('unavailable', stationId);
    }
    if (!recorded || recorded.kind === 'token-replayed') return refuse('replayed', stationId);
    log.info(
      { id: qr.id, stationId, bindingId: binding.id, credential: request.assertion ? 'passkey' : 'device-key', status: recorded.result.status, ...(activity ? { activityId: activity.id } : {}) },
      'phone check-in recorded',
    );
    mqtt.publish(topics.station(stationId, 'results'), recorded.result).catch((err: unknown) => {
      log.warn({ err, id: qr.id }, 'publishing a phone check-in Result failed; the phone still shows it');
    });
    return { ok: true, value: { stationId, result: recorded.result, view: checkinView(recorded.result) } };
  }
}

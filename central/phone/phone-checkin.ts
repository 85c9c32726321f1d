/**
 * Phone check-in with the rotating QR (protocol v1 §Rotating check-in code): verify
 * the token (T-1..T+1, constant-time MAC) or the page's ticket for it (checkin-ticket.ts),
 * accept it once per volunteer, record a check-in with method `qr`, and publish its
 * Result to the station's results topic so the kiosk shows it like a card tap.
 */
import { randomUUID } from 'node:crypto';
import { isValidId, parseAnyCheckinToken, type Result, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CentralStore, QrCheckInRequest } from '../store/central-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import { CheckinKeys } from './checkin-keys.ts';
import { deriveTicketKey, issueTicket, TICKET_TTL_MS, verifyTicket } from './checkin-ticket.ts';

export type PhoneRefusal =
  | 'malformed'
  | 'forged'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-station'
  | 'unknown-station'
  | 'replayed'
  | 'bad-volunteer-number'
  | 'unknown-volunteer'
  | 'unavailable';

/** `ticket`: what the re-shown form carries when the code itself was fine but the number was not. */
export type PhoneCheckinOutcome =
  | { kind: 'recorded'; stationId: string; result: Result }
  | { kind: 'refused'; reason: PhoneRefusal; stationId?: string; ticket?: string };

export type TokenCheck = { ok: true; stationId: string; step: number } | { ok: false; reason: PhoneRefusal; stationId?: string };

/** Admitted: the code may be used now; `ticket` keeps it usable for the page's next POSTs. */
export type Admission = { ok: true; stationId: string; ticket: string } | { ok: false; reason: PhoneRefusal; stationId?: string };

export interface PhoneCheckinDeps {
  store: CentralStore;
  mqtt: CentralMqtt;
  topics: Topics;
  stations: StationsFile;
  rules: TimeBankRules;
  periodSeconds?: number;
  log: CentralLogger;
  metrics: CentralMetrics;
  now?: () => Date;
}

export class PhoneCheckin {
  private checkinKeys: CheckinKeys | undefined;
  private readonly ticketKeys = new Map<string, Buffer>();

  constructor(private readonly deps: PhoneCheckinDeps) {}

  private ticketKeyFor(stationId: string): Buffer | undefined {
    const entry = this.deps.stations[stationId];
    if (!entry) return undefined;
    let key = this.ticketKeys.get(stationId);
    if (!key) {
      key = deriveTicketKey(entry.secret);
      this.ticketKeys.set(stationId, key);
    }
    return key;
  }

  private nowMs(): number {
    return (this.deps.now?.() ?? new Date()).getTime();
  }

  /** Verifies without consuming; `expectedStationId` comes from a `/c/{stationId}/{token}` URL. */
  async checkToken(token: string, expectedStationId?: string): Promise<TokenCheck> {
    this.checkinKeys ??= new CheckinKeys(this.deps.stations);
    const verdict = await this.checkinKeys.verifyAnyCheckinToken(token, {
      nowMillis: this.nowMs(),
      periodSeconds: this.deps.periodSeconds,
      ...(expectedStationId !== undefined ? { expectedStationId } : {}),
    });
    if (verdict.ok) return { ok: true, stationId: verdict.stationId, step: verdict.step };
    // A genuine key no longer accepted: the phone hears "not valid"; the operator gets the why.
    if (verdict.reason === 'kiosk-revoked' || verdict.reason === 'v1-retired') {
      this.deps.log.warn({ stationId: verdict.stationId, kioskId: verdict.kioskId, reason: verdict.reason }, 'refused the check-in code of a revoked kiosk or a retired v1 kiosk config');
    }
    const reason: PhoneRefusal = verdict.reason === 'bad-mac' || verdict.reason === 'kiosk-revoked' || verdict.reason === 'v1-retired' ? 'forged' : verdict.reason;
    return { ok: false, reason, ...(verdict.stationId !== undefined ? { stationId: verdict.stationId } : {}) };
  }

  /**
   * Admits a token still within T-1..T+1 (and issues a fresh ticket for it), or a token
   * whose step has passed together with an unexpired ticket issued for exactly that token.
   */
  async admit(token: string, expectedStationId?: string, ticket?: string): Promise<Admission> {
    const check = await this.checkToken(token, expectedStationId);
    const nowMs = this.nowMs();
    if (check.ok) {
      const { stationId, step } = check;
      return { ok: true, stationId, ticket: issueTicket(this.ticketKeyFor(stationId)!, { token, stationId, step, expiresAtMs: nowMs + TICKET_TTL_MS }) };
    }
    // Only a genuine (MAC-checked) token that is merely too old can be rescued by its ticket.
    if (check.reason !== 'expired' || check.stationId === undefined || !ticket) return check;
    const { stationId } = check;
    const step = parseAnyCheckinToken(token)!.step;
    const verdict = verifyTicket(this.ticketKeyFor(stationId)!, ticket, { token, stationId, step }, nowMs);
    if (verdict !== 'valid') return { ok: false, reason: verdict, stationId };
    return { ok: true, stationId, ticket };
  }

  async checkIn(token: string, volunteerNumber: string, expectedStationId?: string, ticket?: string): Promise<PhoneCheckinOutcome> {
    const outcome = await this.tryCheckIn(token, volunteerNumber.trim(), expectedStationId, ticket);
    this.deps.metrics.qrCheckinsTotal.inc({ outcome: outcome.kind === 'recorded' ? outcome.result.status : outcome.reason });
    return outcome;
  }

  private async tryCheckIn(token: string, volunteerId: string, expectedStationId?: string, ticket?: string): Promise<PhoneCheckinOutcome> {
    const { store, mqtt, topics, rules, log } = this.deps;
    const admission = await this.admit(token, expectedStationId, ticket);
    if (!admission.ok) return { kind: 'refused', reason: admission.reason, ...(admission.stationId !== undefined ? { stationId: admission.stationId } : {}) };
    const { stationId } = admission;
    if (!isValidId(volunteerId)) return { kind: 'refused', reason: 'bad-volunteer-number', stationId, ticket: admission.ticket };
    if (!(await store.findVolunteer(volunteerId))) return { kind: 'refused', reason: 'unknown-volunteer', stationId, ticket: admission.ticket };
    const nowIso = (this.deps.now?.() ?? new Date()).toISOString();
    const request: QrCheckInRequest = { id: randomUUID(), stationId, method: 'qr', volunteerId, qrToken: token, at: nowIso };
    let recorded;
    try {
      [recorded] = await store.recordCheckIns([request], rules, nowIso);
    } catch (err) {
      log.error({ err, stationId }, 'recording a phone check-in failed');
      return { kind: 'refused', reason: 'unavailable', stationId };
    }
    if (!recorded || recorded.kind === 'token-replayed') return { kind: 'refused', reason: 'replayed', stationId };
    log.info({ id: request.id, stationId, status: recorded.result.status }, 'phone check-in recorded');
    mqtt.publish(topics.station(stationId, 'results'), recorded.result).catch((err: unknown) => {
      log.warn({ err, id: request.id }, 'publishing a phone check-in Result failed; the phone still shows it');
    });
    return { kind: 'recorded', stationId, result: recorded.result };
  }
}

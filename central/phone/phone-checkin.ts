/**
 * Phone check-in with the rotating QR (protocol v1 §Rotating check-in code): verify
 * the token (T-1..T+1, constant-time MAC), accept it once per volunteer, record a
 * check-in with method `qr`, and publish its Result to the station's results topic
 * so the kiosk shows it like a card tap.
 */
import { randomUUID } from 'node:crypto';
import { importCheckinKey, isValidId, verifyCheckinToken, type Result, type StationsFile, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';

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

export type PhoneCheckinOutcome = { kind: 'recorded'; stationId: string; result: Result } | { kind: 'refused'; reason: PhoneRefusal; stationId?: string };

export type TokenCheck = { ok: true; stationId: string } | { ok: false; reason: PhoneRefusal; stationId?: string };

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
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly deps: PhoneCheckinDeps) {}

  private keyFor(stationId: string): Promise<CryptoKey> | undefined {
    const entry = this.deps.stations[stationId];
    if (!entry) return undefined;
    let key = this.keys.get(stationId);
    if (!key) {
      key = importCheckinKey(entry.secret);
      this.keys.set(stationId, key);
    }
    return key;
  }

  /** Verifies without consuming; `expectedStationId` comes from a `/c/{stationId}/{token}` URL. */
  async checkToken(token: string, expectedStationId?: string): Promise<TokenCheck> {
    const verdict = await verifyCheckinToken(token, {
      nowMillis: (this.deps.now?.() ?? new Date()).getTime(),
      periodSeconds: this.deps.periodSeconds,
      ...(expectedStationId !== undefined ? { expectedStationId } : {}),
      keyFor: (stationId) => this.keyFor(stationId),
    });
    if (verdict.ok) return { ok: true, stationId: verdict.stationId };
    const reason: PhoneRefusal = verdict.reason === 'bad-mac' ? 'forged' : verdict.reason;
    return { ok: false, reason, ...(verdict.stationId !== undefined ? { stationId: verdict.stationId } : {}) };
  }

  async checkIn(token: string, volunteerNumber: string, expectedStationId?: string): Promise<PhoneCheckinOutcome> {
    const outcome = await this.tryCheckIn(token, volunteerNumber.trim(), expectedStationId);
    this.deps.metrics.qrCheckinsTotal.inc({ outcome: outcome.kind === 'recorded' ? outcome.result.status : outcome.reason });
    return outcome;
  }

  private async tryCheckIn(token: string, volunteerId: string, expectedStationId?: string): Promise<PhoneCheckinOutcome> {
    const { store, mqtt, topics, rules, log } = this.deps;
    const check = await this.checkToken(token, expectedStationId);
    if (!check.ok) return { kind: 'refused', reason: check.reason, ...(check.stationId !== undefined ? { stationId: check.stationId } : {}) };
    const { stationId } = check;
    if (!isValidId(volunteerId)) return { kind: 'refused', reason: 'bad-volunteer-number', stationId };
    if (!(await store.findVolunteer(volunteerId))) return { kind: 'refused', reason: 'unknown-volunteer', stationId };
    const nowIso = (this.deps.now?.() ?? new Date()).toISOString();
    const request = { id: randomUUID(), stationId, method: 'qr' as const, volunteerId, qrToken: token, at: nowIso };
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

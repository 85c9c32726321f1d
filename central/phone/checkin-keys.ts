/**
 * Which key verifies a kiosk's check-in code, and whether central still accepts it
 * (docs/protocol.md §Rotating check-in code, v2):
 * - a v2 code names its kiosk and is keyed by that kiosk's own key, HKDF of the
 *   station secret and the kiosk id, so central derives it and needs no key list;
 *   a kiosk in the station's `revokedKiosks` is refused (`kiosk-revoked`);
 * - a v1 code is keyed by the station secret itself, which every kiosk of the station
 *   held, so it cannot be revoked per kiosk; it is accepted until the station's
 *   `acceptV1TokensUntil` and refused after it (`v1-retired`), or always without one.
 * Both refusals come only after the MAC matched: they mean "a real key, no longer
 * welcome", which is worth telling the operator, while a forgery stays `bad-mac`.
 */
import {
  deriveKioskKey,
  importCheckinKey,
  parseAnyCheckinToken,
  verifyCheckinToken,
  verifyKioskCheckinToken,
  type CheckinTokenRejection,
  type StationEntry,
  type StationsFile,
} from '../../shared/index.ts';

export type CheckinCodeRejection = CheckinTokenRejection | 'kiosk-revoked' | 'v1-retired';

export type AnyCheckinTokenVerdict =
  | { ok: true; version: 1 | 2; stationId: string; kioskId?: string; step: number }
  | { ok: false; reason: CheckinCodeRejection; version?: 1 | 2; stationId?: string; kioskId?: string };

export interface VerifyAnyOptions {
  nowMillis: number;
  periodSeconds?: number;
  /** From a `/c/{stationId}/{token}` address: any other station's code is `wrong-station`. */
  expectedStationId?: string;
}

/** The MAC was right; only these outcomes may be cached or called "revoked" / "retired". */
const GENUINE = new Set<string>(['ok', 'expired', 'not-yet-valid']);

export function isV1Retired(entry: StationEntry, nowMillis: number): boolean {
  return entry.acceptV1TokensUntil !== undefined && nowMillis >= Date.parse(entry.acceptV1TokensUntil);
}

export class CheckinKeys {
  /** Keyed by the secret text (not the station id), so a rotated secret never meets a stale key. */
  private readonly stationKeys = new Map<string, Promise<CryptoKey>>();
  /** Only kiosks that presented a genuine code: a flood of made-up kiosk ids derives but never stays. */
  private readonly kioskKeys = new Map<string, CryptoKey>();

  /** `stations` is read on every call, never copied. */
  constructor(private readonly stations: StationsFile) {}

  /** The HMAC key that must have made `token`: the station's (v1) or the named kiosk's (v2). */
  async keyForToken(token: string): Promise<CryptoKey | undefined> {
    const parsed = parseAnyCheckinToken(token);
    if (!parsed) return undefined;
    return parsed.version === 1 ? this.stationKey(parsed.stationId) : this.kioskKey(parsed.stationId, parsed.kioskId);
  }

  async verifyAnyCheckinToken(token: string, options: VerifyAnyOptions): Promise<AnyCheckinTokenVerdict> {
    const parsed = parseAnyCheckinToken(token);
    if (!parsed) return { ok: false, reason: 'malformed' };
    if (parsed.version === 1) return this.verifyV1(token, options);
    const { stationId, kioskId } = parsed;
    const key = await this.kioskKey(stationId, kioskId);
    const verdict = await verifyKioskCheckinToken(token, { ...options, keyFor: () => key });
    if (!key || !GENUINE.has(verdict.ok ? 'ok' : verdict.reason)) return { ...verdict, version: 2 };
    if (this.stations[stationId]?.revokedKiosks?.includes(kioskId)) return { ok: false, reason: 'kiosk-revoked', version: 2, stationId, kioskId };
    this.kioskKeys.set(`${this.stations[stationId]!.secret}/${kioskId}`, key);
    return { ...verdict, version: 2 };
  }

  private async verifyV1(token: string, options: VerifyAnyOptions): Promise<AnyCheckinTokenVerdict> {
    const verdict = await verifyCheckinToken(token, { ...options, keyFor: (stationId) => this.stationKey(stationId) });
    const stationId = verdict.stationId;
    const entry = stationId === undefined ? undefined : this.stations[stationId];
    const genuine = GENUINE.has(verdict.ok ? 'ok' : verdict.reason);
    if (genuine && entry && isV1Retired(entry, options.nowMillis)) return { ok: false, reason: 'v1-retired', version: 1, stationId: stationId! };
    return { ...verdict, version: 1 };
  }

  private stationKey(stationId: string): Promise<CryptoKey> | undefined {
    const secret = this.stations[stationId]?.secret;
    if (secret === undefined) return undefined;
    let key = this.stationKeys.get(secret);
    if (!key) {
      key = importCheckinKey(secret);
      this.stationKeys.set(secret, key);
    }
    return key;
  }

  private async kioskKey(stationId: string, kioskId: string): Promise<CryptoKey | undefined> {
    const secret = this.stations[stationId]?.secret;
    if (secret === undefined) return undefined;
    return this.kioskKeys.get(`${secret}/${kioskId}`) ?? importCheckinKey(await deriveKioskKey(secret, kioskId));
  }
}

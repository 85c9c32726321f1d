/**
 * Builds the phone capability of central from its deps: the attempt guard, passkeys,
 * check-in and pairing services, and where the built phone app lives. central/main.ts
 * calls `createPhoneWing`, hands the result to the phone routes, and `start()`s it
 * before the MQTT connection so its subscriptions are in place.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CentralConfig, StationsFile, Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { CentralMetrics } from '../observability/metrics.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { TimeBankRules } from '../timebank/rules.ts';
import type { CheckInActivities } from '../content/activities-board.ts';
import { AttemptGuard } from './attempt-guard.ts';
import type { RandomInt } from './pairing-rules.ts';
import { PasskeyService } from './passkeys.ts';
import { PhoneCheckin } from './phone-checkin.ts';
import { PhonePairing } from './phone-pairing.ts';
import { relyingPartyFrom, type RelyingParty } from './relying-party.ts';

/** `npm run build` writes the phone app here (phone/vite.config.ts). */
export const DEFAULT_PHONE_APP_DIR = fileURLToPath(new URL('../../dist/phone/', import.meta.url));

export interface PhoneWingDeps {
  config: Pick<CentralConfig, 'publicBaseUrl' | 'phone'>;
  store: CentralStore;
  mqtt: CentralMqtt;
  topics: Topics;
  stations: StationsFile;
  rules: TimeBankRules;
  periodSeconds: number;
  log: CentralLogger;
  metrics: CentralMetrics;
  /** Protocol v2: today's published activities a phone may check in for. */
  activities?: CheckInActivities;
  /** The built phone app; default DEFAULT_PHONE_APP_DIR. */
  appDir?: string;
  now?: () => Date;
  random?: RandomInt;
}

export interface PhoneWing {
  readonly checkin: PhoneCheckin;
  readonly pairing: PhonePairing;
  readonly passkeys: PasskeyService;
  readonly store: CentralStore;
  readonly rp: RelyingParty;
  readonly appDir: string;
  /** The time bank's rules (the passbook's star ladder). */
  readonly rules: TimeBankRules;
  nowMs(): number;
  /** Registers the MQTT handlers; `checkinFilter` is the check-in consumer's filter. */
  start(checkinFilter: string, sharedSubscription: boolean): void;
}

export function createPhoneWing(deps: PhoneWingDeps): PhoneWing {
  const { store, log } = deps;
  const nowMs = () => (deps.now?.() ?? new Date()).getTime();
  const rp = relyingPartyFrom(deps.config);
  if (rp.passkeys) log.info({ rpId: rp.rpId, origin: rp.origin }, 'phone passkeys enabled');
  else log.warn({ why: rp.why }, 'phone passkeys disabled: phones link with the device cookie only');
  const appDir = deps.appDir ?? DEFAULT_PHONE_APP_DIR;
  if (!existsSync(`${appDir}/index.html`)) log.error({ appDir }, 'the phone app is not built (run `npm run build`): phones get an error page');
  const guard = new AttemptGuard(store.phone, nowMs);
  const passkeys = new PasskeyService({ store, rp, log, now: nowMs });
  const checkin = new PhoneCheckin({ ...deps, passkeys, guard });
  const pairing = new PhonePairing({ ...deps, checkin });
  return {
    checkin,
    pairing,
    passkeys,
    store,
    rp,
    appDir,
    rules: deps.rules,
    nowMs,
    start: (checkinFilter, sharedSubscription) => pairing.start(checkinFilter, sharedSubscription),
  };
}

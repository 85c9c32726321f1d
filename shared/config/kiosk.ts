/** Kiosk configuration, `kiosk-config.json` (protocol v1 §Kiosk configuration file). */
import * as v from 'valibot';
import { decodeCheckinSecret } from '../checkin-code.ts';
import { BrokerConnectionSchema, IdSchema, TopicRootSchema } from '../schema-kit.ts';
import { MANAGER_PIN_HASH_PATTERN } from '../manager-pin.ts';
import { DEFAULT_TOPIC_ROOT } from '../topics.ts';
import { OpeningHoursSchema } from '../payloads/content.ts';

function isCheckinSecret(secret: string): boolean {
  try {
    decodeCheckinSecret(secret);
    return true;
  } catch {
    return false;
  }
}

const CheckinKeyTextSchema = v.pipe(v.string(), v.check(isCheckinSecret, 'must be 32 bytes as base64url without padding (43 characters)'));

export const KioskConfigSchema = v.strictObject({
  kioskId: IdSchema,
  stationId: IdSchema,
  siteId: IdSchema,
  topicRoot: v.optional(TopicRootSchema, DEFAULT_TOPIC_ROOT),
  broker: BrokerConnectionSchema,
  checkin: v.pipe(
    v.strictObject({
      baseUrl: v.pipe(v.string(), v.url('must be a URL'), v.regex(/^https?:\/\/.*\/$/, 'must be an http(s) URL ending in "/"')),
      /** Protocol v2: this kiosk's own key (HKDF of the station secret and kioskId); its codes name the kiosk. */
      kioskKey: v.optional(CheckinKeyTextSchema),
      /** Protocol v1: the station secret itself. Still read, never written by provisioning. */
      secret: v.optional(CheckinKeyTextSchema),
      periodSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(300)), 10),
    }),
    v.check((c) => (c.kioskKey === undefined) !== (c.secret === undefined), 'must have exactly one of "kioskKey" (protocol v2) or "secret" (v1)'),
  ),
  locale: v.optional(v.picklist(['zh-CN', 'en']), 'zh-CN'),
  /**
   * The manager panel PIN as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (shared/manager-pin.ts).
   * A protocol v1 `sha256:<64 hex>` still loads, so the kiosk boots, but its panel
   * refuses it and asks for the PIN to be provisioned again.
   */
  /**
   * Protocol v2: the display schedule (shared/display-schedule.ts). Without it the screen
   * follows the station's directory hours; `hours: []` keeps it on around the clock.
   */
  display: v.optional(
    v.strictObject({
      hours: v.optional(v.array(OpeningHoursSchema)),
      /** IANA zone of `hours`; defaults to the station's, then Asia/Shanghai. */
      timeZone: v.optional(v.string()),
      /** How long a touch or card tap wakes a sleeping screen. */
      wakeMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60)), 5),
    }),
  ),
  managerPinHash: v.optional(
    v.pipe(v.string(), v.regex(MANAGER_PIN_HASH_PATTERN, 'must be "pbkdf2-sha256$ITERATIONS$SALT$HASH" (make one with `npm run provision -- kiosk-pin`)')),
  ),
});
export type KioskConfigInput = v.InferInput<typeof KioskConfigSchema>;
export type KioskConfig = v.InferOutput<typeof KioskConfigSchema>;

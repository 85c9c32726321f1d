/** Central service configuration and the stations file (protocol v1 §Central service configuration). */
import * as v from 'valibot';
import { decodeCheckinSecret } from '../checkin-code.ts';
import { BrokerConnectionSchema, HostPortSchema, IdSchema, LocalizedTextSchema, TopicRootSchema } from '../schema-kit.ts';
import { DEFAULT_TOPIC_ROOT } from '../topics.ts';

export const CentralConfigSchema = v.strictObject({
  topicRoot: v.optional(TopicRootSchema, DEFAULT_TOPIC_ROOT),
  broker: BrokerConnectionSchema,
  dataDir: v.pipe(v.string(), v.minLength(1)),
  http: HostPortSchema,
  /** Relative to the config file. */
  stationsFile: v.pipe(v.string(), v.minLength(1)),
  timeBank: v.optional(
    v.strictObject({
      minSessionMinutes: v.optional(v.pipe(v.number(), v.minValue(0)), 2),
      pointsPerHour: v.optional(v.pipe(v.number(), v.minValue(0)), 2),
      /** Local time at which open sessions are closed and flagged for review. */
      dailyCutoff: v.optional(v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')), '23:30'),
      timeZone: v.optional(v.string(), 'Asia/Shanghai'),
      /**
       * How a session's points are rounded to whole points:
       * points = round(sessionMinutes * pointsPerHour / 60). `down` (default) means a
       * partial unit earns nothing: at 2 points per hour, 59 minutes earn 1 point.
       */
      pointsRounding: v.optional(v.picklist(['down', 'nearest', 'up']), 'down'),
      /**
       * Protocol v2: a CheckIn dated more than this many hours before central received
       * it is recorded, and its session is held for review (`clock-behind`) instead of
       * credited. Past it, central cannot tell a late delivery from a back-dated one.
       */
      maxCheckInAgeHours: v.optional(
        v.pipe(v.number(), v.check((h) => h > 0, 'must be more than 0'), v.maxValue(720, 'must be at most 720 (30 days)')),
        // docs/protocol.md §Check-in times central trusts says why 6.
        6,
      ),
    }),
    {},
  ),
  /** Where phones reach `GET /c/{token}`; printed in the QR by kiosks. */
  publicBaseUrl: v.optional(v.pipe(v.string(), v.url())),
  /** Manager HTTP API users: name -> `sha256:<hex>` of the password. */
  managers: v.optional(v.record(IdSchema, v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits'))), {}),
  /** MQTT shared subscription group; false on brokers without `$share`. */
  sharedSubscription: v.optional(v.boolean(), true),
  logLevel: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace']), 'info'),
});
export type CentralConfigInput = v.InferInput<typeof CentralConfigSchema>;
export type CentralConfig = v.InferOutput<typeof CentralConfigSchema>;

export const StationEntrySchema = v.strictObject({
  siteId: IdSchema,
  secret: v.pipe(
    v.string(),
    v.check((s) => {
      try {
        decodeCheckinSecret(s);
        return true;
      } catch {
        return false;
      }
    }, 'must be 32 bytes as base64url without padding (43 characters)'),
  ),
  name: LocalizedTextSchema,
  /** Protocol v2: the kiosks at this station. Central joins a kiosk to its station from here, never from its KioskStatus. */
  kiosks: v.optional(v.array(IdSchema)),
});

/** Each kiosk belongs to at most one station. */
function kioskListedTwice(stations: Record<string, { kiosks?: string[] }>): string | undefined {
  const stationOf = new Map<string, string>();
  for (const [stationId, entry] of Object.entries(stations)) {
    for (const kioskId of entry.kiosks ?? []) {
      const other = stationOf.get(kioskId);
      if (other !== undefined) return `kiosk ${kioskId} is listed under both ${other} and ${stationId}; a kiosk belongs to one station`;
      stationOf.set(kioskId, stationId);
    }
  }
  return undefined;
}

/** `{"ST-0001": {siteId, secret, name, kiosks?}}` */
export const StationsFileSchema = v.pipe(
  v.record(IdSchema, StationEntrySchema),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = kioskListedTwice(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);
export type StationsFile = v.InferOutput<typeof StationsFileSchema>;
export type StationEntry = v.InferOutput<typeof StationEntrySchema>;

export const CENTRAL_ENV_PREFIX = 'VS_CENTRAL';

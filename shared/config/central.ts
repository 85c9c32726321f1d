/** Central service configuration and the stations file (protocol v1 §Central service configuration). */
import * as v from 'valibot';
import { decodeCheckinSecret } from '../checkin-code.ts';
import { BrokerConnectionSchema, HostPortSchema, IdSchema, LocalizedTextSchema, PortSchema, TimestampSchema, TopicRootSchema } from '../schema-kit.ts';
import { MANAGER_PASSWORD_HASH_PATTERN, managerHashProblem, parseManagerPasswordHash } from '../manager-password-hash.ts';
import { DEFAULT_TOPIC_ROOT } from '../topics.ts';
import { SERVICE_CATEGORY_IDS } from '../timebank/categories.ts';
import { ALERT_NAMES } from '../alerts/alert-conditions.ts';

const CategorySchema = v.picklist(SERVICE_CATEGORY_IDS, `must be one of ${SERVICE_CATEGORY_IDS.join(', ')}`);

/** `postgres://USER:PASS@HOST:PORT/DB` (or `postgresql://`), as libpq and node-postgres take it. */
const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/?#]+\/[^\s/?#]+(\?\S*)?$/;

/**
 * Where central keeps its data: the SQLite file in `dataDir` (one box), or PostgreSQL
 * (a city: several replicas on one database). A `url` without a `kind` means postgres, so
 * `VS_CENTRAL_STORE_URL` alone moves central to PostgreSQL.
 */
const StoreSchema = v.pipe(
  v.strictObject({
    kind: v.optional(v.picklist(['sqlite', 'postgres'], 'must be "sqlite" or "postgres"')),
    url: v.optional(v.pipe(v.string(), v.regex(POSTGRES_URL, 'must be a PostgreSQL URL: postgres://USER:PASS@HOST:PORT/DB'))),
  }),
  v.forward(
    v.check((store) => store.kind !== 'postgres' || store.url !== undefined, 'is required for store.kind "postgres": postgres://USER:PASS@HOST:PORT/DB (or set VS_CENTRAL_STORE_URL)'),
    ['url'],
  ),
  v.forward(
    v.check((store) => store.kind !== 'sqlite' || store.url === undefined, 'is for store.kind "postgres" only; remove it, or set store.kind to "postgres"'),
    ['url'],
  ),
);

export const CentralConfigSchema = v.strictObject({
  topicRoot: v.optional(TopicRootSchema, DEFAULT_TOPIC_ROOT),
  broker: BrokerConnectionSchema,
  /**
   * Protocol v2 content admin API: another broker account to publish the console's content
   * saves with (e.g. the content publisher's, `broker` of content-publisher.json). Absent:
   * `broker`, the replica's own account, which may write activities, the directory and perks.
   */
  contentBroker: v.optional(BrokerConnectionSchema),
  dataDir: v.pipe(v.string(), v.minLength(1)),
  /** Default `{"kind": "sqlite"}`: the SQLite file in `dataDir`. */
  store: v.optional(StoreSchema, {}),
  /** The public listener: the phone pages `/c/...` and `/healthz`. */
  http: HostPortSchema,
  /** The admin listener: the manager API `/api/...`, `/metrics` and `/healthz`. Keep it off the public network. */
  adminHttp: v.optional(
    v.strictObject({
      host: v.optional(v.string(), '127.0.0.1'),
      port: v.optional(PortSchema, 8091),
    }),
    {},
  ),
  /**
   * The load balancers or reverse proxies in front of central (IP addresses or CIDR
   * ranges, e.g. "10.0.0.0/24"). A request from one of them is taken to come from the
   * client its X-Forwarded-For names, so the per-address limits (phone pages, manager
   * sign-in) count clients, not the proxy. Empty (the default): X-Forwarded-For is ignored.
   */
  trustedProxies: v.optional(v.array(v.pipe(v.string(), v.regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)(?:\/\d{1,3})?$/, 'must be an IP address or a CIDR range such as 10.0.0.0/24'))), []),
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
      /** Protocol v2 points rules (docs/protocol.md §Time bank): at most this many hours of a session earn points; hours themselves are never capped. */
      maxCreditedHoursPerSession: v.optional(v.pipe(v.number(), v.check((h) => h > 0, 'must be more than 0'))),
      /** Points multiplier per service category (default 1), e.g. `{"elderly-care": 1.5}`. */
      categoryWeights: v.optional(v.record(CategorySchema, v.pipe(v.number(), v.minValue(0)))),
      /** Earned points not spent within this many years expire (FIFO); absent: they never expire. */
      pointsExpireAfterYears: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
    {},
  ),
  /** Protocol v2 star ratings (星级评定): cumulative service hours for ★ … ★★★★★; `apply`: the volunteer applies and a manager decides. */
  stars: v.optional(
    v.strictObject({
      thresholdsHours: v.optional(
        v.pipe(
          v.array(v.pipe(v.number(), v.check((h) => h > 0, 'must be more than 0'))),
          v.length(5, 'must list 5 thresholds, for 1 to 5 stars'),
          v.check((t) => t.every((h, i) => i === 0 || h > t[i - 1]!), 'must rise: each star needs more hours than the one before'),
        ),
        [100, 300, 600, 1000, 1500],
      ),
      mode: v.optional(v.picklist(['apply', 'auto']), 'apply'),
    }),
    {},
  ),
  /**
   * Protocol v2: the programme that issues service certificates (its name is printed on
   * them and on the verify page) and its yearly target of service events (场次) for the reports.
   */
  programme: v.optional(
    v.strictObject({
      name: v.optional(LocalizedTextSchema, { zh: '志愿服务时间银行', en: 'Volunteer Time Bank' }),
      yearlyServiceEventTarget: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1')), 100_000),
    }),
    {},
  ),
  /** Where phones reach `GET /c/{token}`; printed in the QR by kiosks. */
  publicBaseUrl: v.optional(v.pipe(v.string(), v.url())),
  /**
   * The volunteer's phone (protocol v2 §Linking a phone). Passkeys need a domain as the
   * WebAuthn RP ID, never an IP address; `rpId` and `origin` default to the host and
   * origin of `publicBaseUrl`. Without a domain, phones link with the device cookie only.
   */
  phone: v.optional(
    v.strictObject({
      /** A domain such as `checkin.example.org` (or `localhost` in tests). */
      rpId: v.optional(v.pipe(v.string(), v.regex(/^(?=.*[a-z])[a-z0-9.-]{1,253}$/i, 'must be a domain name such as checkin.example.org, not an IP address or a URL'))),
      /** The origin phones load the page from, e.g. `https://checkin.example.org`. */
      origin: v.optional(v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s?#]+$/, 'must be a scheme and host with no path, e.g. https://checkin.example.org'))),
      /** The name a phone shows when it saves the passkey. */
      rpName: v.optional(v.pipe(v.string(), v.minLength(1)), '志愿服务 Volunteer check-in'),
      /** false: phones link with the device cookie only. */
      passkeys: v.optional(v.boolean(), true),
      /** The built phone app (`npm run build`), relative to the config file; default: the repository's `dist/phone`. */
      appDir: v.optional(v.pipe(v.string(), v.minLength(1))),
    }),
    {},
  ),
  /** Manager HTTP API users: name -> `scrypt$N$r$p$salt$hash` (shared/manager-password-hash.ts), written by `central managers add`. */
  managers: v.optional(
    v.record(
      IdSchema,
      v.pipe(
        v.string(),
        v.regex(MANAGER_PASSWORD_HASH_PATTERN, (issue) => managerHashProblem(String(issue.input))),
        v.check((s) => !MANAGER_PASSWORD_HASH_PATTERN.test(s) || parseManagerPasswordHash(s) !== undefined, 'has scrypt parameters out of range (N a power of 2 up to 2^20, r 1-32, p 1-16)'),
      ),
    ),
    {},
  ),
  /**
   * Protocol v2: what each manager account may do (central/http/manager-scope.ts). An
   * account not listed is a city manager (every site, as before v2). `site-staff` run
   * the reward desk and reviews of their own sites only; a `team-leader` sees their own
   * team's figures only.
   */
  managerRoles: v.optional(
    v.record(
      IdSchema,
      v.variant('role', [
        v.strictObject({ role: v.literal('city-manager') }),
        v.strictObject({ role: v.literal('site-staff'), sites: v.pipe(v.array(IdSchema), v.minLength(1, 'must name at least one site')) }),
        v.strictObject({ role: v.literal('team-leader'), team: IdSchema }),
      ]),
    ),
    {},
  ),
  /**
   * Issue 14: alerts computed by central and delivered to people. A condition (station or
   * kiosk offline, reader disconnected, ...) must hold its alert's hold (`holdSeconds`, else
   * `offlineAfterSeconds` or the alert's default) before an episode opens; each webhook gets one POST per open and close, for its `sites` (all if absent).
   */
  alerts: v.optional(
    v.strictObject({
      offlineAfterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1 (seconds)')), 120),
      /**
       * How long each alert's condition must hold before it opens, by alert name; an alert left
       * out keeps its default (central/alerts/alert-holds.ts: the offline-like ones
       * `offlineAfterSeconds`, storage-low 300, clock-skew 300, seq-gap 600, version-behind 86400).
       */
      holdSeconds: v.optional(
        v.record(
          v.picklist(ALERT_NAMES, `is not an alert name; the alerts are ${ALERT_NAMES.join(', ')}`),
          v.pipe(v.number('must be a number of seconds'), v.integer('must be a whole number of seconds'), v.minValue(0, 'must be 0 (at once) or more seconds')),
        ),
        {},
      ),
      /** clock-skew: a status whose `at` is further than this from central's receipt, either way. */
      clockSkewSeconds: v.optional(v.pipe(v.number('must be a number of seconds'), v.minValue(0.1, 'must be at least 0.1 (seconds)')), 2),
      webhooks: v.optional(
        v.array(
          v.strictObject({
            url: v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')),
            sites: v.optional(v.pipe(v.array(IdSchema), v.minLength(1, 'must name at least one site, or be left out for every site'))),
          }),
        ),
        [],
      ),
      /** One email per event to `to`, for `sites` (all if absent), through `smtp`. */
      email: v.optional(
        v.strictObject({
          smtp: v.strictObject({
            host: v.pipe(v.string(), v.minLength(1)),
            port: v.optional(PortSchema, 587),
            secure: v.optional(v.boolean(), false),
            username: v.optional(v.string()),
            password: v.optional(v.string()),
          }),
          from: v.pipe(v.string(), v.email('must be an email address')),
          to: v.pipe(v.array(v.pipe(v.string(), v.email('must be an email address'))), v.minLength(1, 'must name at least one recipient')),
          sites: v.optional(v.pipe(v.array(IdSchema), v.minLength(1, 'must name at least one site, or be left out for every site'))),
        }),
      ),
    }),
    {},
  ),
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
  /** Protocol v2: kiosks whose codes are refused (`provision revoke-kiosk`); their keys derive from `secret`. */
  revokedKiosks: v.optional(v.array(IdSchema)),
  /** Until this time v1 codes (keyed by `secret` itself) are accepted too; absent: accepted (v1 kiosks keep working). */
  acceptV1TokensUntil: v.optional(TimestampSchema),
  /** Protocol v2: the kiosks at this station. Central joins a kiosk to its station from here, never from its KioskStatus. */
  kiosks: v.optional(v.array(IdSchema)),
  /** Protocol v2: the service category of sessions opened here; absent: DEFAULT_SERVICE_CATEGORY. */
  category: v.optional(CategorySchema),
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

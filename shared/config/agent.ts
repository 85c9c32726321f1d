/** Station agent configuration (protocol v1 §Agent configuration file). */
import * as v from 'valibot';
import { BrokerConnectionSchema, HostPortSchema, IdSchema, TopicRootSchema } from '../schema-kit.ts';
import { DEFAULT_TOPIC_ROOT } from '../topics.ts';

export const READER_DRIVERS = ['rdm6300', 'pn532', 'line', 'simulated'] as const;
export type ReaderDriver = (typeof READER_DRIVERS)[number];

/** Serial defaults per driver: RDM6300 9600 8N1, PN532 HSU 115200 8N1. */
export const DEFAULT_BAUD_RATE: Record<ReaderDriver, number> = { rdm6300: 9600, pn532: 115200, line: 9600, simulated: 0 };

const ReaderSchema = v.pipe(
  v.strictObject({
    driver: v.picklist(READER_DRIVERS, `must be one of ${READER_DRIVERS.join(', ')}`),
    path: v.optional(v.pipe(v.string(), v.minLength(1))),
    baudRate: v.optional(v.pipe(v.number(), v.integer(), v.minValue(300), v.maxValue(4_000_000))),
    /** `line` only: how the reader writes a uid. `decimal10` is a 10-digit decimal of the 4 tag bytes. */
    lineFormat: v.optional(v.picklist(['hex', 'decimal10']), 'hex'),
    /** `pn532` only: pause between InListPassiveTarget polls. */
    pollIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(5000)), 100),
    /** `pn532` only: GetFirmwareVersion heartbeat while no card is present. */
    heartbeatMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(60000)), 1000),
  }),
  v.forward(
    v.check((r) => r.driver === 'simulated' || r.path !== undefined, 'is required for a serial reader (e.g. /dev/serial/by-id/…)'),
    ['path'],
  ),
);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A program and its arguments, run without a shell. */
const CommandSchema = v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1, 'must name a program, e.g. ["systemctl", "restart", "volunteer-kiosk"]'));

/** Optional screen watchdog (docs/deploy.md §Screen watchdog); absent, the agent watches no screen. */
const ScreenWatchdogSchema = v.pipe(
  v.strictObject({
  /** Chromium's DevTools endpoint. Loopback only: DevTools is full control of the browser. */
  cdpUrl: v.optional(
    v.pipe(
      v.string(),
      v.check((url) => URL.canParse(url) && ['http:', 'ws:'].includes(new URL(url).protocol) && LOOPBACK_HOSTS.has(new URL(url).hostname), 'must be an http:// or ws:// URL on loopback (127.0.0.1, localhost, [::1]), e.g. http://127.0.0.1:9222'),
    ),
    'http://127.0.0.1:9222',
  ),
  kioskId: v.optional(IdSchema),
  /** Run (no shell) to restart the browser when the screen is frozen, or still blank after a reload. */
  restartCommand: v.optional(CommandSchema, ['systemctl', 'restart', 'volunteer-kiosk']),
  probeIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(600_000)), 10_000),
  probeTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(60_000)), 5_000),
  screenshotIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(3_600_000)), 60_000),
  /**
   * Run (no shell) when the kiosk page goes to sleep outside its display schedule, and when it
   * wakes, e.g. ["vcgencmd", "display_power", "0"] and [… "1"]. Absent: the page's black screen only.
   */
  screenOffCommand: v.optional(CommandSchema),
  screenOnCommand: v.optional(CommandSchema),
  }),
  v.check((screen) => (screen.screenOffCommand === undefined) === (screen.screenOnCommand === undefined), 'screenOffCommand and screenOnCommand go together: set both, or neither (a screen turned off must be turned on again)'),
);
export type ScreenWatchdogConfig = v.InferOutput<typeof ScreenWatchdogSchema>;

export const AgentConfigSchema = v.strictObject({
  stationId: IdSchema,
  siteId: IdSchema,
  topicRoot: v.optional(TopicRootSchema, DEFAULT_TOPIC_ROOT),
  broker: BrokerConnectionSchema,
  reader: ReaderSchema,
  dataDir: v.pipe(v.string(), v.minLength(1)),
  debounceMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000)), 3000),
  ackTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(600_000)), 10000),
  /** Delivered check-ins stay in the outbox this long, for audit. */
  auditRetentionDays: v.optional(v.pipe(v.number(), v.minValue(0)), 30),
  /** Loopback HTTP for /healthz and /metrics; port 0 picks a free port. */
  http: v.optional(HostPortSchema, { host: '127.0.0.1', port: 9102 }),
  screen: v.optional(ScreenWatchdogSchema),
  logLevel: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace']), 'info'),
});
export type AgentConfigInput = v.InferInput<typeof AgentConfigSchema>;
export type AgentConfig = v.InferOutput<typeof AgentConfigSchema>;

export const AGENT_ENV_PREFIX = 'VS_AGENT';

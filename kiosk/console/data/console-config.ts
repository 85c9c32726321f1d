/**
 * `console-config.json`, loaded relative to `console.html`. Optional: without it the
 * login form starts empty on the default topic root.
 */
import * as v from 'valibot';
import { CardUidSchema, DEFAULT_TOPIC_ROOT, TopicRootSchema, validate, type Validated } from '../../../shared/index.ts';

export const DEFAULT_ALERT_THRESHOLDS = {
  /** Issue 6: "offline more than 2 min". */
  offlineMs: 2 * 60_000,
  /** Issue 6: "oldest outbox entry older than 5 min". */
  outboxAgeMs: 5 * 60_000,
  /** Issue 6: "clock off by more than 2 s". */
  clockSkewMs: 2_000,
} as const;
export type AlertThresholds = { offlineMs: number; outboxAgeMs: number; clockSkewMs: number };

const PositiveMillisSchema = v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1 ms'));

export const ConsoleConfigSchema = v.strictObject({
  /** The console's default language; a manager's own choice (localStorage) wins. */
  locale: v.optional(v.picklist(['zh-CN', 'en'], 'must be "zh-CN" or "en"'), 'zh-CN'),
  brokerUrl: v.optional(v.pipe(v.string(), v.regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL (browsers speak MQTT over WebSocket only)'))),
  topicRoot: v.optional(TopicRootSchema, DEFAULT_TOPIC_ROOT),
  /** Demo deployments only: prefills the login form. */
  demoLogin: v.optional(v.strictObject({ username: v.string(), password: v.string() })),
  /** Cards the "simulate tap" command offers; the demo launcher writes them. */
  demoCards: v.optional(v.array(v.strictObject({ label: v.pipe(v.string(), v.minLength(1)), uid: CardUidSchema })), []),
  /** Overrides for the alert rules, e.g. shorter ones in tests. */
  alertThresholds: v.optional(
    v.strictObject({
      offlineMs: v.optional(PositiveMillisSchema),
      outboxAgeMs: v.optional(PositiveMillisSchema),
      clockSkewMs: v.optional(PositiveMillisSchema),
    }),
    {},
  ),
});
export type ConsoleConfigFile = v.InferOutput<typeof ConsoleConfigSchema>;

export interface ConsoleConfig {
  locale: 'zh-CN' | 'en';
  brokerUrl: string;
  topicRoot: string;
  demoLogin?: { username: string; password: string };
  demoCards: { label: string; uid: string }[];
  alertThresholds: AlertThresholds;
}

export function resolveConsoleConfig(file: ConsoleConfigFile, pageUrl: string): ConsoleConfig {
  return {
    locale: file.locale,
    brokerUrl: file.brokerUrl ?? defaultBrokerUrl(pageUrl),
    topicRoot: file.topicRoot,
    ...(file.demoLogin ? { demoLogin: file.demoLogin } : {}),
    demoCards: file.demoCards,
    alertThresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...file.alertThresholds },
  };
}

/** Without a configured URL, guess the broker's WebSocket listener on the page's host. */
function defaultBrokerUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${page.hostname || '127.0.0.1'}:9001`;
}

export type LoadedConsoleConfig = { config: ConsoleConfig; problems: string[] };

/**
 * Never throws: a missing file gives the defaults, a broken one gives the defaults
 * plus every problem as `path: message`, so the page can say what to fix.
 */
export async function loadConsoleConfig(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<LoadedConsoleConfig> {
  const fallback = (problems: string[]): LoadedConsoleConfig => ({
    config: resolveConsoleConfig(v.parse(ConsoleConfigSchema, {}), pageUrl),
    problems,
  });
  let response: Response;
  try {
    response = await fetchImpl(new URL('console-config.json', pageUrl), { cache: 'no-store' });
  } catch {
    return fallback([]);
  }
  if (response.status === 404) return fallback([]);
  if (!response.ok) return fallback([`console-config.json: HTTP ${response.status}`]);
  let json: unknown;
  try {
    json = await response.json();
  } catch (err) {
    return fallback([`console-config.json: not valid JSON (${(err as Error).message})`]);
  }
  const parsed: Validated<ConsoleConfigFile> = validate(ConsoleConfigSchema, json);
  if (!parsed.ok) return fallback(parsed.issues.map((issue) => `console-config.json ${issue}`));
  return { config: resolveConsoleConfig(parsed.value, pageUrl), problems: [] };
}

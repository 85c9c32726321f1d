/**
 * Loads `console-config.json` (schema: shared/config/console.ts) from beside the
 * console's page, and resolves it into what the console runs with.
 */
import * as v from 'valibot';
import { ConsoleConfigSchema, validate, type ConsoleConfigFile, type Validated } from '../../shared/index.ts';

export const DEFAULT_ALERT_THRESHOLDS = {
  /** Issue 6: "offline more than 2 min". */
  offlineMs: 2 * 60_000,
  /** Issue 6: "oldest outbox entry older than 5 min". */
  outboxAgeMs: 5 * 60_000,
  /** Issue 6: "clock off by more than 2 s". */
  clockSkewMs: 2_000,
} as const;
export type AlertThresholds = { offlineMs: number; outboxAgeMs: number; clockSkewMs: number };

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

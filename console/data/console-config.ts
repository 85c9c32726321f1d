/**
 * Loads `console-config.json` (schema: shared/config/console.ts) from beside the
 * console's page, and resolves it into what the console runs with.
 */
import * as v from 'valibot';
import { DEFAULT_ALERT_THRESHOLDS, ConsoleConfigSchema, readConfigFile, type ConfigFileError, type ConsoleConfigFile } from '../../shared/index.ts';

export { DEFAULT_ALERT_THRESHOLDS };
export type AlertThresholds = { offlineMs: number; outboxAgeMs: number; clockSkewMs: number };

export interface ConsoleConfig {
  locale: 'zh-CN' | 'en';
  brokerUrl: string;
  topicRoot: string;
  demoLogin?: { username: string; password: string };
  demoCards: { label: string; uid: string }[];
  alertThresholds: AlertThresholds;
  /** Central's manager API origin for Reports; absent: this page's origin. */
  adminApiUrl?: string;
}

export function resolveConsoleConfig(file: ConsoleConfigFile, pageUrl: string): ConsoleConfig {
  return {
    locale: file.locale,
    brokerUrl: file.brokerUrl ?? defaultBrokerUrl(pageUrl),
    topicRoot: file.topicRoot,
    ...(file.demoLogin ? { demoLogin: file.demoLogin } : {}),
    demoCards: file.demoCards,
    alertThresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...file.alertThresholds },
    ...(file.adminApiUrl ? { adminApiUrl: file.adminApiUrl.replace(/\/+$/, '') } : {}),
  };
}

/** Without a configured URL, guess the broker's WebSocket listener on the page's host. */
function defaultBrokerUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${page.hostname || '127.0.0.1'}:9001`;
}

/** `problems` is `error.issues`: every problem as `path: message`, for the login form. */
export type LoadedConsoleConfig = { config: ConsoleConfig; problems: string[]; error?: ConfigFileError };

const CONFIG_FILE = 'console-config.json';

/**
 * Never throws: a missing file gives the defaults, a broken one gives the defaults
 * plus the shared reader's error, so the page can say what to fix.
 */
export async function loadConsoleConfig(pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<LoadedConsoleConfig> {
  const defaults = resolveConsoleConfig(v.parse(ConsoleConfigSchema, {}), pageUrl);
  let response: Response;
  try {
    response = await fetchImpl(new URL(CONFIG_FILE, pageUrl), { cache: 'no-store' });
  } catch {
    return { config: defaults, problems: [] };
  }
  if (response.status === 404) return { config: defaults, problems: [] };
  const body = await response.text().then(
    (text) => ({ text }),
    (error: unknown) => ({ error }),
  );
  const loaded = readConfigFile({
    file: CONFIG_FILE,
    read: () => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if ('error' in body) throw body.error;
      return body.text;
    },
    schema: ConsoleConfigSchema,
    format: 'docs/schemas/console-config.json',
  });
  if (!loaded.ok) return { config: defaults, problems: [...loaded.error.issues], error: loaded.error };
  return { config: resolveConsoleConfig(loaded.value, pageUrl), problems: [] };
}

/**
 * The console's own @lit/localize runtime setup (it is a separate page and bundle
 * from the kiosk, so it configures its own). English is the source locale, zh-CN the
 * translation and the default: site managers in Zibo read Chinese first. zh-CN is
 * small, so it is bundled rather than fetched. Switching re-renders without reload.
 */
import { configureLocalization } from '@lit/localize';
import * as zhCN from './zh-CN.ts';

export const SOURCE_LOCALE = 'en';
export const TARGET_LOCALES = ['zh-CN'] as const;
export const CONSOLE_LOCALES = ['zh-CN', 'en'] as const;
export type ConsoleLocale = (typeof CONSOLE_LOCALES)[number];
export const DEFAULT_CONSOLE_LOCALE: ConsoleLocale = 'zh-CN';
/** The manager's own choice outlives the config's default. */
export const LOCALE_STORAGE_KEY = 'vs-console-locale';

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  loadLocale: () => Promise.resolve(zhCN),
});

function isConsoleLocale(value: unknown): value is ConsoleLocale {
  return (CONSOLE_LOCALES as readonly unknown[]).includes(value);
}

/** The remembered choice if there is one (and storage is readable), else the configured default. */
export function initialLocale(configured: ConsoleLocale): ConsoleLocale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isConsoleLocale(stored)) return stored;
  } catch {
    // Storage can be blocked by policy; the configured default still works.
  }
  return configured;
}

export async function switchConsoleLocale(locale: ConsoleLocale, { remember = true } = {}): Promise<void> {
  await setLocale(locale);
  document.documentElement.lang = locale;
  if (!remember) return;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered across reloads, but the switch itself worked.
  }
}

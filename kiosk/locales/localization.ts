/**
 * @lit/localize in runtime mode: English is the source locale, zh-CN the translation.
 * zh-CN is the default on every kiosk and only ~1.3 KB gzip, so it is bundled rather
 * than fetched: one less round trip before the first QR. Switching needs no reload.
 */
import { configureLocalization } from '@lit/localize';
import * as zhCN from './zh-CN.ts';

export const SOURCE_LOCALE = 'en';
export const TARGET_LOCALES = ['zh-CN'] as const;
export type KioskLocale = typeof SOURCE_LOCALE | (typeof TARGET_LOCALES)[number];

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  loadLocale: () => Promise.resolve(zhCN),
});

export async function switchLocale(locale: KioskLocale): Promise<void> {
  await setLocale(locale);
  document.documentElement.lang = locale;
}

/** Picks the zh or en text of a `{zh, en}` content object for the current locale. */
export function localized(text: { zh: string; en: string }): string {
  return getLocale() === 'zh-CN' ? text.zh : text.en;
}

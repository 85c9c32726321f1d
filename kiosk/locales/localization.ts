/**
 * @lit/localize in runtime mode: English is the source locale, zh-CN the translation,
 * loaded as its own (precached) module. Switching needs no reload.
 */
import { configureLocalization } from '@lit/localize';

export const SOURCE_LOCALE = 'en';
export const TARGET_LOCALES = ['zh-CN'] as const;
export type KioskLocale = typeof SOURCE_LOCALE | (typeof TARGET_LOCALES)[number];

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  loadLocale: () => import('./zh-CN.ts'),
});

export async function switchLocale(locale: KioskLocale): Promise<void> {
  await setLocale(locale);
  document.documentElement.lang = locale;
}

/** Picks the zh or en text of a `{zh, en}` content object for the current locale. */
export function localized(text: { zh: string; en: string }): string {
  return getLocale() === 'zh-CN' ? text.zh : text.en;
}

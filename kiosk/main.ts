/**
 * Composition root of the kiosk: load and validate the config, then either the
 * bilingual configuration-error screen or the app. Never a blank page.
 */
import { loadKioskConfig } from './data/config-loader.ts';
import { switchLocale } from './locales/localization.ts';
import { KioskApp } from './components/kiosk-app.ts';
import { ConfigErrorScreen, type ConfigProblem } from './components/config-error-screen.ts';
import { startHeartbeat } from './heartbeat.ts';

function showConfigError(problem: ConfigProblem, details: readonly string[]): void {
  const screen = new ConfigErrorScreen();
  screen.problem = problem;
  screen.details = details;
  document.documentElement.lang = 'zh-CN';
  document.body.replaceChildren(screen);
}

async function boot(): Promise<void> {
  const loaded = await loadKioskConfig(window.location.href);
  if (!loaded.ok) {
    showConfigError(loaded.problem, loaded.details);
    return;
  }
  await switchLocale(loaded.settings.locale);
  const app = new KioskApp({
    settings: loaded.settings,
    checkinKey: loaded.checkinKey,
    storageScope: new URL('.', window.location.href).pathname,
  });
  document.body.replaceChildren(app);
}

// Before boot, so the config-error screen has a heartbeat too.
startHeartbeat();

boot().catch((err: unknown) => {
  console.error('kiosk: boot failed', err);
  showConfigError('unreachable', [err instanceof Error ? err.message : String(err)]);
});

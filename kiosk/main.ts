/**
 * Composition root of the kiosk: load and validate the config, then either the
 * bilingual configuration-error screen or the app. Never a blank page. With
 * `?preview=1` it is the console's preview instead (components/preview-app.ts): no
 * config, no broker, no service worker, no storage, no heartbeat.
 */
// First: the QR worker starts loading while the rest below is evaluated.
import './start-qr-worker.ts';
import { loadKioskConfig } from './data/config-loader.ts';
import { switchLocale } from './locales/localization.ts';
import { KioskApp } from './components/kiosk-app.ts';
import { ConfigErrorScreen, type ConfigProblem } from './components/config-error-screen.ts';
import { startHeartbeat } from './heartbeat.ts';
import { PREVIEW_QUERY } from '../shared/index.ts';

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

/** Only the console's own origin (this page's; docs/deploy.md serves the kiosk build under the console) may send drafts. */
async function bootPreview(): Promise<void> {
  const { KioskPreview } = await import('./components/preview-app.ts');
  await switchLocale('zh-CN');
  document.title = '预览 · Preview';
  document.body.replaceChildren(new KioskPreview(window.location.origin));
}

const preview = new URL(window.location.href).searchParams.get(PREVIEW_QUERY) === '1';
// Before boot, so the config-error screen has a heartbeat too; a preview is no screen to watch.
if (!preview) startHeartbeat();

(preview ? bootPreview() : boot()).catch((err: unknown) => {
  console.error('kiosk: boot failed', err);
  showConfigError('unreachable', [err instanceof Error ? err.message : String(err)]);
});

/**
 * The kiosk's service worker (vite-plugin-pwa `injectManifest`, workbox bundled).
 * Precaches the shell and both locales; `kiosk-config.json` is deliberately not
 * precached and never cached (it holds the check-in secret). Updates wait until the
 * page, idle on home, sends SKIP_WAITING.
 */
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';

interface KioskServiceWorkerScope {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

declare const self: KioskServiceWorkerScope;

const manifest = self.__WB_MANIFEST;

/** The build's version: the precache revision of index.html, which changes with every build. */
const version = (() => {
  const entry = manifest.find((e) => typeof e !== 'string' && e.url.endsWith('index.html'));
  return (typeof entry === 'string' ? undefined : entry?.revision) ?? 'dev';
})();

cleanupOutdatedCaches();
precacheAndRoute(manifest);

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if (data?.type === 'GET_VERSION') event.ports[0]?.postMessage({ version });
});

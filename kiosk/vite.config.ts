/**
 * The kiosk build: root `kiosk/`, output `dist/kiosk/`, one page (`index.html`) and
 * a TypeScript service worker that precaches everything the kiosk needs to boot offline.
 */
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vite';
import { brandIcons } from '../scripts/vite-brand-icons.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/kiosk', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  // The broker worker (kiosk/worker/) is an ES module worker, code-split like the page.
  worker: { format: 'es' },
  plugins: [
    brandIcons(),
    VitePWA({
      // A TypeScript service worker (kiosk/sw/sw.ts) with workbox bundled in, never from a CDN.
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The kiosk registers it itself with workbox-window (kiosk/controllers/update-controller.ts).
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // kiosk-config.json holds the check-in secret: never in Cache Storage (protocol v1).
        globIgnores: ['**/kiosk-config.json'],
      },
      devOptions: { enabled: false },
    }),
  ],
});

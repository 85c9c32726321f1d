/**
 * One config for the kiosk build (root `kiosk/`, output `dist/kiosk/`, pages
 * `index.html` and `console.html`) and for vitest, whose projects split the Node
 * tests from the ones that drive a real Chromium.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const kioskPage = fileURLToPath(new URL('./kiosk/index.html', import.meta.url));
const consolePage = fileURLToPath(new URL('./kiosk/console.html', import.meta.url));
// The fleet console is a second page of this build, added when it exists.
const pages: Record<string, string> = { index: kioskPage, ...(existsSync(consolePage) ? { console: consolePage } : {}) };

export default defineConfig({
  root: 'kiosk',
  base: './',
  build: {
    outDir: '../dist/kiosk',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: pages },
  },
  plugins: [
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
        globIgnores: ['**/kiosk-config.json', 'console.html', 'assets/console-*'],
      },
      devOptions: { enabled: false },
    }),
  ],
  test: {
    root: repoRoot,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts', 'node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // After the Node tests, so Chromium does not compete with them for the 2 cores.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

/**
 * One config for the kiosk build (root `kiosk/`, output `dist/kiosk/`, pages
 * `index.html` and `console.html`) and for vitest, whose projects split the Node
 * tests from the ones that drive a real Chromium.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'kiosk',
  base: './',
  build: {
    outDir: '../dist/kiosk',
    emptyOutDir: true,
    target: 'es2022',
  },
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
          // Each file starts its own Chromium; two at once is what 2 cores carry.
          maxWorkers: 2,
        },
      },
    ],
  },
});

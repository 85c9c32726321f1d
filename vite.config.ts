/**
 * The test runner's config. Each web app builds with its own config
 * (`kiosk/vite.config.ts`, `console/vite.config.ts`); here vitest's projects split
 * the Node tests from the ones that drive a real Chromium.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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

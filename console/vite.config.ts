/**
 * The fleet console build: root `console/`, output `dist/console/`, one page. It is a
 * manager's live view, not an offline app, so it has no service worker.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { brandIcons } from '../scripts/vite-brand-icons.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // The fleet worker (console/worker/) is an ES module worker, code-split like the page.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  plugins: [brandIcons()],
});

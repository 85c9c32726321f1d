/**
 * The volunteer's phone app: root `phone/`, output `dist/phone/`, one page. Central
 * serves it from its public listener: the page at `/c/{token}` (and `/phone/`), the
 * files under `/phone/`, hence the absolute base. No service worker: a check-in needs
 * the network anyway, and an old cached app must never outlive a security fix.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { brandIcons } from '../scripts/vite-brand-icons.ts';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/phone/',
  build: {
    outDir: fileURLToPath(new URL('../dist/phone', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
  },
  plugins: [brandIcons()],
});

/**
 * A vite plugin for the three web apps: puts `favicon.svg` and `favicon.ico` from
 * `shared/brand/` at the top of the build and links the SVG from the page, under the
 * app's base. Without it every page asks for /favicon.ico, gets a 404 and logs an error
 * (Lighthouse: errors-in-console). Icons at a fixed name are not hashed: servers must
 * revalidate them (docs/deploy.md).
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export const BRAND_ICONS = ['favicon.svg', 'favicon.ico'] as const;
const BRAND_DIR = new URL('../shared/brand/', import.meta.url);

export function brandIcons(): Plugin {
  let base = '/';
  return {
    name: 'volunteer-stations:brand-icons',
    configResolved(config) {
      base = config.base;
    },
    generateBundle() {
      for (const fileName of BRAND_ICONS) this.emitFile({ type: 'asset', fileName, source: readFileSync(new URL(fileName, BRAND_DIR)) });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'link', attrs: { rel: 'icon', href: `${base}favicon.svg`, type: 'image/svg+xml' }, injectTo: 'head' }],
    },
  };
}

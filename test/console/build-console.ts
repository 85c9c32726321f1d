/**
 * Builds the console page on its own into a temporary directory, once per test
 * file, so the tests exercise the production bundle without depending on the
 * state of `dist/` or on the kiosk's build inputs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const kioskRoot = resolve(import.meta.dirname, '../../kiosk');

export interface BuiltConsole {
  dir: string;
}

export async function buildConsole(): Promise<BuiltConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  await build({
    configFile: false,
    root: kioskRoot,
    base: './',
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(kioskRoot, 'console.html') } },
  });
  return { dir };
}

/**
 * Builds the console with its own vite config into a temporary directory, once per
 * test file, so the tests exercise the production bundle without depending on the
 * state of `dist/`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const consoleConfigFile = resolve(import.meta.dirname, '../../console/vite.config.ts');

export interface BuiltConsole {
  dir: string;
}

export async function buildConsole(): Promise<BuiltConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  await build({ configFile: consoleConfigFile, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  return { dir };
}

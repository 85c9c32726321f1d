/**
 * Builds the kiosk and console with vite when the build is missing or older than
 * anything it is built from, so `npm start` works on a fresh clone without a
 * separate build step.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the kiosk build reads: its sources, the shared contract and the build config. */
const BUILD_INPUTS = ['kiosk', 'shared', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `dist/index.html` is missing or older than a build input. */
export function kioskBuildIsStale(repoRoot: string, distDir: string): boolean {
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(join(repoRoot, input)) > builtAt);
}

/** Runs `vite build --outDir distDir`, with its output in `logFile`. Rejects with the log path on failure. */
export function buildKiosk(repoRoot: string, distDir: string, logFile: string): Promise<void> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, [vite, 'build', '--outDir', resolve(distDir), '--emptyOutDir'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', (err) => reject(new Error(`could not run vite: ${err.message}`)));
    child.once('exit', (code) => {
      log.end();
      if (code === 0) resolvePromise();
      else reject(new Error(`the kiosk build failed (exit ${code}); see ${logFile}`));
    });
  });
}

/**
 * Builds the kiosk and the console with vite when a build is missing or older than
 * anything it is built from, so `npm start` works on a fresh clone without a
 * separate build step.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The web apps `npm start` serves; each has its own folder and `vite.config.ts`. */
export type WebApp = 'kiosk' | 'console' | 'phone';

/** What an app's build reads: its own folder (sources and vite config), the shared contract (and icon), the icon plugin and the lock file. */
function buildInputs(app: WebApp): string[] {
  return [app, 'shared', 'scripts/vite-brand-icons.ts', 'package-lock.json'];
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `distDir/index.html` is missing or older than a build input of `app`. */
export function webBuildIsStale(repoRoot: string, app: WebApp, distDir: string): boolean {
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return buildInputs(app).some((input) => newestMtime(join(repoRoot, input)) > builtAt);
}

/** Runs `vite build` with the app's own config into `distDir`, output in `logFile`. Rejects with the log path on failure. */
export function buildWebApp(repoRoot: string, app: WebApp, distDir: string, logFile: string): Promise<void> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', join(repoRoot, app, 'vite.config.ts'), '--outDir', resolve(distDir), '--emptyOutDir'];
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', (err) => reject(new Error(`could not run vite: ${err.message}`)));
    child.once('exit', (code) => {
      log.end();
      if (code === 0) resolvePromise();
      else reject(new Error(`the ${app} build failed (exit ${code}); see ${logFile}`));
    });
  });
}

/**
 * Lighthouse 12.8.2 from node_modules against Debian's Chromium, offline: nothing is
 * downloaded, and Chromium runs with the test suite's flags (test/helpers/chromium.ts)
 * plus a DevTools port for Lighthouse to drive it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/helpers/chromium.ts';

export type Preset = 'desktop' | 'mobile';
const MAX_ATTEMPTS = 3;
export const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface AuditResult {
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  /** Titles of the failed audits of accessibility and best practices, so a score below 100 says why. */
  failed: string[];
}

export interface AuditBrowser {
  audit(url: string, preset: Preset): Promise<AuditResult>;
  close(): Promise<void>;
}

/** The first items of a failed audit's table (the console error, the issue, the element), to say what to fix. */
function detailOf(details: unknown): string {
  const items = (details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const texts = items.slice(0, 3).map((item) => {
    const subItems = (item.subItems as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
    const node = item.node as { snippet?: string } | undefined;
    return [item.description, item.issueType, item.url, node?.snippet, ...subItems.slice(0, 2).map((sub) => JSON.stringify(sub))].filter((t) => typeof t === 'string' && t !== '').join(' ');
  });
  return texts.length ? ` (${texts.join('; ')})` : '';
}

/** Chromium prints `DevTools listening on ws://127.0.0.1:PORT/...` once it is ready. */
function devtoolsPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port within 30 s:\n${output}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium (${CHROMIUM_PATH}) exited with ${code} before it was ready:\n${output}`)));
  });
}

export async function launchAuditBrowser(): Promise<AuditBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'lighthouse-profile-'));
  const chromium = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await devtoolsPort(chromium);
  return {
    async audit(url, preset) {
      let lhr;
      // On a loaded machine the trace sometimes misses its navigation start (NO_NAVSTART): Lighthouse says to run again.
      for (let attempt = 1; ; attempt++) {
        const runner = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, preset === 'desktop' ? desktopConfig : undefined);
        if (!runner) throw new Error(`Lighthouse returned no result for ${url}`);
        lhr = runner.lhr;
        if (!lhr.runtimeError) break;
        if (attempt === MAX_ATTEMPTS) throw new Error(`Lighthouse could not audit ${url} (${attempt} tries): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        process.stderr.write(`bench:web: ${lhr.runtimeError.code} on ${url}, trying again\n`);
      }
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
      const failed = (['accessibility', 'best-practices'] as const).flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => `${ref.id}: ${lhr.audits[ref.id]?.title ?? ''}${detailOf(lhr.audits[ref.id]?.details)}`),
      );
      return {
        scores,
        lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
        tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
        failed,
      };
    },
    async close() {
      const exited = new Promise((resolve) => chromium.once('exit', resolve));
      chromium.kill('SIGTERM');
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

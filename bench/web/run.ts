/**
 * `npm run bench:web`: Lighthouse 12.8.2 (from node_modules, offline, Debian's Chromium)
 * against the kiosk, console and phone pages of the system as `npm start` runs it, in
 * the desktop and mobile presets, and the time to a valid QR with the CPU slowed 4×,
 * cold and warm, beside its anchor. Prints the Markdown for docs/performance.md.
 * Installs nothing; the launcher builds a stale dist/ itself.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/helpers/chromium.ts';
import { decodeQrOnPage } from '../../test/helpers/qr.ts';
import { CATEGORIES, launchAuditBrowser, type AuditResult, type Preset } from './lighthouse-audit.ts';
import { startDemo, type RunningDemo } from './demo-process.ts';
import { CPU_SLOWDOWN, measureQrTimings } from './throttled-qr.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PRESETS: readonly Preset[] = ['desktop', 'mobile'];
const ms = (value: number) => `${value.toFixed(0)} ms`;
const log = (line: string) => process.stderr.write(`bench:web: ${line}\n`);

/** A check-in address the kiosk shows right now, so the phone page is the real one and not "code expired". */
async function freshCheckinUrl(demo: RunningDemo): Promise<string> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(demo.kioskUrl);
    for (let attempt = 0; attempt < 40; attempt++) {
      const url = await decodeQrOnPage(page, 'checkin-panel qr-code').catch(() => undefined);
      if (url?.startsWith(demo.phoneCheckinPrefix)) return url;
      await page.waitForTimeout(250);
    }
    throw new Error('the kiosk showed no decodable check-in QR within 10 s');
  } finally {
    await browser.close();
  }
}

interface PageRow {
  page: string;
  preset: Preset;
  result: AuditResult;
}

async function main(): Promise<void> {
  log('starting the system as npm start does…');
  const demo = await startDemo().catch((err: Error) => {
    // One more try: a cold start on a loaded machine can fail once (a busy SQLite file, a slow child).
    log(`npm start failed (${err.message.split('\n').slice(0, 3).join(' ')}); trying once more`);
    return startDemo();
  });
  const rows: PageRow[] = [];
  let timings;
  try {
    const auditor = await launchAuditBrowser();
    try {
      const pages: { name: string; url: () => Promise<string> }[] = [
        { name: 'kiosk (ST-0001)', url: async () => demo.kioskUrl },
        { name: 'console (sign-in)', url: async () => demo.consoleUrl },
        { name: 'phone, scanned check-in code', url: () => freshCheckinUrl(demo) },
        { name: 'phone, without a code', url: async () => demo.phoneUrl },
      ];
      for (const { name, url } of pages) {
        for (const preset of PRESETS) {
          log(`Lighthouse ${preset}: ${name}`);
          rows.push({ page: name, preset, result: await auditor.audit(await url(), preset) });
        }
      }
    } finally {
      await auditor.close();
    }
    log(`time to a valid QR, CPU ${CPU_SLOWDOWN}× slower, ${RUNS} runs each…`);
    timings = await measureQrTimings({ kioskUrl: demo.kioskUrl, anchorUrl: demo.indexUrl, checkinPrefix: demo.phoneCheckinPrefix, runs: RUNS });
  } finally {
    await demo.stop();
  }

  const failed = [...new Set(rows.flatMap((r) => r.result.failed.map((f) => `${r.page} (${r.preset}): ${f}`)))];
  const ratio = (value: number) => `${(value / timings.anchorMs).toFixed(2)}× anchor`;
  const lines = [
    `Measured ${new Date().toISOString()} against \`npm start\` (its web server, live broker, demo content); Lighthouse 12.8.2, ${CHROMIUM_PATH}, headless.`,
    '',
    `| page | preset | ${CATEGORIES.join(' | ')} | LCP | TBT |`,
    `|---|---|${CATEGORIES.map(() => '---|').join('')}---|---|`,
    ...rows.map((r) => `| ${r.page} | ${r.preset} | ${CATEGORIES.map((c) => r.result.scores[c]).join(' | ')} | ${ms(r.result.lcpMs)} | ${ms(r.result.tbtMs)} |`),
    '',
    `| time to a valid QR, CPU ${CPU_SLOWDOWN}× via CDP, median of ${RUNS} | value | anchor (the server's index page, same throttle) | ratio |`,
    '|---|---|---|---|',
    `| cold (fresh context) | ${ms(timings.coldMs)} | ${ms(timings.anchorMs)} | ${ratio(timings.coldMs)} |`,
    `| warm (service worker) | ${ms(timings.warmMs)} | ${ms(timings.anchorMs)} | ${ratio(timings.warmMs)} |`,
    '',
    failed.length ? `Accessibility and best-practices audits not passed:\n${failed.map((f) => `- ${f}`).join('\n')}` : 'Every accessibility and best-practices audit passed on every page.',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

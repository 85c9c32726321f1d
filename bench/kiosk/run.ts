/**
 * `npm run bench:kiosk`: bundle sizes, time to a visible QR (cold and warm, median
 * of 10 in headless Chromium), and a soak of QR rotations and tap overlays under
 * Playwright's fake clock. Prints a Markdown section for docs/performance.md.
 * Needs `npm run build` first.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, launchPersistentChromium } from '../../test/helpers/chromium.ts';
import { DIST, MOUNT, startKioskRig } from '../../test/helpers/kiosk-rig.ts';
import { gzipBytes, kioskBundleSizes } from './bundle-size.ts';
import { soak } from './soak.ts';
import { median, QR_WATCH_SCRIPT, qrPaintedAt, scriptsBeforeQr } from './time-to-qr.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ROTATIONS = Number(process.env.BENCH_ROTATIONS ?? 10_000);
const TAPS = Number(process.env.BENCH_TAPS ?? 5_000);
const ANCHOR_PAGE = '<!doctype html><p>anchor</p><script>requestAnimationFrame(() => requestAnimationFrame(() => { window.__qrPaintedAt = performance.now(); }));</script>';
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main() {
  const sizes = kioskBundleSizes(DIST);
  const rig = await startKioskRig({ locale: 'zh-CN' });
  const lines: string[] = [];
  try {
    // Anchor: the same browser painting a trivial page from the same server, so the
    // machine's own speed can be told apart from the kiosk's cost.
    rig.server.setFile(MOUNT, 'anchor.html', ANCHOR_PAGE);
    const browser = await launchChromium();
    const anchor: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${rig.url}anchor.html`);
      anchor.push(await qrPaintedAt(page));
      await context.close();
    }
    // Cold: a fresh browser context each run (no HTTP cache, no service worker).
    const cold: number[] = [];
    let beforeQr: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(QR_WATCH_SCRIPT);
      await page.goto(rig.url);
      cold.push(await qrPaintedAt(page));
      beforeQr = await scriptsBeforeQr(page);
      await context.close();
    }
    await browser.close();
    // Sized now, from the same build the browser just loaded.
    const beforeQrBytes = beforeQr.reduce((sum, name) => sum + gzipBytes(join(DIST, 'assets', name)), 0);
    console.error(`cold median ${ms(median(cold))}`);

    // Warm: one profile; the first load installs the service worker, then reloads.
    const profile = `/tmp/kiosk-bench-${process.pid}`;
    const context = await launchPersistentChromium(profile);
    await context.addInitScript(QR_WATCH_SCRIPT);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(rig.url);
    await qrPaintedAt(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.reload();
      warm.push(await qrPaintedAt(page));
    }
    await context.close();
    rmSync(profile, { recursive: true, force: true });

    console.error(`warm median ${ms(median(warm))}`);
    const soakResult = await soak(rig, { rotations: ROTATIONS, taps: TAPS, newId: randomUUID });
    const mqttChunk = sizes.files.find((f) => f.name.startsWith('mqtt'));

    lines.push(
      `Measured ${new Date().toISOString()} (headless Debian Chromium, ${RUNS} runs each, kiosk served from loopback).`,
      '',
      '| measure | value |',
      '|---|---|',
      `| JS total, gzip | ${kb(sizes.totalGzipBytes)} (${sizes.files.length} files) |`,
      `| JS loaded before the QR is painted, gzip | ${kb(beforeQrBytes)} (${beforeQr.join(', ')}) |`,
      `| mqtt.js chunk, gzip (loaded after the QR) | ${mqttChunk ? kb(mqttChunk.gzipBytes) : 'n/a'} |`,
      `| anchor: a trivial page painted, fresh context, median | ${ms(median(anchor))} |`,
      `| time to a painted QR, cold, median | ${ms(median(cold))} (min ${ms(Math.min(...cold))}, max ${ms(Math.max(...cold))}) |`,
      `| time to a painted QR, warm (service worker), median | ${ms(median(warm))} (min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))}) |`,
      `| soak: ${soakResult.rotations} QR rotations + ${soakResult.taps} tap overlays, JS heap | ${kb(soakResult.before.heap)} → ${kb(soakResult.after.heap)} (${soakResult.after.heap - soakResult.before.heap >= 0 ? '+' : ''}${kb(soakResult.after.heap - soakResult.before.heap)}) |`,
      `| soak: DOM nodes | ${soakResult.before.nodes} → ${soakResult.after.nodes} |`,
      '',
      `mqtt.js in the QR path: ${beforeQr.some((n) => n.startsWith('mqtt')) ? 'YES (regression)' : 'no'}.`,
    );
  } finally {
    await rig.close();
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

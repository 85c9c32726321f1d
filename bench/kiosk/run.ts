/**
 * `npm run bench:kiosk`: bundle sizes, time to a visible QR (cold and warm, median
 * of 10 in headless Chromium), and card tap -> tap overlay with a real agent, at full
 * speed and with the page's CPU throttled 4×. The soak is `npm run bench:soak`.
 * Prints a Markdown section for docs/performance.md. Needs `npm run build` first.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, launchPersistentChromium } from '../../test/helpers/chromium.ts';
import { DIST, MOUNT, startKioskRig, type KioskRig } from '../../test/helpers/kiosk-rig.ts';
import { gzipBytes, kioskBundleSizes } from './bundle-size.ts';
import { benchTapOverlay } from './tap-overlay.ts';
import { ANCHOR_WATCH_SCRIPT, median, QR_WATCH_SCRIPT, qrPaintedAt, scriptsBeforeQr, timeToPaint } from './time-to-qr.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TAPS = Number(process.env.BENCH_TAPS ?? 200);
/** `qr`, `tap` or both (the default); the soak is `npm run bench:soak`. */
const PARTS = (process.env.BENCH_PARTS ?? 'qr,tap').split(',');
const TAP_TARGET_ABOVE_ANCHOR_MS = 50;
const ANCHOR_PAGE = `<!doctype html><p>anchor</p><script>${ANCHOR_WATCH_SCRIPT}</script>`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main() {
  const sizes = kioskBundleSizes(DIST);
  const rig = await startKioskRig({ locale: 'zh-CN' });
  const lines: string[] = [];
  try {
    if (PARTS.includes('qr')) lines.push(...(await qrSection(rig, sizes)), '');
    if (PARTS.includes('tap')) lines.push(...(await tapSection(rig)));
  } finally {
    await rig.close();
  }
  console.log(lines.join('\n'));
}

async function tapSection(rig: KioskRig): Promise<string[]> {
  const results = await benchTapOverlay(rig, { taps: TAPS, cpuThrottles: [1, 4] });
  const f = (value: number) => `${value.toFixed(1)} ms`;
  return [
    `Card tap -> tap overlay visible, ${TAPS} taps per row after one warm-up: real station agent (RDM6300 on a socat pty, in this process), real Mosquitto, the built kiosk in headless Chromium. Anchor: the same taps' CheckIn PUBACK at the agent.`,
    '',
    '| page CPU | tap -> overlay p50 / p99 / max | anchor: tap -> PUBACK p50 / p99 / max | p99 above anchor | target ≤ +50 ms |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.cpuThrottle === 1 ? 'unthrottled' : `${r.cpuThrottle}× slower (CDP)`} | ${f(r.toOverlay.p50)} / ${f(r.toOverlay.p99)} / ${f(r.toOverlay.max)} | ${f(r.toPuback.p50)} / ${f(r.toPuback.p99)} / ${f(r.toPuback.max)} | ${f(r.toOverlay.p99 - r.toPuback.p99)} | ${r.toOverlay.p99 - r.toPuback.p99 <= TAP_TARGET_ABOVE_ANCHOR_MS ? 'met' : 'missed'} |`,
    ),
  ];
}

async function qrSection(rig: KioskRig, sizes: ReturnType<typeof kioskBundleSizes>): Promise<string[]> {
  const lines: string[] = [];
  {
    // Anchor: the same browser painting a trivial page from the same server, so the
    // machine's own speed can be told apart from the kiosk's cost.
    rig.server.setFile(MOUNT, 'anchor.html', ANCHOR_PAGE);
    const browser = await launchChromium();
    const anchor: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      anchor.push(await timeToPaint(page, () => page.goto(`${rig.url}anchor.html`)));
      await context.close();
    }
    // Cold: a fresh browser context each run (no HTTP cache, no service worker).
    const cold: number[] = [];
    let beforeQr: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(QR_WATCH_SCRIPT);
      cold.push(await timeToPaint(page, () => page.goto(rig.url)));
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
      warm.push(await timeToPaint(page, () => page.reload()));
    }
    await context.close();
    rmSync(profile, { recursive: true, force: true });

    console.error(`warm median ${ms(median(warm))}`);
    // mqtt.js is bundled into the kiosk's broker worker (kiosk/worker/broker-worker.ts).
    const mqttChunk = sizes.files.find((f) => f.name.startsWith('broker-worker'));

    lines.push(
      `Measured ${new Date().toISOString()} (headless Debian Chromium, ${RUNS} runs each, kiosk served from loopback).`,
      '',
      '| measure | value |',
      '|---|---|',
      `| JS total, gzip | ${kb(sizes.totalGzipBytes)} (${sizes.files.length} files) |`,
      `| JS loaded before the QR is painted, gzip | ${kb(beforeQrBytes)} (${beforeQr.join(', ')}) |`,
      `| broker worker with mqtt.js, gzip (loaded after the QR, off the main thread) | ${mqttChunk ? kb(mqttChunk.gzipBytes) : 'n/a'} |`,
      `| anchor: a trivial page painted, fresh context, median | ${ms(median(anchor))} |`,
      `| time to a painted QR, cold, median | ${ms(median(cold))} (min ${ms(Math.min(...cold))}, max ${ms(Math.max(...cold))}) |`,
      `| time to a painted QR, warm (service worker), median | ${ms(median(warm))} (min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))}) |`,
      '',
      `mqtt.js in the QR path: ${beforeQr.some((n) => n.startsWith('broker-worker')) ? 'YES (regression)' : 'no'}.`,
    );
  }
  return lines;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench:soak`: a simulated kiosk day (BENCH_SOAK_HOURS, default 24) under
 * Playwright's fake clock — QR rotations every code period, tap overlays and content
 * updates — in the built kiosk in headless Chromium, with the JS heap of the page and
 * its workers (after a forced GC) and the DOM node count sampled every simulated hour. Target: flat within 2 MB.
 * The anchor is the heap right after the warm-up. Needs `npm run build` first.
 */
import { cpus, totalmem } from 'node:os';
import { startKioskRig } from '../../test/helpers/kiosk-rig.ts';
import { soakKioskDay } from '../../test/helpers/kiosk-soak.ts';

const HOURS = Number(process.env.BENCH_SOAK_HOURS ?? 24);
const TAPS_PER_TEN_MINUTES = Number(process.env.BENCH_SOAK_TAPS ?? 10);
const FLAT_WITHIN_BYTES = 2 * 1024 * 1024;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function main() {
  const rig = await startKioskRig({ locale: 'zh-CN' });
  const started = Date.now();
  try {
    const result = await soakKioskDay(rig, { hours: HOURS, tapsPerTenMinutes: TAPS_PER_TEN_MINUTES, log: (line) => console.error(line) });
    const [first, ...rest] = result.samples;
    const last = result.samples.at(-1)!;
    const heaps = rest.map((s) => s.heap);
    const spread = Math.max(...heaps) - Math.min(first!.heap, ...heaps);
    const nodes = result.samples.map((s) => s.nodes);
    console.log(
      [
        `Measured ${new Date().toISOString()} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, headless Debian Chromium; ${HOURS} simulated hours in ${((Date.now() - started) / 60_000).toFixed(1)} real minutes.`,
        '',
        '| measure | value |',
        '|---|---|',
        `| simulated | ${HOURS} h: ${result.rotations} QR rotations, ${result.taps} tap overlays, ${result.contentUpdates} content updates (activities + directory) |`,
        `| JS heap after warm-up (anchor), page + workers | ${kb(first!.heap)} (workers ${kb(first!.workerHeap)}) |`,
        `| JS heap at the end | ${kb(last.heap)} (${last.heap - first!.heap >= 0 ? '+' : ''}${kb(last.heap - first!.heap)}; workers ${kb(last.workerHeap)}) |`,
        `| JS heap, hourly samples min / max | ${kb(Math.min(...heaps))} / ${kb(Math.max(...heaps))} (spread with the anchor ${kb(spread)}) |`,
        `| DOM nodes, warm-up / end / hourly max | ${first!.nodes} / ${last.nodes} / ${Math.max(...nodes)} |`,
        '',
        `Target "flat within 2 MB": **${spread <= FLAT_WITHIN_BYTES ? 'met' : 'missed'}**.`,
      ].join('\n'),
    );
  } finally {
    await rig.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

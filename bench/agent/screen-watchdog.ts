/**
 * `npm run bench:screen`: the screen watchdog's own CPU time and RSS while it watches a
 * real Chromium over loopback CDP for BENCH_SECONDS (default 50), with probes every
 * 2 s and screenshots every 10 s (5x and 6x the defaults, so a minute holds enough of
 * each). Anchor, same run: this process idle for 10 s before the watchdog starts.
 * Then 10 screenshots on command, against a bare CDP capture of the same page.
 * Prints Markdown for docs/performance.md.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { transformSync } from 'esbuild';
import pino from 'pino';
import { ScreenWatchdog } from '../../station-agent/screen/screen-watchdog.ts';
import { launchChromiumWithDevTools } from '../../test/helpers/chromium.ts';
import { startStaticServer } from '../../test/helpers/static-server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 50);
const heartbeat = transformSync(readFileSync(new URL('../../kiosk/heartbeat.ts', import.meta.url), 'utf8'), { loader: 'ts', format: 'iife', globalName: 'kioskHeartbeat' }).code;
const page = `<!doctype html><html lang="en"><title>kiosk</title><script>${heartbeat}; kioskHeartbeat.startHeartbeat();</script>
<body style="margin:0;font:48px sans-serif;background:#0b3d91;color:#fff"><h1 style="background:#f4b400;color:#000;padding:40px">Tap your card</h1><p>请刷卡签到</p></body></html>`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const server = await startStaticServer({ root: '/nonexistent', mounts: { '/kiosk/': { 'index.html': page } } });
const browser = await launchChromiumWithDevTools(server.urlOf('/kiosk/index.html'));
const load = loadavg()[0]!.toFixed(1);

const idleStart = process.cpuUsage();
const rssBefore = process.memoryUsage().rss;
await sleep(10_000);
const idleCpu = cpuMs(process.cpuUsage(idleStart));

let probes = 0;
const watchdog = new ScreenWatchdog({
  cdpUrl: browser.wsEndpoint,
  probeIntervalMs: 2_000,
  probeTimeoutMs: 5_000,
  screenshotIntervalMs: 10_000,
  restart: () => Promise.reject(new Error('the bench page never needs a restart')),
  changed: (display) => console.error('display changed', display),
  logger: pino({ level: 'warn' }),
});
const originalProbe = watchdog.probe.bind(watchdog);
watchdog.probe = () => {
  probes += 1;
  return originalProbe();
};
const runStart = process.cpuUsage();
watchdog.start();
let rssPeak = 0;
for (let s = 0; s < seconds; s += 1) {
  await sleep(1_000);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}
const runCpu = cpuMs(process.cpuUsage(runStart));

// Screenshot on command: the watchdog's whole answer (wait-for-private check, capture,
// downscale, JPEG), against the anchor of a bare CDP PNG capture of the same page.
const SHOTS = 10;
const { chromium } = await import('playwright-core');
const anchorBrowser = await chromium.connectOverCDP(browser.wsEndpoint);
const anchorPage = anchorBrowser.contexts()[0]!.pages()[0]!;
const bare: number[] = [];
const answered: number[] = [];
let bytes = 0;
for (let i = 0; i < SHOTS; i += 1) {
  let t = performance.now();
  await anchorPage.screenshot({ type: 'png' });
  bare.push(performance.now() - t);
  t = performance.now();
  const shot = await watchdog.thumbnail();
  answered.push(performance.now() - t);
  bytes = Math.max(bytes, shot.jpeg.length);
}
await anchorBrowser.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
await watchdog.stop();
await browser.kill();
await server.stop();

console.log(`Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${load} at the start, state at the end: ${watchdog.current.state}, restarts ${watchdog.current.restarts}.

| measure | watchdog (${seconds} s, ${probes} probes, ~${Math.floor(seconds / 10)} screenshots) | anchor: same process idle 10 s |
|---|---|---|
| CPU time (user + system) | ${runCpu.toFixed(0)} ms (${((runCpu / (seconds * 1000)) * 100).toFixed(2)} % of one core) | ${idleCpu.toFixed(0)} ms (${((idleCpu / 10_000) * 100).toFixed(2)} %) |
| RSS | peak ${mib(rssPeak)} MiB | ${mib(rssBefore)} MiB before attaching |

| screenshot on command (${SHOTS} each, the bench page) | watchdog thumbnail (capture + JPEG) | anchor: bare CDP PNG capture |
|---|---|---|
| median | ${median(answered).toFixed(0)} ms | ${median(bare).toFixed(0)} ms |
| slowest | ${Math.max(...answered).toFixed(0)} ms | ${Math.max(...bare).toFixed(0)} ms |
| largest JPEG | ${(bytes / 1024).toFixed(1)} KB (limit 100 KB) | – |
`);

/**
 * `npm run bench:console`: the fleet console with BENCH_STATIONS (default 2,000)
 * stations and kiosks in real Chromium against a real Mosquitto. Measures sign-in
 * to every row known, a burst of live status changes until all are on screen, and
 * frame intervals while scrolling the whole list. The anchor is a Node mqtt.js
 * subscriber receiving the same retained statuses from the same broker.
 * Prints a Markdown block for docs/performance.md.
 */
import { cpus, totalmem } from 'node:os';
import mqtt from 'mqtt';
import { topicsFor } from '../../shared/index.ts';
import { connectClient, onlineKioskStatus, onlineStationStatus, openConsole, startConsoleWorld } from '../../test/helpers/console-harness.ts';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 2_000);
const topics = topicsFor('bench/v1');
const stationId = (n: number) => `ST-${String(n).padStart(5, '0')}`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

const world = await startConsoleWorld();
try {
  const publisher = await connectClient(world.broker.url);
  const retained: Promise<unknown>[] = [];
  for (let n = 1; n <= STATIONS; n++) {
    const siteId = `SITE-${String(1 + (n % 20)).padStart(2, '0')}`;
    retained.push(publisher.publishAsync(topics.station(stationId(n), 'status'), JSON.stringify(onlineStationStatus({ siteId })), { qos: 1, retain: true }));
    retained.push(publisher.publishAsync(topics.kioskStatus(`K-${n}`), JSON.stringify(onlineKioskStatus(stationId(n), { siteId })), { qos: 1, retain: true }));
  }
  await Promise.all(retained);

  console.error('bench: anchor (Node subscriber)…');
  const anchorStart = performance.now();
  const anchorClient = await mqtt.connectAsync(world.broker.url, { reconnectPeriod: 0 });
  let anchorReceived = 0;
  const anchorDone = new Promise<void>((resolve) =>
    anchorClient.on('message', () => {
      if (++anchorReceived === STATIONS * 2) resolve();
    }),
  );
  await anchorClient.subscribeAsync([topics.allStations('status'), topics.allKioskStatus()], { qos: 1 });
  await anchorDone;
  const anchorMs = performance.now() - anchorStart;
  await anchorClient.endAsync();

  console.error('bench: console sign-in…');
  const page = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot: topics.root, demoLogin: { username: 'bench', password: 'x' } }, { signIn: false });
  const signInStart = performance.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-station-count]', { hasText: `${STATIONS} stations` }).waitFor({ timeout: 120_000 });
  await page.locator(`[data-kiosk="K-1"]`).waitFor({ timeout: 120_000 });
  const signInMs = performance.now() - signInStart;

  console.error('bench: live burst…');
  const burstStart = performance.now();
  const live: Promise<unknown>[] = [];
  for (let n = 1; n <= STATIONS; n++) {
    live.push(publisher.publishAsync(topics.station(stationId(n), 'status'), JSON.stringify(onlineStationStatus({ reader: { driver: 'rdm6300', state: 'disconnected' } })), { qos: 1, retain: true }));
  }
  await Promise.all(live);
  await page.locator('[data-alert-count]', { hasText: `${STATIONS} with alerts` }).waitFor({ timeout: 120_000 });
  const burstMs = performance.now() - burstStart;

  console.error('bench: idle frames…');
  // Anchor for the scroll figures: the same page's frame interval when nothing changes.
  const idle = await page.evaluate(async () => {
    const intervals: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      intervals.push(now - last);
      last = now;
    }
    intervals.sort((a, b) => a - b);
    return { p50: intervals[60] ?? 0, p99: intervals[118] ?? 0 };
  });

  console.error('bench: scrolling…');
  const scroll = await page.locator('vs-station-list .viewport').evaluate(async (viewport) => {
    const intervals: number[] = [];
    let maxRows = 0;
    let last = performance.now();
    const list = viewport.getRootNode() as ShadowRoot;
    while (viewport.scrollTop + viewport.clientHeight < viewport.scrollHeight - 1) {
      viewport.scrollTop += viewport.clientHeight / 2;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      intervals.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, list.querySelectorAll('[data-station-row]').length);
    }
    intervals.sort((a, b) => a - b);
    return { frames: intervals.length, p50: intervals[Math.floor(intervals.length * 0.5)] ?? 0, p99: intervals[Math.floor(intervals.length * 0.99)] ?? 0, max: intervals.at(-1) ?? 0, maxRows };
  });
  await page.context().close();
  await publisher.endAsync();

  console.log(`Measured ${new Date().toISOString()} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Debian Chromium headless, Mosquitto on loopback, ${STATIONS} stations + ${STATIONS} kiosks.

| measure | figure | anchor |
|---|---|---|
| sign-in click -> ${STATIONS} rows known (${STATIONS * 2} retained statuses) | ${ms(signInMs)} | Node mqtt.js subscriber receives the same ${STATIONS * 2}: ${ms(anchorMs)} |
| ${STATIONS} live status changes published -> all ${STATIONS} alerts on screen | ${ms(burstMs)} | |
| scroll the whole list, half a screen per frame (${scroll.frames} frames): frame interval p50 / p99 / max | ${ms(scroll.p50)} / ${ms(scroll.p99)} / ${ms(scroll.max)} | same page, idle, no scrolling: p50 ${ms(idle.p50)}, p99 ${ms(idle.p99)} |
| most station rows in the DOM at once | ${scroll.maxRows} | of ${STATIONS} |`);
} finally {
  await world.close();
}

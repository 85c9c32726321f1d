/**
 * `npm run bench:console`: the fleet console with BENCH_STATIONS (default 2,000)
 * stations and kiosks in real Chromium against a real Mosquitto and a real central that
 * holds them all in its stations file. Measures, BENCH_RUNS times each (default 3,
 * medians printed), sign-in to every row known (served with central behind `/api/`, so
 * the console starts from its fleet snapshot, and served alone, from the broker's
 * retained statuses only) and a burst of
 * live status changes until every alert is on screen, both read frame by frame in the
 * page; the page's long tasks meanwhile; and frame intervals while scrolling the whole
 * list. The sign-in anchor is a Node mqtt.js subscriber receiving the same retained
 * statuses from the same broker, rerun around every sign-in (the machine is shared);
 * the burst's is the publisher holding all its PUBACKs. A second sign-in anchor is the
 * same browser receiving the statuses over a bare WebSocket (browser-ws-anchor.ts). Prints a Markdown block for
 * docs/performance.md with the issue 15 targets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { topicsFor } from '../../shared/index.ts';
import type { Page } from 'playwright-core';
import { MANAGER, startCentralFixture } from '../../test/helpers/central-fixture.ts';
import { startConsoleServer } from '../../test/helpers/console-server.ts';
import { median } from '../kiosk/time-to-qr.ts';
import { epochNow, frameWhen, installInPageTimers, lastClickAt, takeLongTasks } from '../in-page-timers.ts';
import { browserWebSocketReplayMs } from './browser-ws-anchor.ts';
import { eventually } from '../../test/helpers/eventually.ts';
import { connectClient, onlineKioskStatus, onlineStationStatus, openConsole, startConsoleWorld } from '../../test/helpers/console-harness.ts';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIGN_IN_TARGET_MS = 500;
const BURST_TARGET_MS = 300;
// Central's topic root: the console server serves the console with it.
const topics = topicsFor('vs/v1');
const stationId = (n: number) => `ST-${String(n).padStart(5, '0')}`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

const world = await startConsoleWorld();
const dir = mkdtempSync(join(tmpdir(), 'bench-console-'));
const stationsFile = join(dir, 'stations.json');
const siteOf = (n: number) => `SITE-${String(1 + (n % 20)).padStart(2, '0')}`;
writeFileSync(
  stationsFile,
  JSON.stringify(
    Object.fromEntries(
      Array.from({ length: STATIONS }, (_, i) => [stationId(i + 1), { siteId: siteOf(i + 1), secret: randomBytes(32).toString('base64url'), name: { zh: `${i + 1}号站`, en: `Station ${i + 1}` }, kiosks: [`K-${i + 1}`] }]),
    ),
  ),
);
const central = await startCentralFixture({ broker: world.broker, configOverrides: { stationsFile } });
const withCentral = await startConsoleServer({ broker: world.broker, apiOrigin: central.adminUrl, demoLogin: { username: MANAGER.name, password: MANAGER.password } });
try {
  const publisher = await connectClient(world.broker.url);
  const retained: Promise<unknown>[] = [];
  for (let n = 1; n <= STATIONS; n++) {
    const siteId = siteOf(n);
    retained.push(publisher.publishAsync(topics.station(stationId(n), 'status'), JSON.stringify(onlineStationStatus({ siteId })), { qos: 1, retain: true }));
    retained.push(publisher.publishAsync(topics.kioskStatus(`K-${n}`), JSON.stringify(onlineKioskStatus(stationId(n), { siteId })), { qos: 1, retain: true }));
  }
  await Promise.all(retained);

  // The anchor, rerun around the console's runs: the machine is shared, so its speed drifts.
  const anchors: number[] = [];
  const measureAnchor = async () => {
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
    anchors.push(performance.now() - anchorStart);
    await anchorClient.endAsync();
  };

  // Central has every status before the console signs in.
  await eventually(
    async () => {
      const res = await fetch(`${central.adminUrl}/api/fleet`, { headers: { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` } });
      const body = (await res.json()) as { stations: unknown[]; kiosks: unknown[] };
      return body.stations.length === STATIONS && body.kiosks.length === STATIONS;
    },
    60_000,
    `central holding all ${STATIONS * 2} statuses`,
  );

  // Sign-in: click to the first frame showing every station and the first kiosk, read in the page.
  const signIns: number[] = [];
  const brokerAloneSignIns: number[] = [];
  // The browser's own floor: a bare WebSocket in a worker of the same page, same statuses.
  const browserAnchors: number[] = [];
  const signInLongTasks: { count: number; totalMs: number; maxMs: number }[] = [];
  let page: Page | undefined;
  const signIn = async (opened: Page) => {
    const allKnown = frameWhen(opened, '[data-station-count]', `${STATIONS} stations`);
    await opened.getByRole('button', { name: 'Sign in' }).click();
    const knownAt = await allKnown;
    await frameWhen(opened, '[data-kiosk="K-1"]');
    return knownAt - (await lastClickAt(opened));
  };
  for (let run = 0; run < RUNS; run++) {
    console.error(`bench: anchor (Node subscriber) and console sign-in, run ${run + 1} of ${RUNS}…`);
    await measureAnchor();
    // Served alone (no central behind it: /api/fleet is a 404), as protocol v1 had it.
    await page?.context().close();
    page = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot: topics.root, demoLogin: { username: MANAGER.name, password: MANAGER.password } }, { signIn: false });
    await installInPageTimers(page);
    browserAnchors.push(await browserWebSocketReplayMs(page, { url: world.broker.wsUrl, filters: [topics.allStations('status'), topics.allKioskStatus()], expected: STATIONS * 2 }));
    brokerAloneSignIns.push(await signIn(page));
    // As deployed: central's manager API on the console's origin.
    await page.context().close();
    const deployed = await (await world.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    page = deployed;
    await deployed.goto(withCentral.url);
    await installInPageTimers(deployed);
    signIns.push(await signIn(deployed));
    signInLongTasks.push(await takeLongTasks(deployed));
  }
  await measureAnchor();
  if (!page) throw new Error('bench: BENCH_RUNS must be at least 1');

  // Burst: every station's reader goes away at once, then comes back; publish start in
  // Node to the first frame with every alert counted, read in the page.
  const publishAll = (state: 'connected' | 'disconnected') => {
    const live: Promise<unknown>[] = [];
    for (let n = 1; n <= STATIONS; n++) {
      live.push(publisher.publishAsync(topics.station(stationId(n), 'status'), JSON.stringify(onlineStationStatus({ reader: { driver: 'rdm6300', state } })), { qos: 1, retain: true }));
    }
    return Promise.all(live);
  };
  // Its anchor: the publisher holding every PUBACK, i.e. the broker has all the changes.
  const bursts: number[] = [];
  const burstLongTasks: { count: number; totalMs: number; maxMs: number }[] = [];
  const burstAnchors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    console.error(`bench: live burst, run ${run + 1} of ${RUNS}…`);
    const allAlerts = frameWhen(page, '[data-alert-count]', `${STATIONS} with alerts`);
    await takeLongTasks(page);
    const burstStart = epochNow();
    await publishAll('disconnected');
    burstAnchors.push(epochNow() - burstStart);
    bursts.push((await allAlerts) - burstStart);
    burstLongTasks.push(await takeLongTasks(page));
    const noAlerts = frameWhen(page, '[data-alert-count]', '0 with alerts');
    await publishAll('connected');
    await noAlerts;
  }
  const signInMs = median(signIns);
  const anchorMs = median(anchors);
  const burstMs = median(bursts);

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

  console.log(`Measured ${new Date().toISOString()} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Debian Chromium headless, Mosquitto and central (SQLite) on loopback, ${STATIONS} stations + ${STATIONS} kiosks.

| measure | figure | anchor |
|---|---|---|
| sign-in click -> ${STATIONS} rows known (${STATIONS * 2} retained statuses), median of ${RUNS} (${signIns.map(ms).join(', ')}) | ${ms(signInMs)} (${(signInMs / anchorMs).toFixed(1)} × anchor) | Node mqtt.js subscriber (TCP, QoS 1) receives the same ${STATIONS * 2}, median of ${anchors.length} (${anchors.map(ms).join(', ')}): ${ms(anchorMs)} |
| the same, console served without central (broker's retained statuses only), median of ${RUNS} (${brokerAloneSignIns.map(ms).join(', ')}) | ${ms(median(brokerAloneSignIns))} (${(median(brokerAloneSignIns) / anchorMs).toFixed(1)} × anchor) | |
| the same browser, bare WebSocket in a worker (no mqtt.js, no validation, QoS 0) receives the same ${STATIONS * 2}, median of ${RUNS} (${browserAnchors.map(ms).join(', ')}) | ${ms(median(browserAnchors))} | console sign-in is ${(signInMs / median(browserAnchors)).toFixed(1)} × this |
| ${STATIONS} live status changes published -> all ${STATIONS} alerts on screen, median of ${RUNS} (${bursts.map(ms).join(', ')}) | ${ms(burstMs)} | publisher has all ${STATIONS} PUBACKs (the broker holds every change), median of ${RUNS} (${burstAnchors.map(ms).join(', ')}): ${ms(median(burstAnchors))} |
| main thread during sign-in: long tasks (> 50 ms), per run count / total / longest | ${signInLongTasks.map((t) => `${t.count} / ${ms(t.totalMs)} / ${ms(t.maxMs)}`).join('; ')} | |
| main thread during the burst: long tasks, per run | ${burstLongTasks.map((t) => `${t.count} / ${ms(t.totalMs)} / ${ms(t.maxMs)}`).join('; ')} | |
| scroll the whole list, half a screen per frame (${scroll.frames} frames): frame interval p50 / p99 / max | ${ms(scroll.p50)} / ${ms(scroll.p99)} / ${ms(scroll.max)} | same page, idle, no scrolling: p50 ${ms(idle.p50)}, p99 ${ms(idle.p99)} |
| most station rows in the DOM at once | ${scroll.maxRows} | of ${STATIONS} |

Targets: sign-in ≤ ${SIGN_IN_TARGET_MS} ms and ≤ 3 × anchor: **${signInMs <= SIGN_IN_TARGET_MS && signInMs <= 3 * anchorMs ? 'met' : 'missed'}**; burst ≤ ${BURST_TARGET_MS} ms: **${burstMs <= BURST_TARGET_MS ? 'met' : 'missed'}**.`);
} finally {
  await withCentral.close();
  await central.stop();
  await world.close();
  rmSync(dir, { recursive: true, force: true });
}

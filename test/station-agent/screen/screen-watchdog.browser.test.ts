/**
 * The screen watchdog against a real Chromium attached over CDP, as on a station PC:
 * the page carries the kiosk's own heartbeat (kiosk/heartbeat.ts, bundled here), and a
 * restart relaunches the browser.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import pino from 'pino';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayPower } from '../../../station-agent/screen/display-power.ts';
import { runScreenCommand } from '../../../station-agent/screen/screen-command.ts';
import { jpegThumbnail } from '../../../station-agent/screen/thumbnail.ts';
import { ScreenWatchdog, type ScreenWatchdogDeps, type StationDisplay } from '../../../station-agent/screen/screen-watchdog.ts';
import { launchChromiumWithDevTools, type DevToolsChromium } from '../../helpers/chromium.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';

const heartbeatScript = transformSync(readFileSync(new URL('../../../kiosk/heartbeat.ts', import.meta.url), 'utf8'), { loader: 'ts', format: 'iife', globalName: 'kioskHeartbeat' }).code;

const page = (body: string, style = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kiosk</title><style>${style}</style>
<script>${heartbeatScript}; kioskHeartbeat.startHeartbeat();
// Test hook: the renderer's main thread spins for ever, as a runaway script would.
window.__freeze = () => setTimeout(() => { for (;;) {} }, 0);</script></head><body>${body}</body></html>`;

const HEALTHY = page(
  '<header>Volunteer station ST-0001</header><main><h1>Tap your card</h1><p>请刷卡签到</p><div class="qr"></div></main>',
  'body{margin:0;font:48px sans-serif;background:#0b3d91;color:#fff} header{background:#f4b400;color:#000;padding:40px} .qr{width:300px;height:300px;background:repeating-linear-gradient(45deg,#000 0 20px,#fff 20px 40px)}',
);
const BLANK = page('', 'body{margin:0;background:#fff}');

let server: StaticServer | undefined;
let browser: DevToolsChromium | undefined;
let watchdog: ScreenWatchdog | undefined;

afterEach(async () => {
  await watchdog?.stop();
  await browser?.kill();
  await server?.stop();
  watchdog = browser = server = undefined;
});

async function rig(files: Record<string, string>, start: string, isSleeping = () => false, onDisplay: (display: StationDisplay) => void = () => {}, extra: Partial<ScreenWatchdogDeps> = {}) {
  server = await startStaticServer({ root: '/nonexistent', mounts: { '/kiosk/': files } });
  browser = await launchChromiumWithDevTools(server.urlOf(`/kiosk/${start}`));
  const seen: StationDisplay[] = [];
  let restarts = 0;
  const url = server.urlOf(`/kiosk/${start}`);
  watchdog = new ScreenWatchdog({
    cdpUrl: () => browser!.wsEndpoint,
    kioskId: 'KI-0001',
    probeIntervalMs: 500,
    probeTimeoutMs: 1_000,
    screenshotIntervalMs: 700,
    restartGraceMs: 5_000,
    isSleeping,
    // As systemd would: the old browser goes, a new one starts on the kiosk page.
    restart: async () => {
      restarts += 1;
      await browser!.kill();
      browser = await launchChromiumWithDevTools(url);
    },
    changed: (display) => {
      seen.push(display);
      onDisplay(display);
    },
    logger: pino({ level: 'silent' }),
    ...extra,
  });
  watchdog.start();
  return { seen, restarts: () => restarts, url };
}

describe('screen watchdog over CDP', () => {
  it('reports a healthy kiosk page as on, and does not touch it', async () => {
    const { seen, restarts } = await rig({ 'index.html': HEALTHY }, 'index.html');
    const probe = await chromium.connectOverCDP(browser!.wsEndpoint);
    // Several probes and screenshots have run once the heartbeat has moved on a few times.
    const kiosk = probe.contexts()[0]!.pages()[0]!;
    const first = await eventually(() => kiosk.evaluate(() => (window as { __vsHeartbeat?: number }).__vsHeartbeat ?? false), 10_000, 'a heartbeat');
    await eventually(async () => ((await kiosk.evaluate(() => (window as { __vsHeartbeat?: number }).__vsHeartbeat ?? 0)) > first + 20 ? true : false), 20_000, 'the heartbeat to advance');
    await probe.close();
    expect(watchdog!.current).toMatchObject({ kioskId: 'KI-0001', state: 'on', restarts: 0 });
    expect(seen.filter((d) => d.state !== 'on')).toEqual([]);
    expect(restarts()).toBe(0);
  });

  it('finds a page frozen in a busy loop, restarts the browser and reports on again', async () => {
    const { seen, restarts } = await rig({ 'index.html': HEALTHY }, 'index.html');
    const probe = await chromium.connectOverCDP(browser!.wsEndpoint);
    const kiosk = probe.contexts()[0]!.pages()[0]!;
    await eventually(() => kiosk.evaluate(() => (window as { __vsHeartbeat?: number }).__vsHeartbeat ?? 0 > 2), 10_000, 'a heartbeat');
    await kiosk.evaluate(() => (window as unknown as { __freeze(): void }).__freeze());
    const frozen = await eventually(() => seen.find((d) => d.state === 'frozen'), 30_000, 'a frozen report');
    expect(frozen).toMatchObject({ kioskId: 'KI-0001', restarts: 1 });
    expect(frozen.detail).toMatch(/did not answer|heartbeat stopped/);
    await eventually(() => restarts() === 1, 30_000, 'the restart');
    await eventually(() => watchdog!.current.state === 'on', 30_000, 'on after the restart');
    expect(watchdog!.current.restarts).toBe(1);
  });

  it('finds an all-white page blank, reloads it, and restarts if that does not help', async () => {
    const { seen, restarts } = await rig({ 'index.html': BLANK }, 'index.html');
    const blank = await eventually(() => seen.find((d) => d.state === 'blank'), 30_000, 'a blank report');
    expect(blank).toMatchObject({ kioskId: 'KI-0001', restarts: 0 });
    expect(blank.detail).toMatch(/reloaded/);
    expect(server!.requests.filter((path) => path === '/kiosk/index.html').length).toBeGreaterThanOrEqual(1);
    // Still white after the reload: the browser is restarted.
    await eventually(() => restarts() >= 1, 30_000, 'a restart for the blank screen');
    expect(seen.find((d) => d.state === 'blank' && d.restarts === 1)?.detail).toMatch(/still blank/);
  });

  it('a page that turns healthy after the reload is on again, with no restart', async () => {
    // The kiosk's content arrives just as the watchdog reports blank, before it reloads.
    const { seen, restarts } = await rig({ 'index.html': BLANK }, 'index.html', () => false, (display) => {
      if (display.state === 'blank') server!.setFile('/kiosk/', 'index.html', HEALTHY);
    });
    await eventually(() => seen.find((d) => d.state === 'blank'), 30_000, 'a blank report');
    await eventually(() => watchdog!.current.state === 'on', 30_000, 'on after the reload');
    expect(seen.map((d) => d.detail ?? d.state)).toEqual(['screen over 98 % one colour; reloaded the page', 'on']);
    expect(restarts()).toBe(0);
  });

  it('a black screen while the schedule says asleep is sleeping, not blank', async () => {
    const { seen, restarts } = await rig({ 'index.html': page('', 'body{margin:0;background:#000}') }, 'index.html', () => true);
    await eventually(() => watchdog!.current.state === 'sleeping', 30_000, 'sleeping');
    expect(seen.some((d) => d.state === 'blank')).toBe(false);
    expect(restarts()).toBe(0);
  });

  it('a black screen the kiosk page itself reports as sleeping (window.__vsDisplay) is sleeping, not blank', async () => {
    const asleep = page('<script>window.__vsDisplay = "sleeping";</script>', 'body{margin:0;background:#000}');
    const { seen, restarts } = await rig({ 'index.html': asleep }, 'index.html');
    await eventually(() => watchdog!.current.state === 'sleeping', 30_000, 'sleeping');
    expect(seen.some((d) => d.state === 'blank')).toBe(false);
    expect(restarts()).toBe(0);
  });

  it('turns the screen off when the kiosk page goes to sleep and on when it wakes, once each, with the configured commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'display-power-'));
    const log = join(dir, 'panel.log');
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    // Real programs, as vcgencmd or cec-ctl would be: each run appends one line.
    const displayPower = new DisplayPower({
      off: runScreenCommand(['sh', '-c', `echo off >> ${log}`], 'screenOffCommand'),
      on: runScreenCommand(['sh', '-c', `echo on >> ${log}`], 'screenOnCommand'),
      logger: pino({ level: 'silent' }),
    });
    try {
      const { restarts } = await rig({ 'index.html': HEALTHY }, 'index.html', () => false, () => {}, { displayPower });
      const probe = await chromium.connectOverCDP(browser!.wsEndpoint);
      const kiosk = probe.contexts()[0]!.pages()[0]!;
      await eventually(() => kiosk.evaluate(() => ((window as { __vsHeartbeat?: number }).__vsHeartbeat ?? 0) > 2), 10_000, 'a heartbeat');
      expect(lines()).toEqual([]); // on, as a screen nobody switched is

      // Closing time: the display schedule controller sets this on the real kiosk page.
      await kiosk.evaluate(() => ((window as { __vsDisplay?: string }).__vsDisplay = 'sleeping'));
      await eventually(() => lines().length === 1, 10_000, 'the screen-off command');
      expect(watchdog!.current.state).toBe('sleeping');
      // A touch wakes the page for five minutes: the panel comes back on.
      await kiosk.evaluate(() => ((window as { __vsDisplay?: string }).__vsDisplay = 'on'));
      await eventually(() => lines().length === 2, 10_000, 'the screen-on command');
      expect(watchdog!.current.state).toBe('on');
      // Later probes of an unchanged page run nothing more.
      const beat = await kiosk.evaluate(() => (window as { __vsHeartbeat?: number }).__vsHeartbeat ?? 0);
      await eventually(() => kiosk.evaluate((b) => ((window as { __vsHeartbeat?: number }).__vsHeartbeat ?? 0) > b + 20, beat), 20_000, 'more probes');
      await probe.close();
      expect(lines()).toEqual(['off', 'on']);
      expect(restarts()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('screenshot on command', () => {
    const PERSONAL = page(
      '<main><h1>Tap your card</h1></main><div id="overlay" style="position:fixed;inset:0;background:#137333;color:#fff;font:64px sans-serif;padding:80px">Checked in · Wang X.</div>' +
        '<script>window.__vsPrivate = true; window.__clearAfter = (ms) => setTimeout(() => { document.getElementById("overlay").remove(); window.__vsPrivate = false; }, ms);</script>',
      'body{margin:0;font:48px sans-serif;background:#0b3d91;color:#fff}',
    );

    it('is a JPEG thumbnail of at most 100 KB with no metadata', async () => {
      await rig({ 'index.html': HEALTHY }, 'index.html');
      const shot = await watchdog!.thumbnail();
      expect(shot.blurred).toBe(false);
      expect(shot.jpeg.length).toBeLessThanOrEqual(100 * 1024);
      const meta = await sharp(shot.jpeg).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: shot.width, height: shot.height });
      expect(Math.max(shot.width, shot.height)).toBeLessThanOrEqual(640);
      expect(meta.exif).toBeUndefined();
      // The picture is of the page: the header's yellow is in it.
      const { dominant } = await sharp(shot.jpeg).stats();
      expect(dominant).not.toEqual({ r: 255, g: 255, b: 255 });
    });

    it("waits for a volunteer's tap result to leave the screen before it captures", async () => {
      await rig({ 'index.html': PERSONAL }, 'index.html');
      const probe = await chromium.connectOverCDP(browser!.wsEndpoint);
      await probe.contexts()[0]!.pages()[0]!.evaluate(() => (window as unknown as { __clearAfter(ms: number): void }).__clearAfter(1_500));
      await probe.close();
      const shot = await watchdog!.thumbnail();
      expect(shot.blurred).toBe(false);
      // The overlay's green is gone: what was captured is the home screen behind it.
      const { channels } = await sharp(shot.jpeg).stats();
      expect(channels[1]!.mean).toBeLessThan(channels[2]!.mean);
    });

    it('blurs the picture when the personal screen stays up', async () => {
      await rig({ 'index.html': PERSONAL }, 'index.html');
      const shot = await watchdog!.thumbnail();
      expect(shot.blurred).toBe(true);
      // Against the same screen unblurred: the text's edges are gone.
      const probe = await chromium.connectOverCDP(browser!.wsEndpoint);
      const sharpShot = await jpegThumbnail(await probe.contexts()[0]!.pages()[0]!.screenshot({ type: 'png' }), false);
      await probe.close();
      const [blurredStats, sharpStats] = await Promise.all([sharp(shot.jpeg).stats(), sharp(sharpShot.jpeg).stats()]);
      expect(blurredStats.sharpness).toBeLessThan(sharpStats.sharpness / 2);
    }, 30_000);
  });
});

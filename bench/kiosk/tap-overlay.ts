/**
 * Card tap -> tap overlay visible on the kiosk: the last byte of an RDM6300 frame
 * written by the emulator to a real socat pty, read by the real station agent, which
 * records it durably and publishes the Tap (QoS 0) through a real Mosquitto to the
 * built kiosk in real Chromium; the figure ends at the frame after the overlay exists.
 * The anchor is the same tap's CheckIn PUBACK at the agent, in the same run: what the
 * agent and broker cost before any screen is involved. `cpuThrottle` slows the page
 * only (CDP Emulation.setCPUThrottlingRate), as on a Raspberry-Pi-class kiosk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AgentConfigSchema, validate } from '../../shared/index.ts';
import { startAgent } from '../../station-agent/main.ts';
import { startCentralDouble } from '../../test/helpers/central-double.ts';
import { launchChromium } from '../../test/helpers/chromium.ts';
import { eventually } from '../../test/helpers/eventually.ts';
import type { KioskRig } from '../../test/helpers/kiosk-rig.ts';
import { createPtyPair } from '../../test/helpers/pty.ts';
import { openRdm6300Emulator, rdm6300FrameBytes } from '../../test/helpers/rdm6300-emulator.ts';
import { summarise } from '../agent/stats.ts';
import { epochNow, frameWhen, installInPageTimers } from '../in-page-timers.ts';

export interface TapOverlayResult {
  cpuThrottle: number;
  toOverlay: ReturnType<typeof summarise>;
  toPuback: ReturnType<typeof summarise>;
}

const OVERLAY = 'tap-overlay >>> .panel';

export async function benchTapOverlay(rig: KioskRig, options: { taps: number; cpuThrottles: readonly number[] }): Promise<TapOverlayResult[]> {
  const pty = await createPtyPair();
  const central = await startCentralDouble(rig.broker.url, rig.config.stationId, rig.config.topicRoot);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-tap-overlay-'));
  const config = validate(AgentConfigSchema, {
    stationId: rig.config.stationId,
    siteId: rig.config.siteId,
    topicRoot: rig.config.topicRoot,
    broker: { url: rig.broker.url },
    reader: { driver: 'rdm6300', path: pty.devicePath },
    dataDir,
    debounceMs: 0,
    http: { port: 0 },
    logLevel: 'warn',
  });
  if (!config.ok) throw new Error(config.issues.join('\n'));
  let pubackAt = 0;
  const agent = await startAgent({ config: config.value, logger: pino({ level: 'warn' }, pino.destination(2)), observe: { puback: () => (pubackAt = epochNow()) } });
  const emulator = await openRdm6300Emulator(pty.emulatorPath);
  const browser = await launchChromium();
  const results: TapOverlayResult[] = [];
  try {
    await eventually(() => central.other.some((m) => m.topic.endsWith('/status')), 15_000, 'agent online');
    let card = 0;
    for (const cpuThrottle of options.cpuThrottles) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const cdp = await page.context().newCDPSession(page);
      await page.goto(rig.url);
      await page.locator('checkin-panel qr-code').waitFor({ timeout: 30_000 });
      await page.locator('kiosk-toolbar .state[data-state="connected"]').waitFor({ timeout: 30_000 });
      await installInPageTimers(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
      // One warm-up tap: the overlay's first render and the Result's sound are not the steady state.
      const toOverlay: number[] = [];
      const toPuback: number[] = [];
      for (let i = -1; i < options.taps; i++) {
        pubackAt = 0;
        const shown = frameWhen(page, OVERLAY);
        const frame = rdm6300FrameBytes(`0B${(card++).toString(16).toUpperCase().padStart(8, '0')}`);
        const lastByteAt = await new Promise<number>((resolve) => emulator.port.write(frame, () => emulator.port.drain(() => resolve(epochNow()))));
        const overlayAt = await shown;
        await eventually(() => pubackAt > 0, 10_000, `PUBACK of tap ${i}`);
        // Let the Result land, then dismiss, so the next tap starts from no overlay.
        await page.locator('tap-overlay .panel:not([data-tone="info"])').waitFor();
        await page.locator('tap-overlay .panel').click();
        await page.locator('tap-overlay .panel').waitFor({ state: 'detached' });
        if (i < 0) continue;
        toOverlay.push(overlayAt - lastByteAt);
        toPuback.push(pubackAt - lastByteAt);
      }
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await page.close();
      results.push({ cpuThrottle, toOverlay: summarise(toOverlay), toPuback: summarise(toPuback) });
      console.error(`tap overlay at ${cpuThrottle}× CPU: p99 ${results.at(-1)!.toOverlay.p99.toFixed(1)} ms (PUBACK p99 ${results.at(-1)!.toPuback.p99.toFixed(1)} ms)`);
    }
  } finally {
    await browser.close();
    await emulator.close();
    await agent.stop();
    await central.close();
    await pty.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

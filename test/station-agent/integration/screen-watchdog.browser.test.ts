/**
 * The agent process with a `screen` block, against real Mosquitto and a real Chromium on
 * loopback DevTools: a blank kiosk screen shows in the retained StationStatus as
 * `display.state: "blank"`, and the configured restart command runs (no shell).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCentralDouble, type CentralDouble } from '../../helpers/central-double.ts';
import { launchChromiumWithDevTools, type DevToolsChromium } from '../../helpers/chromium.ts';
import { agentConfig, statuses } from '../../helpers/agent-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';
import { startAgentProcess, type AgentProcess } from '../../helpers/station-agent-process.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';

let broker: MosquittoBroker | undefined;
let central: CentralDouble | undefined;
let agent: AgentProcess | undefined;
let browser: DevToolsChromium | undefined;
let server: StaticServer | undefined;

afterEach(async () => {
  await agent?.kill('SIGKILL');
  await browser?.kill();
  await server?.stop();
  await central?.close();
  await broker?.stop();
  agent = browser = server = central = broker = undefined;
});

describe('station agent screen watchdog (real Mosquitto, real Chromium)', () => {
  it('reports a blank kiosk screen in the station status and runs the restart command', async () => {
    broker = await startMosquitto({ websockets: false });
    central = await startCentralDouble(broker.url, 'ST-0001');
    server = await startStaticServer({ root: '/nonexistent', mounts: { '/kiosk/': { 'index.html': '<!doctype html><html lang="en"><title>kiosk</title><body style="margin:0;background:#fff"></body></html>' } } });
    browser = await launchChromiumWithDevTools(server.urlOf('/kiosk/index.html'));
    const marker = join(mkdtempSync(join(tmpdir(), 'restart-')), 'restarted');
    const cdpUrl = `http://127.0.0.1:${new URL(browser.wsEndpoint).port}`;
    agent = await startAgentProcess(
      agentConfig(broker.url, { screen: { kioskId: 'KI-0001', cdpUrl, restartCommand: ['touch', marker], probeIntervalMs: 500, probeTimeoutMs: 1000, screenshotIntervalMs: 700 } }),
    );
    const blank = await eventually(() => statuses(central!).find((s) => (s.display as { state?: string } | undefined)?.state === 'blank'), 30_000, 'a blank display in the status');
    expect(blank.display).toMatchObject({ kioskId: 'KI-0001', state: 'blank', restarts: 0, detail: expect.stringMatching(/reloaded/) });
    await eventually(() => existsSync(marker), 30_000, 'the restart command to run');
    expect(readFileSync(marker, 'utf8')).toBe('');
    await eventually(() => statuses(central!).some((s) => (s.display as { restarts?: number } | undefined)?.restarts === 1), 10_000, 'the restart counted in the status');
  });
});

/**
 * The console with the real parts around it: a real station agent process
 * (`station-agent run --config FILE`, simulated reader) and the real kiosk page
 * from `dist/kiosk` (run `npm run build` first, as `npm test` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCheckinSecret } from '../../shared/index.ts';
import { launchChromiumWithDevTools } from '../helpers/chromium.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { openConsole, startConsoleWorld, uniqueTopicRoot, type ConsoleWorld } from '../helpers/console-harness.ts';

const AGENT_BIN = fileURLToPath(new URL('../../station-agent/bin/station-agent.js', import.meta.url));
const KIOSK_DIST = fileURLToPath(new URL('../../dist/kiosk/', import.meta.url));

let world: ConsoleWorld;
let kioskServer: StaticServer | undefined;
const agents: ChildProcess[] = [];
const agentDirs: string[] = [];

beforeAll(async () => {
  world = await startConsoleWorld();
});

afterAll(async () => {
  for (const agent of agents) if (agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
  await kioskServer?.stop();
  await world?.close();
  for (const dir of agentDirs) rmSync(dir, { recursive: true, force: true });
});

function startAgent(stationId: string, topicRoot: string, extra: Record<string, unknown> = {}): { process: ChildProcess; output: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'console-agent-'));
  agentDirs.push(dir);
  const config = { stationId, siteId: 'SITE-01', topicRoot, broker: { url: world.broker.url }, reader: { driver: 'simulated' }, dataDir: join(dir, 'data'), http: { port: 0 }, ...extra };
  writeFileSync(join(dir, 'agent.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [AGENT_BIN, 'run', '--config', join(dir, 'agent.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  agents.push(child);
  return { process: child, output: () => output };
}

it('follows a real station agent: online, a simulated tap from the console, then offline through its Last Will after kill -9', async () => {
  const topicRoot = uniqueTopicRoot();
  const agent = startAgent('ST-0042', topicRoot);
  const page = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot, demoLogin: { username: 'manager', password: 'x' }, demoCards: [{ label: 'Demo volunteer', uid: '0A1B2C3D4E' }] });
  const row = page.locator('[data-station-row="ST-0042"]');
  await expect.poll(() => row.locator('[data-state]').first().getAttribute('data-state').catch(() => null), { timeout: 20_000, message: agent.output() }).toBe('online');
  expect(await row.locator('[data-reader-state]').innerText()).toBe('connected');

  await row.locator('[data-command="simulate-tap"]').click();
  await page.locator('[data-confirm]').click();
  // No central service here, so the check-in stays in the agent's outbox: the console shows it waiting.
  await expect.poll(() => row.locator('[data-outbox-pending]').innerText(), { timeout: 15_000 }).toBe('1 pending');
  expect(await row.innerText()).toMatch(/last check-in \d{2}:\d{2}:\d{2}/);
  expect(agent.output()).toContain('…3D4E');
  expect(agent.output()).not.toContain('0A1B2C3D4E');

  agent.process.kill('SIGKILL');
  await expect.poll(() => row.locator('[data-state]').first().getAttribute('data-state'), { timeout: 20_000 }).toBe('offline');
  await page.context().close();
});

it('sends an announcement that a real kiosk page shows, and clears it', async () => {
  if (!existsSync(join(KIOSK_DIST, 'index.html'))) throw new Error('dist/kiosk is missing: run `npm run build` before this test');
  const topicRoot = uniqueTopicRoot();
  const kioskConfig = {
    kioskId: 'K-0077',
    stationId: 'ST-0077',
    siteId: 'SITE-07',
    topicRoot,
    broker: { url: world.broker.wsUrl },
    checkin: { baseUrl: 'https://checkin.example.org/c/', secret: generateCheckinSecret(), periodSeconds: 10 },
    locale: 'en',
  };
  kioskServer = await startStaticServer({ root: KIOSK_DIST, mounts: { '/stations/ST-0077/': { 'kiosk-config.json': JSON.stringify(kioskConfig) } } });
  const kioskContext = await world.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = await kioskContext.newPage();
  await kiosk.goto(kioskServer.urlOf('/stations/ST-0077/'));

  const console = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot, demoLogin: { username: 'manager', password: 'x' } });
  const row = console.locator('[data-station-row="ST-0077"]');
  // The kiosk reports itself (retained KioskStatus), which creates the station's row.
  await expect.poll(() => row.locator('[data-kiosk="K-0077"] [data-state]').getAttribute('data-state').catch(() => null), { timeout: 30_000 }).toBe('online');

  await row.locator('[data-command="announce"]').click();
  await console.getByLabel('Announcement (中文)').fill('下午三点闭馆');
  await console.getByLabel('Announcement (English)').fill('Closing at 3 pm today');
  await console.locator('[data-confirm]').click();
  await expect.poll(() => kiosk.locator('announcement-banner [role="status"]').innerText().catch(() => ''), { timeout: 15_000 }).toContain('Closing at 3 pm today');

  await row.locator('[data-command="clear-announcement"]').click();
  await console.locator('[data-confirm]').click();
  await expect.poll(() => kiosk.locator('announcement-banner').count(), { timeout: 15_000 }).toBe(0);
  await kioskContext.close();
  await console.context().close();
});

it("shows a picture of the real kiosk page taken by the station agent's screen watchdog, and says so when a station has none", async () => {
  if (!existsSync(join(KIOSK_DIST, 'index.html'))) throw new Error('dist/kiosk is missing: run `npm run build` before this test');
  const topicRoot = uniqueTopicRoot();
  const kioskConfig = {
    kioskId: 'K-0078',
    stationId: 'ST-0078',
    siteId: 'SITE-07',
    topicRoot,
    broker: { url: world.broker.wsUrl },
    checkin: { baseUrl: 'https://checkin.example.org/c/', secret: generateCheckinSecret(), periodSeconds: 10 },
    locale: 'en',
    display: { hours: [] },
  };
  const server = await startStaticServer({ root: KIOSK_DIST, mounts: { '/stations/ST-0078/': { 'kiosk-config.json': JSON.stringify(kioskConfig) } } });
  // The kiosk's Chromium as on a station PC: its own process, DevTools on loopback.
  const screen = await launchChromiumWithDevTools(server.urlOf('/stations/ST-0078/'));
  try {
    const watched = startAgent('ST-0078', topicRoot, { screen: { kioskId: 'K-0078', cdpUrl: screen.wsEndpoint, restartCommand: ['true'] } });
    startAgent('ST-0079', topicRoot);
    const console = await openConsole(world, { brokerUrl: world.broker.wsUrl, topicRoot, demoLogin: { username: 'manager', password: 'x' } });
    const row = console.locator('[data-station-row="ST-0078"]');
    await expect.poll(() => row.locator('[data-state]').first().getAttribute('data-state').catch(() => null), { timeout: 30_000, message: watched.output() }).toBe('online');

    await row.locator('[data-command="screenshot"]').click();
    const panel = console.locator('vs-screenshot-panel');
    await expect.poll(() => panel.locator('[data-shot]').count(), { timeout: 30_000, message: watched.output() }).toBe(1);
    const image = panel.locator('[data-shot]');
    expect(await image.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    // The browser decoded it: a real JPEG of the kiosk's screen.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 5_000 }).toBeGreaterThan(100);
    expect(await image.getAttribute('alt')).toContain('K-0078');
    expect(await panel.locator('[data-shot-time]').innerText()).toMatch(/^Taken at \d{2}:\d{2}:\d{2} \(/);
    expect(await panel.locator('[data-shot-blurred]').count()).toBe(0);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => panel.locator('dialog[open]').count()).toBe(0);

    // A station whose agent watches no screen answers that it cannot, in words.
    const plain = console.locator('[data-station-row="ST-0079"]');
    await expect.poll(() => plain.locator('[data-state]').first().getAttribute('data-state').catch(() => null), { timeout: 30_000 }).toBe('online');
    await plain.locator('[data-command="screenshot"]').click();
    await expect.poll(() => panel.locator('[data-shot-error="no-watchdog"]').innerText().catch(() => ''), { timeout: 20_000 }).toContain('no screen watchdog');
    expect(await panel.locator('[data-shot]').count()).toBe(0);
    await console.context().close();
  } finally {
    await screen.kill();
    await server.stop();
  }
}, 120_000);


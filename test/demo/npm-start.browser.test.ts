/**
 * `npm start` end to end: the launcher on free ports with a temporary var directory
 * and its own kiosk build, a kiosk page and the console in real Chromium, a
 * simulated card tap, linking a phone through the kiosk's QR and a card tap, a phone
 * check-in, and Ctrl-C (SIGINT)
 * leaving no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.ts';
import { freePort } from '../helpers/free-port.ts';
import { decodeQrOnPage } from '../helpers/qr.ts';
import { webBuildIsStale } from '../../demo/web-build.ts';
import { descendants, isAlive } from '../helpers/process-tree.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const V0001 = { uid: '1A00000001', masked: '陈*燕' };
const V0002 = { id: 'V0002', uid: '1A00000002', masked: '孙*国' };

interface Ready {
  pids: number[];
  agentHttpPorts: Record<string, number>;
}

describe('npm start', () => {
  let launcher: ChildProcess;
  let output = '';
  let ready: Ready;
  let browser: Browser;
  let work: string;
  const ports = { web: 0, mqtt: 0, ws: 0, central: 0 };

  beforeAll(async () => {
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    work = mkdtempSync(join(tmpdir(), 'npm-start-'));
    // `npm test` builds dist/kiosk and dist/console before the tests; reuse each when fresh, else
    // build a private copy (another engineer's build may be rewriting dist/ meanwhile).
    const distFor = (app: 'kiosk' | 'console' | 'phone') => {
      const repoDist = join(REPO_ROOT, 'dist', app);
      return webBuildIsStale(REPO_ROOT, app, repoDist) ? join(work, 'dist', app) : repoDist;
    };
    launcher = spawn(
      process.execPath,
      ['--import', 'tsx', 'demo/main.ts', '--no-keys', '--var-dir', join(work, 'var'), '--kiosk-dist', distFor('kiosk'), '--console-dist', distFor('console'), '--phone-dist', distFor('phone'),
        '--web-port', String(ports.web), '--mqtt-port', String(ports.mqtt), '--ws-port', String(ports.ws), '--central-port', String(ports.central)],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    ready = await new Promise<Ready>((resolve, reject) => {
      launcher.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
      const poll = setInterval(() => {
        const line = output.split('\n').find((l) => l.includes('"demo ready"'));
        if (!line) return;
        clearInterval(poll);
        resolve(JSON.parse(line) as Ready);
      }, 200);
    });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
      for (const pid of descendants(launcher.pid!)) process.kill(pid, 'SIGKILL');
      launcher.kill('SIGKILL');
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('prints the table: kiosk URLs, console with its login, phone check-in base URL, how to tap', () => {
    expect(output).toContain(`http://127.0.0.1:${ports.web}/stations/ST-0001/`);
    expect(output).toContain(`http://127.0.0.1:${ports.web}/stations/ST-0002/`);
    expect(output).toMatch(new RegExp(`http://127.0.0.1:${ports.web}/console/\\s+login: manager / \\S+`));
    expect(output).toContain(`http://localhost:${ports.central}/c/`);
    expect(output).toContain('How to tap a card');
    expect(output).toContain('How to link a phone');
  });

  it('shows a simulated tap on the kiosk, then links a phone with its QR and a card tap, and checks in with it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai' });
    const kiosk = await context.newPage();
    await kiosk.goto(`http://127.0.0.1:${ports.web}/stations/ST-0001/`);
    await kiosk.locator('kiosk-toolbar .state[data-state="connected"]').waitFor({ timeout: 30_000 });

    const agentPort = ready.agentHttpPorts['ST-0001'];
    const tap = await fetch(`http://127.0.0.1:${agentPort}/simulate-tap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uid: V0001.uid }) });
    expect(tap.ok).toBe(true);
    const overlay = kiosk.locator('tap-overlay .panel');
    await expect.poll(() => overlay.textContent().catch(() => ''), { timeout: 20_000 }).toContain(V0001.masked);
    expect(await overlay.textContent()).toMatch(/积分：[1-9]\d*/); // V0001 has past service (demo/history.ts)

    let qrUrl: string | undefined;
    await expect.poll(async () => (qrUrl = await decodeQrOnPage(kiosk, 'checkin-panel qr-code')), { timeout: 20_000 }).toMatch(new RegExp(`^http://localhost:${ports.central}/c/`));
    const token = qrUrl!.slice(qrUrl!.lastIndexOf('/') + 1);
    expect(token).toMatch(/^ST-0001\.K-0001\.\d+\.[A-Za-z0-9_-]{16}$/); // protocol v2: the code names its kiosk

    // A phone links itself as V0002 the way the printed table says: the number, then V0002's own card, then the code on the kiosk.
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' })).newPage();
    await phone.goto(qrUrl!);
    await phone.locator('#volunteer').fill(V0002.id);
    await phone.getByRole('button', { name: 'Link this phone' }).click();
    const code = await phone.locator('.code').getAttribute('data-code', { timeout: 15_000 });
    const linkTap = await fetch(`http://127.0.0.1:${agentPort}/simulate-tap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uid: V0002.uid }) });
    expect(linkTap.ok).toBe(true);
    const pairing = kiosk.locator('pairing-panel .panel');
    await expect.poll(() => pairing.textContent().catch(() => ''), { timeout: 20_000 }).toContain(V0002.masked);
    await pairing.locator(`[data-choice="${code}"]`).click();
    await expect.poll(() => pairing.getAttribute('data-outcome').catch(() => null), { timeout: 20_000 }).toBe('linked');
    await phone.locator('linked-card').waitFor({ timeout: 20_000 });

    // Linked: the next scan checks in (the linking tap itself checked V0002 in, so this is a duplicate).
    await pairing.getByRole('button').click();
    if ((await overlay.count()) > 0) await overlay.click();
    let nextUrl: string | undefined;
    await expect.poll(async () => (nextUrl = await decodeQrOnPage(kiosk, 'checkin-panel qr-code')), { timeout: 20_000 }).toMatch(/\/c\//);
    await phone.goto(nextUrl!);
    await phone.locator('#check-in').click();
    await expect.poll(() => phone.locator('phone-app').evaluate((el) => el.shadowRoot?.textContent ?? ''), { timeout: 15_000 }).toMatch(/already checked in|Checked in/);
    await phone.context().close();
    await context.close();
  });

  it('lists both stations online in the console, whose simulate tap reaches the station', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${ports.web}/console/`);
    // The console opens in zh-CN by default (console-config `locale`); either label signs in.
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await page.locator('[data-connection="connected"]').waitFor({ timeout: 20_000 });
    for (const stationId of ['ST-0001', 'ST-0002']) {
      const state = page.locator(`[data-station-row="${stationId}"] [data-state]`).first();
      await expect.poll(() => state.getAttribute('data-state').catch(() => null), { timeout: 20_000 }).toBe('online');
    }

    // "Simulate tap" offers the demo volunteers' cards and an unknown card.
    const row = page.locator('[data-station-row="ST-0002"]');
    await row.locator('[data-command="simulate-tap"]').click();
    await page.locator('input[name="card"][value="1A00000003"]').check();
    await page.locator('[data-confirm]').click();
    await expect.poll(() => output, { timeout: 20_000 }).toContain('ST-0002  accepted in — 赵*');
    await row.locator('[data-command="simulate-tap"]').click();
    await page.locator('input[name="card"][value="unknown"]').check();
    await page.locator('[data-confirm]').click();
    await expect.poll(() => output, { timeout: 20_000 }).toContain('ST-0002  rejected unknown-card');
    await page.close();
  });

  it('shows the demo history in the console Reports through its /api/ proxy, and the star perks on a kiosk', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${ports.web}/console/#reports`);
    // The demo prefills the manager login; the default range is the last six months.
    await page.locator('#report-show').click();
    const hours = page.locator('#chart-hours tbody tr');
    await expect.poll(() => hours.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const months = await hours.allInnerTexts();
    // About four months of history (demo/data/history.ts): the chart has shape, month by month.
    expect(months.filter((row) => !row.endsWith('\t0.0 h')).length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.locator('a.csv').count(), { timeout: 10_000 }).toBe(4);
    const kiosk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await kiosk.goto(`http://127.0.0.1:${ports.web}/stations/ST-0001/`);
    await kiosk.getByRole('button', { name: /星级志愿者优待|Star perks/ }).click();
    await expect.poll(() => kiosk.locator('perks-screen li.perk').count(), { timeout: 20_000 }).toBe(4);
    await kiosk.close();
    await page.close();
  });

  it("publishes an earlier content version first on fresh data, so the console can roll back, and the kiosk shows the latest's announcement", async () => {
    const config = (await (await fetch(`http://127.0.0.1:${ports.web}/console/console-config.json`)).json()) as { demoLogin: { username: string; password: string } };
    const auth = `Basic ${Buffer.from(`${config.demoLogin.username}:${config.demoLogin.password}`).toString('base64')}`;
    const versions = (await (await fetch(`http://127.0.0.1:${ports.web}/api/content/versions`, { headers: { authorization: auth } })).json()) as { versions: { version: number; summary: string }[] };
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.versions[0]!.summary).toMatch(/^announcements /);
    const kiosk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await kiosk.goto(`http://127.0.0.1:${ports.web}/stations/ST-0001/`);
    await expect.poll(() => kiosk.locator('announcement-banner [role="status"]').textContent().catch(() => ''), { timeout: 20_000 }).toContain('献血车');
    await kiosk.close();
  });

  it('stops every child process on SIGINT, each agent publishing its offline status first', async () => {
    const password = /login: manager \/ (\S+)/.exec(output)?.[1];
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`, { protocolVersion: 4, username: 'manager', password, reconnectPeriod: 0 });
    const statuses: Record<string, string> = {};
    watcher.on('message', (topic, payload) => (statuses[topic] = payload.toString()));
    await watcher.subscribeAsync('vs/v1/stations/+/status', { qos: 1 });
    await expect.poll(() => Object.keys(statuses).length, { timeout: 10_000 }).toBe(2);

    const children = [...new Set([...ready.pids, ...descendants(launcher.pid!)])];
    expect(children.length).toBeGreaterThanOrEqual(3);
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGINT');
    await expect.poll(() => Object.values(statuses).map((s) => JSON.parse(s) as { state: string; reason?: string }), { timeout: 15_000 }).toEqual([
      expect.objectContaining({ state: 'offline', reason: 'shutdown' }),
      expect.objectContaining({ state: 'offline', reason: 'shutdown' }),
    ]);
    watcher.stream.destroy();
    expect(await exited).toBe(0);
    await expect.poll(() => children.filter(isAlive), { timeout: 10_000 }).toEqual([]);
    expect(output).toContain('Stopped.');
  });
});

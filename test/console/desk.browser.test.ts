/**
 * The Redemption desk end to end in Chromium: the console's desk view (served with the
 * manager API on its own origin, as the demo web server does), a real kiosk page, a real
 * central and a real station agent reading a card from an RDM6300 on a pty, all on one
 * real Mosquitto. By code: wrong, another site's, handed over, used. By card: staff open
 * the desk, the card tap shows the volunteer, staff offer rice, the volunteer confirms on
 * the kiosk and the desk shows the outcome. Axe clean in both languages on both screens.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleServer, type ConsoleServer } from '../helpers/console-server.ts';
import { hashManagerPassword } from '../../central/managers/manager-password.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../helpers/central-fixture.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { eventually } from '../helpers/eventually.ts';
import { loadKiosk, startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { stubPhoneApp } from '../helpers/phone-rig.ts';
import { createPtyPair, type PtyPair } from '../helpers/pty.ts';
import { openRdm6300Emulator, type Rdm6300Emulator } from '../helpers/rdm6300-emulator.ts';
import { startAgentProcess, type AgentProcess } from '../helpers/station-agent-process.ts';
import { agentConfig } from '../helpers/agent-fixture.ts';

const CAROL = { name: 'carol', password: 'carol password 1' };

describe('the Redemption desk, by code and by card', () => {
  let rig: KioskRig;
  let f: CentralFixture;
  let pty: PtyPair;
  let rdm: Rdm6300Emulator;
  let agent: AgentProcess;
  let web: ConsoleServer;
  let browser: Browser;
  let kiosk: Page;
  let desk: Page;
  const view = () => desk.locator('vs-desk-view');

  const reserve = async (siteId: string, itemId: string, code: string) => {
    const now = Date.now();
    const outcome = await f.central.store.shop.reserve({
      requestId: randomUUID(),
      at: new Date(now).toISOString(),
      volunteerId: 'V-0001',
      siteId,
      itemId,
      localMonth: new Date(now).toISOString().slice(0, 7),
      expiresAt: new Date(now + 15 * 60_000).toISOString(),
      codes: [code],
    });
    expect(outcome.ok).toBe(true);
  };

  const find = async (code: string) => {
    await view().getByLabel('Code (6 digits, or scan it)').fill(code);
    // A keyboard-wedge scanner types the digits and Enter.
    await view().getByLabel('Code (6 digits, or scan it)').press('Enter');
  };

  beforeAll(async () => {
    rig = await startKioskRig({ locale: 'en' });
    f = await startCentralFixture({
      broker: rig.broker,
      configOverrides: {
        phone: { appDir: stubPhoneApp() },
        managers: { [MANAGER.name]: hashManagerPassword(MANAGER.password), [CAROL.name]: hashManagerPassword(CAROL.password) },
        managerRoles: { [CAROL.name]: { role: 'site-staff', sites: ['SITE-01'] } },
      },
    });
    const { store } = f.central;
    const at = new Date().toISOString();
    for (const volunteerId of ['V-0001', 'V-0002']) await store.ledger.append({ requestId: `seed-${volunteerId}`, volunteerId, kind: 'adjusted', points: 100, at, actor: 'alice', reason: 'opening balance' });
    await store.shop.publishCatalogue('SITE-01', [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 5 }], 'alice', at);
    await store.shop.publishCatalogue('SITE-02', [{ id: 'soap', name: { zh: '肥皂', en: 'Soap' }, price: 5, stock: 3 }], 'alice', at);
    await reserve('SITE-01', 'rice', '246810');
    await reserve('SITE-02', 'soap', '135790');

    pty = await createPtyPair();
    rdm = await openRdm6300Emulator(pty.emulatorPath);
    agent = await startAgentProcess(agentConfig(rig.broker.url, { reader: { driver: 'rdm6300', path: pty.devicePath }, debounceMs: 1000 }));
    await eventually(async () => (await agent.get('/healthz')).status === 200, 30_000, 'the agent to be healthy');

    web = await startConsoleServer({ broker: rig.broker, apiOrigin: f.adminUrl });
    browser = await launchChromium();
    kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await loadKiosk(rig, kiosk);
    desk = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    desk.on('pageerror', (err) => console.error('[page error]', err.message));
    await desk.goto(web.url);
    await desk.locator('input[name="username"]').fill(CAROL.name);
    await desk.locator('input[name="password"]').fill(CAROL.password);
    await desk.locator('button[type="submit"]').click();
    await desk.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
    await desk.getByRole('button', { name: 'Redemption desk', exact: true }).click();
    await view().getByText('By code (phone)').waitFor({ timeout: 10_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await agent?.kill();
    await rdm?.close();
    await pty?.close();
    await f?.stop();
    await rig?.close();
  });

  it('by code: wrong, short and another site’s codes are refused in words; the reservation is handed over once', async () => {
    expect(await seriousViolations(desk)).toEqual([]);
    await find('12');
    await expect.poll(() => view().getByTestId('code-error').innerText()).toContain('6 digits');
    await find('000000');
    await expect.poll(() => view().getByTestId('code-error').innerText()).toContain('No reservation has this code');
    await find('135790');
    await expect.poll(() => view().getByTestId('code-error').innerText()).toContain('another site (SITE-02)');

    await find('246810');
    const reservation = view().getByTestId('reservation');
    await reservation.waitFor();
    const text = await reservation.innerText();
    expect(text).toContain('张*丰');
    expect(text).toContain('Rice');
    expect(text).toContain('30');
    expect(await view().innerText()).not.toContain('张三丰');
    await view().getByRole('button', { name: 'Confirm the hand-over' }).click();
    await expect.poll(() => view().getByTestId('handed-over').innerText()).toContain('Balance after it: 70');
    // 100, less the rice handed over (30) and the soap still held at the other site (5).
    expect(await f.central.store.ledger.balance('V-0001')).toBe(65);

    await find('246810');
    await expect.poll(() => view().getByTestId('code-error').innerText()).toContain('already handed over');
    expect((await f.central.store.shop.listRedemptions({ volunteerId: 'V-0001', states: ['handed-over'] })).length).toBe(1);
  });

  it('by card: the tap at the station shows the volunteer, and Confirm on the kiosk redeems', async () => {
    await view().getByRole('button', { name: 'Open the desk' }).click();
    await expect.poll(() => view().getByTestId('desk-state').innerText()).toContain('also counts as a check-in');

    // The volunteer without a phone taps the card on the station's reader.
    await rdm.hold('0A0B0C0D0E', 200);
    const who = view().getByTestId('desk-volunteer');
    await who.waitFor({ timeout: 15_000 });
    expect(await who.innerText()).toContain('100 points');
    expect(await who.innerText()).toContain('No star yet');
    expect(await view().innerText()).not.toMatch(/John Smith|0A0B0C0D0E/);
    await view().getByRole('button', { name: 'Ask for confirmation on the kiosk' }).click();

    const prompt = kiosk.locator('desk-prompt .panel');
    await expect.poll(() => prompt.getAttribute('data-desk'), { timeout: 15_000 }).toBe('confirm');
    expect(await prompt.innerText()).toContain('Exchange 30 points for 大米 Rice?');
    expect(await prompt.innerText()).not.toMatch(/John Smith|0A0B0C0D0E|V-0002/);
    expect(await seriousViolations(kiosk)).toEqual([]);
    // The prompt is modal; the toolbar's language button is still what a visitor would use.
    await kiosk.locator('kiosk-toolbar button[lang="zh-CN"]').dispatchEvent('click');
    await expect.poll(() => prompt.innerText()).toContain('用 30 积分兑换 大米 Rice？');
    expect(await seriousViolations(kiosk)).toEqual([]);

    await prompt.locator('[data-answer="confirm"]').click();
    await expect.poll(() => prompt.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('redeemed');
    await expect.poll(() => view().getByTestId('desk-state').innerText(), { timeout: 10_000 }).toContain('Redeemed: hand the item over');
    expect(await view().getByTestId('desk-state').innerText()).toContain('Balance after it: 70');
    expect(await f.central.store.ledger.balance('V-0002')).toBe(70);
    // The tap also counted as a check-in.
    expect((await f.central.store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01' })).some((s) => s.volunteerId === 'V-0002')).toBe(true);
  });

  it('the desk view is axe clean in Chinese too', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem('vs-console-locale', 'zh-CN'));
    desk = await context.newPage();
    await desk.goto(web.url);
    await desk.locator('input[name="username"]').fill(CAROL.name);
    await desk.locator('input[name="password"]').fill(CAROL.password);
    await desk.locator('button[type="submit"]').click();
    await desk.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
    await desk.getByRole('button', { name: '兑换台', exact: true }).click();
    await view().getByText('凭兑换码（手机）').waitFor({ timeout: 10_000 });
    await view().locator('input[name="code"]').fill('000000');
    await view().locator('input[name="code"]').press('Enter');
    await expect.poll(() => view().getByTestId('code-error').innerText()).toContain('没有这个兑换码');
    expect(await seriousViolations(desk)).toEqual([]);
  });
});

/**
 * A central whose public listener answers on http://localhost:PORT (a passkey needs a
 * domain as RP ID; `localhost` is one, `127.0.0.1` is not), serving the built phone
 * app from dist/phone, with a kiosk double on MQTT; and helpers that drive the phone
 * page in Chromium like a volunteer would.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startCentralFixture, type CentralFixture } from './central-fixture.ts';
import { freePort } from './free-port.ts';
import { CARDS, startKioskDouble, tapCard, tokenAt, type KioskDouble } from './phone-rig.ts';

export const PHONE_DIST = fileURLToPath(new URL('../../dist/phone/', import.meta.url));

export interface PhoneWorld {
  f: CentralFixture;
  kiosk: KioskDouble;
  /** `http://localhost:PORT`, the origin phones use. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The auto-close cutoff twelve hours from now on Shanghai's wall clock. The phone tests
 * open a session minutes before the linking tap with the real clock; with the usual
 * 23:30 cutoff a run landing at 23:30–23:40 in Shanghai saw that session closed in
 * between, and the tap open a new one instead of checking out.
 */
function cutoffFarFromNow(nowMs = Date.now()): string {
  const local = new Date(nowMs + (8 + 12) * 3_600_000);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

export async function startPhoneWorld(): Promise<PhoneWorld> {
  if (!existsSync(`${PHONE_DIST}index.html`)) throw new Error('dist/phone is missing: run `npm run build` before the phone tests');
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const f = await startCentralFixture({
    configOverrides: {
      http: { host: '127.0.0.1', port },
      publicBaseUrl: `${origin}/c/`,
      phone: { appDir: PHONE_DIST },
      timeBank: { minSessionMinutes: 2, pointsPerHour: 2, dailyCutoff: cutoffFarFromNow(), timeZone: 'Asia/Shanghai' },
    },
  });
  const kiosk = await startKioskDouble(f.broker.url);
  return {
    f,
    kiosk,
    origin,
    async close() {
      await kiosk.close();
      await f.stop();
    },
  };
}

/** A phone-sized browser context; `localhost` resolves to the loopback the central listens on. */
export async function newPhoneContext(browser: { newContext(options: object): Promise<BrowserContext> }, options: object = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US', ...options });
}

/** Scans the station's current code: opens `/c/{token}` as the QR would. */
export async function scan(page: Page, world: PhoneWorld, stationId = 'ST-0001'): Promise<void> {
  await page.goto(`${world.origin}/c/${tokenAt(stationId, Date.now())}`);
  await page.locator('phone-app').waitFor();
}

/**
 * Links the page's phone to `volunteer`: type the number, read the code off the phone,
 * tap that volunteer's card, touch the same code on the kiosk.
 */
export async function linkInBrowser(page: Page, world: PhoneWorld, volunteer: keyof typeof CARDS, stationId = 'ST-0001'): Promise<void> {
  await page.locator('#volunteer').fill(volunteer);
  await page.getByRole('button', { name: /Link this phone|绑定这部手机/ }).click();
  const code = await page.locator('.code').getAttribute('data-code', { timeout: 10_000 });
  if (!code) throw new Error('the phone showed no code');
  const tap = await tapCard(world.f, stationId, CARDS[volunteer]);
  await world.kiosk.promptFor(tap);
  await world.kiosk.answer(stationId, tap, code);
  await page.locator('linked-card').waitFor({ timeout: 15_000 });
}

/** Chromium's DevTools virtual authenticator: a platform authenticator with user verification, no human needed. */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** The page's text as a volunteer reads it, shadow roots included (innerText stops at them). */
export function screenText(page: Page, selector = 'phone-app'): Promise<string> {
  return page.evaluate((sel) => {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      const root = (node as Element).shadowRoot;
      if (root) root.childNodes.forEach(walk);
      node.childNodes.forEach(walk);
    };
    const start = document.querySelector(sel);
    if (start) walk(start);
    return parts.join(' ').replace(/\s+/g, ' ');
  }, selector);
}

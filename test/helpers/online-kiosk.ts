/**
 * A kiosk page that is online, for a test file about what the screen shows: a kiosk rig
 * (real Mosquitto, the built kiosk), a Chromium page on it, online and subscribed, and the tap
 * overlay. `useOnlineKiosk()` registers the beforeAll/afterAll hooks; read `rig` and
 * `page` inside tests.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import type { KioskConfigInput } from '../../shared/index.ts';
import { loadKiosk, startKioskRig, type KioskRig } from './kiosk-rig.ts';

export interface OnlineKiosk {
  readonly rig: KioskRig;
  readonly page: Page;
  /** The tap overlay's panel (zero elements while none is shown). */
  overlay(): Locator;
  /** Touches the overlay away and waits until it is gone. */
  dismissOverlay(): Promise<void>;
}

export interface OnlineKioskOptions {
  context?: BrowserContextOptions;
  /** Fields of kiosk-config.json to override. */
  config?: Partial<KioskConfigInput>;
  beforeOpen?: (rig: KioskRig) => Promise<void>;
  /** Runs on the page before it loads the kiosk, e.g. to install Playwright's fake clock. */
  beforeGoto?: (page: Page) => Promise<void>;
}

export function useOnlineKiosk(options: OnlineKioskOptions = {}): OnlineKiosk {
  let rig: KioskRig | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useOnlineKiosk(): the kiosk starts in beforeAll; use it inside a test');
    return value;
  };
  beforeAll(async () => {
    rig = await startKioskRig(options.config);
    await options.beforeOpen?.(rig);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options.context });
    page = await context.newPage();
    await options.beforeGoto?.(page);
    await loadKiosk(rig, page);
  });
  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });
  const kiosk: OnlineKiosk = {
    get rig() {
      return started(rig);
    },
    get page() {
      return started(page);
    },
    overlay: () => kiosk.page.locator('tap-overlay .panel'),
    dismissOverlay: async () => {
      await kiosk.overlay().click();
      await expect.poll(() => kiosk.overlay().count()).toBe(0);
    },
  };
  return kiosk;
}

// The phone page in Chromium under the CSP central sends: the built phone app (its
// script and stylesheet from /phone/, its API calls to the same origin) runs without a
// single violation, and a script injected into the page does not run.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/chromium.ts';
import { newPhoneContext, scan, screenText, startPhoneWorld, type PhoneWorld } from '../../helpers/phone-browser.ts';
import { tokenAt } from '../../helpers/phone-rig.ts';

describe('the phone page under its Content-Security-Policy', { timeout: 60_000 }, () => {
  let world: PhoneWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startPhoneWorld();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('runs the phone app, calls its API, and blocks injected script', async () => {
    const reply = await fetch(`${world.origin}/c/${tokenAt('ST-0001', Date.now())}`);
    const csp = reply.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');

    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await scan(page, world);
    // The app ran and fetched /phone/api/me: it knows this phone is not linked.
    await expect.poll(() => screenText(page)).toContain('This phone is not linked yet');
    // The stylesheet from /phone/page.css applied.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(246, 244, 239)');
    expect(violations).toEqual([]);

    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    await context.close();
  });
});

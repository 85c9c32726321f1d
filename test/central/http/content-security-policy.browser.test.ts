// The phone page in Chromium under the CSP central sends: its own inline script and
// style run, the form posts, and a script injected into the page does not run.
import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATION_SECRETS, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { launchChromium } from '../../helpers/chromium.ts';

function tokenNow(stationId: keyof typeof STATION_SECRETS): string {
  const step = Math.floor(Date.now() / 1000 / 10);
  const mac = createHmac('sha256', Buffer.from(STATION_SECRETS[stationId], 'base64url')).update(`${stationId}.${step}`).digest('base64url').slice(0, 16);
  return `${stationId}.${step}.${mac}`;
}

describe('the phone page under its Content-Security-Policy', { timeout: 60_000 }, () => {
  let f: CentralFixture;
  let browser: Browser;
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { periodSeconds: 10 } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await f?.stop();
  });

  it('runs the page, posts the form, and blocks injected script', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${f.baseUrl}/c/${tokenNow('ST-0001')}?lang=en`);
    // The inline style applied (h1 is 1.4rem) and the inline script ran (it fills the remembered number).
    expect(await page.locator('h1').evaluate((h1) => getComputedStyle(h1).fontSize)).toBe('22.4px');
    await page.evaluate(() => localStorage.setItem('vs.volunteerNumber', 'V-0003'));
    await page.reload();
    await expect.poll(() => page.locator('#volunteer').inputValue()).toBe('V-0003');
    expect(violations).toEqual([]);

    // A script that got into the page some other way is refused by the browser.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length).toBeGreaterThan(0);

    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.outcome').textContent()).toMatch(/Checked in|checked in/i);
    await page.close();
  });
});

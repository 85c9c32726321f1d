/**
 * Large text on a short landscape screen (1280×800, a common small kiosk panel): the
 * home screen still shows every big button and the whole check-in QR without scrolling,
 * with today's activities in the carousel, in English and in Chinese.
 */
import { expect, it } from 'vitest';
import { sampleActivities } from '../helpers/kiosk-sample-content.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

const kiosk = useOnlineKiosk({
  context: { viewport: { width: 1280, height: 800 } },
  beforeOpen: (rig) => rig.publish(rig.topics.siteActivities('SITE-01'), sampleActivities(new Date()), { retain: true }),
});

/** The parts of the home screen a volunteer needs, each with how far it sticks out of the viewport (0: fully on screen). */
async function outsideViewport(): Promise<Record<string, number>> {
  const { page } = kiosk;
  const parts = { qr: page.locator('checkin-panel qr-code'), ...Object.fromEntries([0, 1, 2, 3].map((i) => [`button ${i + 1}`, page.locator('home-screen .actions button').nth(i)])) };
  const viewport = page.viewportSize()!;
  const out: Record<string, number> = {};
  for (const [name, locator] of Object.entries(parts)) {
    const box = (await locator.boundingBox())!;
    out[name] = Math.max(0, box.y + box.height - viewport.height, box.x + box.width - viewport.width, -box.y, -box.x);
  }
  return out;
}

it('keeps every button and the QR on screen with large text, in English and in Chinese', async () => {
  const { page } = kiosk;
  await page.locator('home-screen .carousel .title').first().waitFor();
  await page.getByRole('button', { name: 'Large text' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large-text'))).toBe(true);
  const allZero = { qr: 0, 'button 1': 0, 'button 2': 0, 'button 3': 0, 'button 4': 0 };
  expect(await outsideViewport()).toEqual(allZero);
  await page.getByRole('button', { name: '中文' }).click();
  await expect.poll(() => page.locator('home-screen .actions button').first().innerText()).not.toBe('Activities');
  expect(await outsideViewport()).toEqual(allZero);
});

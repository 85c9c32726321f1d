/**
 * The display schedule on a real page (issue 14): black "touch to wake" screen at
 * closing time, awake for 5 minutes after a touch, woken by a card tap to show its
 * result, and the retained KioskStatus says `display.state`. Time moves with
 * Playwright's clock.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KioskStatusSchema, validate } from '../../shared/index.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

// 17:59:30 in Shanghai (UTC+8) on a day after today; the kiosk's own hours close at 18:00.
// After today, so the page's fake clock never runs behind the real one. mqtt.js runs in
// the kiosk's broker worker on real time, so the jumps leave the connection alone.
const DAY_MS = 86_400_000;
const BEFORE_CLOSING = new Date((Math.floor(Date.now() / DAY_MS) + 2) * DAY_MS + 9 * 3_600_000 + 59 * 60_000 + 30_000);

describe('kiosk display schedule', () => {
  const kiosk = useOnlineKiosk({
    config: { display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '09:00', closes: '18:00' }], timeZone: 'Asia/Shanghai', wakeMinutes: 5 } },
    context: { timezoneId: 'Asia/Shanghai' },
    beforeGoto: (page) => page.clock.install({ time: BEFORE_CLOSING }),
  });
  const sleepScreen = () => kiosk.page.locator('sleep-screen');
  // The last online status: the Last Will (a dropped connection) has no display.
  const lastOnline = () =>
    kiosk.rig
      .messages(kiosk.rig.topics.kioskStatus('K-0001'))
      .map((m) => validate(KioskStatusSchema, JSON.parse(m.text)))
      .flatMap((s) => (s.ok && s.value.state === 'online' ? [s.value] : []))
      .at(-1);
  const lastDisplay = () => lastOnline()?.display?.state;
  const POLL = { timeout: 20_000 };

  it('is on before closing time and says so in its status', async () => {
    await kiosk.page.getByText('Scan to check in').waitFor();
    expect(await sleepScreen().count()).toBe(0);
    await expect.poll(lastDisplay, POLL).toBe('on');
  });

  it('goes black with a large bilingual hint at closing time, and publishes sleeping', async () => {
    await kiosk.page.clock.fastForward('00:31');
    await sleepScreen().getByText('Touch to wake').waitFor();
    expect(await sleepScreen().getByText('触摸屏幕唤醒').isVisible()).toBe(true);
    expect(await sleepScreen().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
    await expect.poll(lastDisplay, POLL).toBe('sleeping');
    // What the station's screen watchdog reads, so it does not take the black screen for a blank one.
    expect(await kiosk.page.evaluate(() => window.__vsDisplay)).toBe('sleeping');
  });

  it('wakes for a card tap so the volunteer sees the result', async () => {
    const id = randomUUID();
    await kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'taps'), { v: 1, id, at: new Date().toISOString() });
    await kiosk.rig.publish(kiosk.rig.topics.station('ST-0001', 'results'), {
      v: 1,
      id,
      at: new Date().toISOString(),
      status: 'accepted',
      direction: 'out',
      sessionMinutes: 480,
      pointsEarned: 8,
      volunteer: { displayName: '张*丰', minutesToday: 480, points: 12 },
    });
    await expect.poll(() => kiosk.overlay().textContent(), POLL).toContain('Checked out');
    expect(await sleepScreen().count()).toBe(0);
    expect(await kiosk.overlay().isVisible()).toBe(true);
    await expect.poll(lastDisplay, POLL).toBe('on');
  });

  it('sleeps 5 minutes after the tap, wakes on a touch without pressing what is underneath, and sleeps 5 minutes later', async () => {
    await kiosk.page.clock.fastForward('05:01');
    await sleepScreen().waitFor();
    await sleepScreen().click();
    await expect.poll(() => sleepScreen().count()).toBe(0);
    await kiosk.page.getByText('Scan to check in').waitFor();
    // The touch opened nothing: the kiosk is on its home screen, no dialog.
    expect(await kiosk.page.locator('kiosk-app').evaluate((app) => (app as unknown as { screen: string }).screen)).toBe('home');
    expect(await kiosk.page.getByRole('dialog').count()).toBe(0);

    await kiosk.page.clock.fastForward('04:00');
    expect(await sleepScreen().count()).toBe(0);
    await kiosk.page.clock.fastForward('01:01');
    await sleepScreen().waitFor();
  });
});

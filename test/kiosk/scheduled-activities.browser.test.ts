/**
 * Scheduled activities on a real kiosk page (issue 16, protocol v2 showFrom/showUntil):
 * central sends what is shown at publish time and publishes again when that changes, but a
 * kiosk that hears nothing more (offline, or central down) takes an item down at its
 * showUntil by its own clock (Playwright's), and keeps the others.
 */
import { describe, expect, it } from 'vitest';
import type { Activities } from '../../shared/index.ts';
import { sampleActivities } from '../helpers/kiosk-sample-content.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

const T0 = Date.parse('2026-12-05T02:00:00.000Z');

function activities(): Activities {
  const sample = sampleActivities(new Date(T0));
  const [first, ...rest] = sample.items;
  // The first sample item runs all day, but its registration closes on the kiosks at 10:02.
  return { ...sample, items: [{ ...first!, showUntil: new Date(T0 + 2 * 60_000).toISOString() }, ...rest] };
}

describe('kiosk scheduled activities', () => {
  const kiosk = useOnlineKiosk({
    config: { display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' } },
    context: { timezoneId: 'Asia/Shanghai' },
    beforeOpen: (rig) => rig.publish(rig.topics.siteActivities('SITE-01'), activities(), { retain: true }),
    beforeGoto: (page) => page.clock.install({ time: T0 }),
  });
  const titles = () => kiosk.page.locator('activities-screen ul.list li').allInnerTexts();

  it('lists an item until its showUntil, then drops it with no new message, keeping the rest', async () => {
    await kiosk.page.getByRole('button', { name: 'Activities' }).first().click();
    await expect.poll(async () => (await titles()).join('\n')).toContain('Guiding visitors at West Lake');
    expect((await titles()).join('\n')).toContain('Smartphone class for seniors');
    await kiosk.page.clock.fastForward('02:05');
    // Idle for two minutes, the kiosk went back home (as it does for the next passer-by).
    await kiosk.page.getByRole('button', { name: 'Activities' }).first().click();
    await expect.poll(async () => (await titles()).join('\n')).toContain('Smartphone class for seniors');
    expect((await titles()).join('\n')).not.toContain('Guiding visitors at West Lake');
  });
});

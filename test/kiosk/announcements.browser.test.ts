/**
 * A site's scheduled announcements on a real kiosk page (issue 16, protocol v2): the
 * retained list holds every item, and the kiosk shows the first one meant for it whose
 * time it is, by its own clock (Playwright's), so it takes one down on time even offline.
 */
import { describe, expect, it } from 'vitest';
import type { Announcements } from '../../shared/index.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

const T0 = Date.parse('2026-12-05T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const announcements: Announcements = {
  v: 2,
  updatedAt: at(0),
  siteId: 'SITE-01',
  items: [
    { id: 'east-gate', text: { zh: '东门暂停开放', en: 'The east gate is closed' }, kiosks: ['K-0099'] },
    { id: 'lift', text: { zh: '电梯检修至 10:01', en: 'Lift under repair until 10:01' }, kiosks: ['K-0001'], showUntil: at(1) },
    { id: 'blood', text: { zh: '今天 10:02 起献血车在广场', en: 'Blood donation bus on the square from 10:02' }, showFrom: at(2), showUntil: at(5) },
  ],
};

describe('kiosk scheduled announcements', () => {
  const kiosk = useOnlineKiosk({
    config: { display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' } },
    context: { timezoneId: 'Asia/Shanghai' },
    beforeOpen: (rig) => rig.publish(rig.topics.siteAnnouncements('SITE-01'), announcements, { retain: true }),
    beforeGoto: (page) => page.clock.install({ time: T0 }),
  });
  const banner = () => kiosk.page.locator('announcement-banner [role="status"]');

  it("shows the item meant for this kiosk, not another kiosk's", async () => {
    await expect.poll(() => banner().textContent()).toContain('Lift under repair until 10:01');
    expect(await banner().textContent()).not.toContain('east gate');
  });

  it('takes it down at its end, and puts the next one up at its start, in the kiosk language', async () => {
    await kiosk.page.clock.fastForward('01:05');
    await expect.poll(() => banner().count()).toBe(0);
    await kiosk.page.clock.fastForward('01:00');
    await expect.poll(() => banner().textContent()).toContain('Blood donation bus on the square from 10:02');
    await kiosk.page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => banner().textContent()).toContain('今天 10:02 起献血车在广场');
    await kiosk.page.clock.fastForward('03:00');
    await expect.poll(() => banner().count()).toBe(0);
  });
});

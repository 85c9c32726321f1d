/**
 * The "Join us" panel on a real kiosk page (issue 16): the site's retained panel shows
 * on the home screen with its text in the kiosk's language and a QR of the
 * registration page; published again with `show: false`, it goes away.
 */
import { describe, expect, it } from 'vitest';
import { sampleRecruitment as panel } from '../helpers/kiosk-sample-content.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

describe('kiosk "Join us" panel', () => {
  const kiosk = useOnlineKiosk({
    config: { display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' } },
    beforeOpen: (rig) => rig.publish(rig.topics.siteRecruitment('SITE-01'), panel(true), { retain: true }),
  });
  const joinUs = () => kiosk.page.locator('home-screen section.join');

  it('shows the panel with its text and a QR of the registration page, in English and in Chinese', async () => {
    await expect.poll(() => joinUs().count()).toBe(1);
    expect(await joinUs().textContent()).toContain('Join us');
    expect(await joinUs().textContent()).toContain('Anyone can volunteer. Scan to register.');
    expect(await joinUs().locator('qr-code').evaluate((el) => (el as HTMLElement & { value: string }).value)).toBe('https://volunteer.example.org/join?site=SITE-01');
    await kiosk.page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => joinUs().textContent()).toContain('招募志愿者');
    expect(await joinUs().textContent()).toContain('志愿服务，人人可为。扫码注册。');
  });

  it('takes the panel down when the site turns it off', async () => {
    await kiosk.rig.publish(kiosk.rig.topics.siteRecruitment('SITE-01'), panel(false), { retain: true });
    await expect.poll(() => joinUs().count()).toBe(0);
  });
});

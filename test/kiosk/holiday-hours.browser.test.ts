/**
 * Holiday exceptions on a real kiosk page (issue 16): a station that keeps special hours
 * today ("open 9–12") shows "Open now" until 12:00 and "Closed now" from that minute, and
 * its detail lists the holiday days ahead in the kiosk's language. Time moves with
 * Playwright's clock; the kiosk's own display hours keep the screen awake all day.
 */
import { describe, expect, it } from 'vitest';
import type { StationDirectory } from '../../shared/index.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

// 11:59:30 in Shanghai on a day after today (the page's fake clock must not run behind the real one).
const DAY_MS = 86_400_000;
const DAY = Math.floor(Date.now() / DAY_MS) + 2;
const BEFORE_NOON = new Date(DAY * DAY_MS + 3 * 3_600_000 + 59 * 60_000 + 30_000);
const TODAY = new Date(DAY * DAY_MS).toISOString().slice(0, 10);
const IN_FIVE_DAYS = new Date((DAY + 5) * DAY_MS).toISOString().slice(0, 10);
const IN_SEVEN_DAYS = new Date((DAY + 7) * DAY_MS).toISOString().slice(0, 10);

function directory(): StationDirectory {
  const allWeek = [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '08:00', closes: '20:00' }];
  return {
    v: 1,
    updatedAt: new Date().toISOString(),
    items: [
      {
        stationId: 'ST-0001',
        siteId: 'SITE-01',
        name: { zh: '断桥志愿服务站', en: 'Broken Bridge Volunteer Station' },
        address: { zh: '北山街断桥东侧', en: 'East end of Broken Bridge, Beishan Street' },
        location: { lat: 30.2587, lon: 120.1517 },
        services: [{ zh: '热水', en: 'Hot water' }],
        hours: allWeek,
        exceptions: [
          { from: TODAY, hours: [{ opens: '09:00', closes: '12:00' }], note: { zh: '区运动会', en: 'District sports day' } },
          { from: IN_FIVE_DAYS, until: IN_SEVEN_DAYS, hours: [] },
        ],
      },
      {
        stationId: 'ST-0002',
        siteId: 'SITE-01',
        name: { zh: '湖滨志愿服务站', en: 'Lakeside Volunteer Station' },
        address: { zh: '湖滨路 12 号', en: '12 Hubin Road' },
        location: { lat: 30.2565, lon: 120.164 },
        services: [{ zh: '缝补', en: 'Mending' }],
        hours: [
          { days: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' },
          { days: [6, 7], opens: '09:00', closes: '17:00' },
        ],
      },
    ],
  };
}

describe('kiosk holiday hours', () => {
  const kiosk = useOnlineKiosk({
    config: { display: { hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' } },
    context: { timezoneId: 'Asia/Shanghai' },
    beforeOpen: (rig) => rig.publish(rig.topics.directory(), directory(), { retain: true }),
    beforeGoto: (page) => page.clock.install({ time: BEFORE_NOON }),
  });
  const row = (name: string) => kiosk.page.locator('stations-screen li').filter({ hasText: name });

  it('shows the holiday hours of today and "open now" until the exception closes', async () => {
    await kiosk.page.getByRole('button', { name: 'Volunteer stations' }).first().click();
    await expect.poll(() => row('Broken Bridge').textContent()).toContain('Open now');
    expect(await row('Broken Bridge').textContent()).toContain('Holiday hours today · District sports day');
    // The station without an exception keeps its weekly hours and says nothing about holidays.
    expect(await row('Lakeside').textContent()).toContain('Open now');
    expect(await row('Lakeside').textContent()).not.toContain('Holiday');
  });

  it('turns to "closed now" at 12:00, the exception\'s closing minute, though the weekly hours run to 20:00', async () => {
    await kiosk.page.clock.fastForward('00:20');
    expect(await row('Broken Bridge').textContent()).toContain('Open now');
    await kiosk.page.clock.fastForward('00:11');
    await expect.poll(() => row('Broken Bridge').textContent(), { timeout: 20_000 }).toContain('Closed now');
    expect(await row('Lakeside').textContent()).toContain('Open now');
  });

  it('lists the holidays ahead in the station detail, in English and in Chinese', async () => {
    await row('Broken Bridge').getByRole('button').click();
    const detail = kiosk.page.locator('stations-screen .detail');
    const days = (offset: number, locale: string) =>
      new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date((DAY + offset) * DAY_MS));
    await expect.poll(() => detail.textContent()).toContain(`${days(0, 'en-GB')}: 09:00–12:00 · District sports day`);
    expect(await detail.textContent()).toContain(`${days(5, 'en-GB')} – ${days(7, 'en-GB')}: closed`);
    await kiosk.page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => detail.textContent()).toContain(`${days(5, 'zh-CN')} – ${days(7, 'zh-CN')}: 闭馆`);
    expect(await detail.textContent()).toContain('区运动会');
    expect(await detail.textContent()).toContain('节假日安排');
  });

  it('names the days of the weekly hours, in Chinese and in English', async () => {
    await kiosk.page.locator('stations-screen .back').click();
    await row('湖滨').getByRole('button').click();
    const detail = kiosk.page.locator('stations-screen .detail');
    await expect.poll(() => detail.textContent()).toContain('周一至周五 08:00–20:00 · 周六至周日 09:00–17:00');
    await kiosk.page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => detail.textContent()).toContain('Mon–Fri 08:00–20:00 · Sat–Sun 09:00–17:00');
  });
});

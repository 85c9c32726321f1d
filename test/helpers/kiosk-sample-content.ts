/** Activities and a station directory around "now", as central would publish them. */
import type { Activities, Recruitment, StationDirectory } from '../../shared/index.ts';

function at(now: Date, dayOffset: number, hour: number, minute = 0): string {
  const d = new Date(now);
  d.setDate(d.getDate() + dayOffset);
  d.setHours(hour, minute, 0, 0);
  return d.toISOString();
}

export function sampleActivities(now = new Date()): Activities {
  return {
    v: 1,
    updatedAt: new Date(now.getTime() - 5 * 60_000).toISOString(),
    siteId: 'SITE-01',
    items: [
      {
        id: 'A-1',
        title: { zh: '西湖文明旅游引导', en: 'Guiding visitors at West Lake' },
        category: 'civilised-tourism',
        // Running now, started today: a fixed 00:00–23:59 would end under a test run in the day's last minute.
        startsAt: new Date(Math.max(Date.parse(at(now, 0, 0, 0)), now.getTime() - 3_600_000)).toISOString(),
        endsAt: new Date(now.getTime() + 6 * 3_600_000).toISOString(),
        place: { zh: '断桥服务点', en: 'Broken Bridge service point' },
        organiser: { zh: '西湖区志愿者协会', en: 'West Lake Volunteers Association' },
        description: { zh: '为游客指路、提供讲解。', en: 'Show visitors the way and explain the sights.' },
        signupUrl: 'https://volunteer.example.org/a/A-1',
      },
      {
        id: 'A-2',
        title: { zh: '智能手机使用课堂', en: 'Smartphone class for seniors' },
        category: 'smart-elder-care',
        startsAt: at(now, 1, 9, 30),
        endsAt: at(now, 1, 11, 0),
        place: { zh: '社区活动中心二楼', en: 'Community centre, 2nd floor' },
        organiser: { zh: '青年志愿者服务队', en: 'Youth volunteer team' },
      },
      {
        id: 'A-3',
        title: { zh: '湖边垃圾分类宣传', en: 'Waste sorting by the lake' },
        category: 'environment',
        startsAt: at(now, 2, 14, 0),
        endsAt: at(now, 2, 16, 0),
        place: { zh: '湖滨公园', en: 'Lakeside Park' },
        organiser: { zh: '环保志愿团', en: 'Green volunteers' },
      },
    ],
  };
}

/** The calendar date in Shanghai `days` after `now`. */
function shanghaiDate(now: Date, days: number): string {
  return new Date(now.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export function sampleDirectory(now = new Date()): StationDirectory {
  const allWeek = [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '00:00', closes: '24:00' }];
  return {
    v: 1,
    updatedAt: new Date(now.getTime() - 60 * 60_000).toISOString(),
    items: [
      {
        stationId: 'ST-0001',
        siteId: 'SITE-01',
        name: { zh: '断桥志愿服务站', en: 'Broken Bridge Volunteer Station' },
        address: { zh: '北山街断桥东侧', en: 'East end of Broken Bridge, Beishan Street' },
        location: { lat: 30.2587, lon: 120.1517 },
        services: [{ zh: '热水', en: 'Hot water' }, { zh: '急救', en: 'First aid' }],
        hours: allWeek,
      },
      {
        stationId: 'ST-0002',
        siteId: 'SITE-01',
        name: { zh: '湖滨志愿服务站', en: 'Lakeside Volunteer Station' },
        address: { zh: '湖滨路 12 号', en: '12 Hubin Road' },
        location: { lat: 30.2565, lon: 120.1640 },
        services: [{ zh: '缝补', en: 'Mending' }, { zh: '热水', en: 'Hot water' }],
        hours: allWeek,
        // Three days ahead, so it is listed under holiday hours without changing "open now" today.
        exceptions: [{ from: shanghaiDate(now, 3), until: shanghaiDate(now, 4), hours: [], note: { zh: '设备检修', en: 'Maintenance' } }],
      },
      {
        stationId: 'ST-0003',
        siteId: 'SITE-02',
        name: { zh: '老年食堂服务站', en: 'Elder Canteen Station' },
        address: { zh: '孤山路 3 号', en: '3 Gushan Road' },
        location: { lat: 30.2522, lon: 120.1432 },
        services: [{ zh: '老年食堂', en: 'Elder canteen' }],
        hours: [{ days: [1], opens: '00:00', closes: '00:01' }],
      },
    ],
  };
}

/** SITE-01's "Join us" panel, on. */
export function sampleRecruitment(show = true, now = new Date()): Recruitment {
  return {
    v: 2,
    updatedAt: now.toISOString(),
    siteId: 'SITE-01',
    show,
    text: { zh: '志愿服务，人人可为。扫码注册。', en: 'Anyone can volunteer. Scan to register.' },
    url: 'https://volunteer.example.org/join?site=SITE-01',
  };
}

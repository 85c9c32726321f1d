/**
 * Demo content for `central content publish`: activities in several of the city's
 * service categories, dated relative to "today" in Zibo (UTC+8, no daylight saving),
 * plus volunteers on duty around the current time so a kiosk always has something
 * on today, and the station directory.
 * Facts (places, categories, programme names such as "书润童心" or "长者食堂") come
 * from the article in shared/seed; every person is invented.
 */
import { DEMO_PERKS } from './perks.ts';
import type { Activity, ContentFile, LocalizedText, ServiceCategory } from '../../shared/index.ts';
import { DEMO_STATIONS, demoDirectory } from './stations.ts';
import { DEMO_REWARDS } from './rewards.ts';

const ZIBO_UTC_OFFSET_HOURS = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `HH:MM` on the local day `dayOffset` days from `now`'s local day, as an ISO UTC timestamp. */
export function ziboTime(now: Date, dayOffset: number, hhmm: string): string {
  const local = new Date(now.getTime() + ZIBO_UTC_OFFSET_HOURS * 3600_000 + dayOffset * DAY_MS);
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const utc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours - ZIBO_UTC_OFFSET_HOURS, minutes);
  return new Date(utc).toISOString();
}

interface ActivitySpec {
  id: string;
  day: number;
  from: string;
  to: string;
  category: ServiceCategory;
  title: LocalizedText;
  place: LocalizedText;
  organiser: LocalizedText;
  description?: LocalizedText;
  stationId?: string;
  /** Scheduled (protocol v2 showFrom): kiosks show it this many minutes after the demo starts. */
  showAfterMinutes?: number;
}

const LIUYI_HALL = { zh: '柳毅社区党群服务中心大厅', en: 'Hall of the Liuyi Community Service Centre' };
const SCREWS_TEAM = { zh: '“螺丝钉”服务队', en: 'The "Screw" volunteer team' };
const STATION_SQUARE = { zh: '淄博火车站南广场服务点', en: 'Service point, Zibo Railway Station south square' };
const BBQ_STREET = { zh: '八大局烧烤街口', en: 'Entrance of the Badaju BBQ street' };
const CITY_TEAM = { zh: '张店区文明旅游志愿服务队', en: 'Zhangdian civilised-tourism volunteer team' };

const SITE_ACTIVITIES: Record<string, readonly ActivitySpec[]> = {
  'SITE-LIUYI': [
    { id: 'A-LY-PHONE', day: 0, from: '09:00', to: '11:30', category: 'smart-elder-care', stationId: 'ST-0001',
      title: { zh: '手机课堂：教长辈视频通话和网上挂号', en: 'Phone class: video calls and booking a doctor online' },
      place: LIUYI_HALL, organiser: SCREWS_TEAM,
      description: { zh: '一对一教学，带上自己的手机。', en: 'One-to-one help; bring your own phone.' } },
    { id: 'A-LY-TALK', day: 0, from: '14:00', to: '16:30', category: 'mental-health', stationId: 'ST-0001',
      title: { zh: '邻里谈心角', en: 'Neighbours\u2019 listening corner' },
      place: LIUYI_HALL, organiser: { zh: '柳毅社区心理服务志愿队', en: 'Liuyi community listening volunteers' } },
    { id: 'A-LY-PATROL', day: 0, from: '18:30', to: '20:30', category: 'public-safety',
      title: { zh: '小化纤生活区夜间平安巡逻', en: 'Evening safety patrol, Xiaohuaxian estate' },
      place: { zh: '小化纤生活区', en: 'Xiaohuaxian residential estate' }, organiser: SCREWS_TEAM },
    { id: 'A-LY-LAW', day: 1, from: '09:00', to: '11:00', category: 'legal-aid', stationId: 'ST-0001',
      title: { zh: '社区法律咨询', en: 'Free legal advice' },
      place: LIUYI_HALL, organiser: { zh: '志愿律师团', en: 'Volunteer lawyers' } },
    { id: 'A-LY-HOMEWORK', day: 2, from: '15:00', to: '17:00', category: 'education-support', stationId: 'ST-0001',
      title: { zh: '“书润童心”课后作业辅导', en: '"Books for Young Hearts" homework club' },
      place: { zh: '社区图书角', en: 'Community reading corner' }, organiser: { zh: '共青团员志愿者', en: 'Youth League volunteers' } },
    { id: 'A-LY-SORTING', day: 3, from: '08:00', to: '10:00', category: 'environment',
      title: { zh: '垃圾分类宣传与绿地清洁', en: 'Waste sorting and green-space clean-up' },
      place: { zh: '柳毅社区中心花园', en: 'Liuyi community garden' }, organiser: SCREWS_TEAM },
    { id: 'A-LY-FAIR', day: 5, from: '09:00', to: '12:00', category: 'smart-elder-care', stationId: 'ST-0001', showAfterMinutes: 5,
      title: { zh: '周末便民集市：义剪、量血压、修小家电', en: 'Weekend help fair: free haircuts, blood pressure checks, small repairs' },
      place: { zh: '柳毅社区广场', en: 'Liuyi community square' }, organiser: SCREWS_TEAM },
  ],
  'SITE-STATION': [
    { id: 'A-ST-GUIDE', day: 0, from: '10:00', to: '20:00', category: 'civilised-tourism', stationId: 'ST-0002',
      title: { zh: '游客咨询与指路', en: 'Visitor information and directions' },
      place: STATION_SQUARE, organiser: CITY_TEAM,
      description: { zh: '为来淄博吃烧烤的游客指路、介绍公交线路。', en: 'Directions and bus routes for visitors coming for the BBQ.' } },
    { id: 'A-ST-TRAFFIC', day: 0, from: '17:00', to: '21:00', category: 'civilised-traffic',
      title: { zh: '烧烤街路口文明交通劝导', en: 'Crossing guides at the BBQ street' },
      place: BBQ_STREET, organiser: { zh: '交通文明志愿服务队', en: 'Road-safety volunteer team' } },
    { id: 'A-ST-FIRSTAID', day: 1, from: '14:00', to: '16:00', category: 'science', stationId: 'ST-0002',
      title: { zh: '急救知识小课堂', en: 'First-aid basics for everyone' },
      place: STATION_SQUARE, organiser: { zh: '红十字志愿者', en: 'Red Cross volunteers' } },
    { id: 'A-ST-SHOW', day: 2, from: '19:00', to: '21:00', category: 'culture-arts',
      title: { zh: '广场文艺演出', en: 'Evening show on the square' },
      place: BBQ_STREET, organiser: { zh: '社区文艺队', en: 'Community arts troupe' } },
  ],
  'SITE-QIYUE': [
    { id: 'A-QY-PHONE', day: 0, from: '08:30', to: '11:30', category: 'smart-elder-care', stationId: 'ST-0003',
      title: { zh: '便民小屋：手机设置与小家电答疑', en: 'Handy Hut: phone settings and small appliance help' },
      place: { zh: '齐悦国际社区便民小屋', en: 'Qiyue Handy Hut' }, organiser: { zh: '便民小屋志愿者', en: 'Handy Hut volunteers' },
      description: { zh: '同时提供改裤脚、修拉链、修水暖。', en: 'Trouser hemming, zip and plumbing repairs too.' } },
  ],
  'SITE-CHENGNAN': [
    { id: 'A-CN-COMPANY', day: 0, from: '11:00', to: '13:00', category: 'mental-health', stationId: 'ST-0004',
      title: { zh: '长者食堂助餐与饭后陪伴', en: 'Lunch service and company at the elder canteen' },
      place: { zh: '城南社区长者食堂', en: 'Chengnan elder canteen' }, organiser: { zh: '“爱心大妈”志愿队', en: '"Caring Aunties" volunteer team' } },
    { id: 'A-CN-SCAM', day: 1, from: '13:00', to: '14:00', category: 'smart-elder-care', stationId: 'ST-0004',
      title: { zh: '防范电信诈骗讲座', en: 'How to spot phone scams' },
      place: { zh: '城南社区长者食堂', en: 'Chengnan elder canteen' }, organiser: { zh: '社区民警与志愿者', en: 'Community police and volunteers' } },
  ],
};

/**
 * Volunteers on duty around "now", so a kiosk's "today" list (activities that start
 * today and have not ended) is never empty, even late in the evening.
 */
function onDutyActivities(now: Date): Record<string, Activity[]> {
  const halfHour = 30 * 60_000;
  const todayStart = Date.parse(ziboTime(now, 0, '00:00'));
  const start = Math.max(todayStart, Math.floor(now.getTime() / halfHour) * halfHour - 2 * halfHour);
  const startsAt = new Date(start).toISOString();
  const endsAt = new Date(Math.floor(now.getTime() / halfHour) * halfHour + 6 * halfHour).toISOString();
  return {
    'SITE-LIUYI': [{ id: 'A-LY-DUTY', category: 'smart-elder-care', stationId: 'ST-0001', startsAt, endsAt,
      title: { zh: '值班志愿者：手机使用答疑', en: 'Volunteers on duty: help with phones' },
      place: LIUYI_HALL, organiser: SCREWS_TEAM,
      description: { zh: '也提供热水、急救药箱和手机充电。', en: 'Hot water, a first-aid kit and phone charging too.' } }],
    'SITE-STATION': [{ id: 'A-ST-DUTY', category: 'civilised-tourism', stationId: 'ST-0002', startsAt, endsAt,
      title: { zh: '服务点值守：游客咨询与失物招领', en: 'Service point on duty: visitor help, lost and found' },
      place: STATION_SQUARE, organiser: CITY_TEAM }],
  };
}

function toActivity(spec: ActivitySpec, now: Date): Activity {
  const { day, from, to, showAfterMinutes, ...rest } = spec;
  const showFrom = showAfterMinutes === undefined ? {} : { showFrom: new Date(now.getTime() + showAfterMinutes * 60_000).toISOString() };
  return { ...rest, ...showFrom, startsAt: ziboTime(now, day, from), endsAt: ziboTime(now, day, to) };
}

/** Every demo site's "Join us" panel is on; the registration address is a placeholder a deployment replaces. */
function demoRecruitment(): NonNullable<ContentFile['recruitment']> {
  const panel = (siteId: string) => ({
    show: true,
    text: {
      zh: '志愿服务，人人可为。扫码在“志愿山东”平台注册，加入离你最近的志愿服务队。',
      en: 'Anyone can volunteer. Scan to register on the Volunteer Shandong platform and join a team near you.',
    },
    url: `https://volunteer.example.org/join?site=${siteId}`,
  });
  return Object.fromEntries([...new Set(DEMO_STATIONS.map((s) => s.siteId))].map((siteId) => [siteId, panel(siteId)]));
}

/** One announcement at every demo site, on its kiosks from now for a day. */
function demoAnnouncements(now: Date): NonNullable<ContentFile['announcements']> {
  const notice = {
    id: 'N-DEMO-1',
    text: { zh: '本周六上午社区中心广场有献血车，欢迎志愿者协助引导。', en: 'A blood donation bus is on the community centre square this Saturday morning; volunteers welcome to help guide donors.' },
    showFrom: now.toISOString(),
    showUntil: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
  };
  return Object.fromEntries([...new Set(DEMO_STATIONS.map((s) => s.siteId))].map((siteId) => [siteId, [notice]]));
}

/** The whole content file, valid against ContentFileSchema, for the day of `now`. */
export function buildDemoContent(now: Date = new Date()): ContentFile {
  return { ...buildEarlierDemoContent(now), announcements: demoAnnouncements(now) };
}

/**
 * What a fresh demo publishes first, so the console has one earlier version to roll back
 * to: the same without the announcements, which rolling back takes off the kiosks.
 */
export function buildEarlierDemoContent(now: Date = new Date()): ContentFile {
  const onDuty = onDutyActivities(now);
  const activities = Object.fromEntries(
    Object.entries(SITE_ACTIVITIES).map(([siteId, specs]) => [siteId, [...(onDuty[siteId] ?? []), ...specs.map((spec) => toActivity(spec, now))]]),
  );
  return { v: 1, activities, directory: demoDirectory(now), perks: DEMO_PERKS, rewards: DEMO_REWARDS, recruitment: demoRecruitment() };
}

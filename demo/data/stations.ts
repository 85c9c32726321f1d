/**
 * The demo's places, taken from the kinds of places in the article about Zibo's
 * "志愿之城" programme (shared/seed): a community party-and-people service centre,
 * a "便民小屋" mending and repair room, an elder canteen (长者食堂) and a service
 * point for visitors between the BBQ streets and the railway station. The first
 * two run a station agent and a kiosk in the demo; the others are directory entries.
 */
import { localDate, localWallTime, type DirectoryStation, type HoursException, type LocalizedText, type OpeningHours } from '../../shared/index.ts';

/** The directory fields of a station besides its ids and name (DirectoryStationSchema). */
interface DirectoryDetails {
  address: LocalizedText;
  kind: NonNullable<DirectoryStation['kind']>;
  location: { lat: number; lon: number };
  services: LocalizedText[];
  hours: OpeningHours[];
  timeZone: string;
}

export interface DemoStation {
  stationId: string;
  kioskId: string;
  siteId: string;
  name: LocalizedText;
  /** True for the stations that get an agent and a kiosk in `npm start`. */
  live: boolean;
  directory: DirectoryDetails;
}

const everyDay = [1, 2, 3, 4, 5, 6, 7];
const weekdays = [1, 2, 3, 4, 5];

export const DEMO_STATIONS: readonly DemoStation[] = [
  {
    stationId: 'ST-0001',
    kioskId: 'K-0001',
    siteId: 'SITE-LIUYI',
    name: { zh: '柳毅社区党群服务中心志愿服务站', en: 'Liuyi Community Party and People Service Centre' },
    live: true,
    directory: {
      address: { zh: '淄博市张店区体育场街道柳毅社区', en: 'Liuyi Community, Tiyuchang Subdistrict, Zhangdian District, Zibo' },
      kind: 'community-centre',
      location: { lat: 36.8034, lon: 118.0412 },
      services: [
        { zh: '志愿者招募与注册', en: 'Volunteer sign-up and registration' },
        { zh: '热水', en: 'Hot water' },
        { zh: '急救药箱', en: 'First-aid kit' },
        { zh: '手机充电', en: 'Phone charging' },
        { zh: '积分兑换', en: 'Exchange time-bank points' },
      ],
      hours: [
        { days: weekdays, opens: '08:30', closes: '20:00' },
        { days: [6, 7], opens: '09:00', closes: '17:00' },
      ],
      timeZone: 'Asia/Shanghai',
    },
  },
  {
    stationId: 'ST-0002',
    kioskId: 'K-0002',
    siteId: 'SITE-STATION',
    name: { zh: '烧烤街·淄博站文明旅游服务点', en: 'BBQ Street and Railway Station Visitor Service Point' },
    live: true,
    directory: {
      address: { zh: '淄博市张店区淄博火车站南广场', en: 'South Square, Zibo Railway Station, Zhangdian District, Zibo' },
      kind: 'transit',
      location: { lat: 36.8071, lon: 118.0545 },
      services: [
        { zh: '游客咨询与指路', en: 'Visitor information and directions' },
        { zh: '失物招领', en: 'Lost and found' },
        { zh: '热水', en: 'Hot water' },
        { zh: '手机充电', en: 'Phone charging' },
        { zh: '急救药箱', en: 'First-aid kit' },
      ],
      hours: [{ days: everyDay, opens: '09:00', closes: '23:00' }],
      timeZone: 'Asia/Shanghai',
    },
  },
  {
    stationId: 'ST-0003',
    kioskId: 'K-0003',
    siteId: 'SITE-QIYUE',
    name: { zh: '齐悦国际社区便民小屋', en: 'Qiyue Community "Handy Hut" Mending Room' },
    live: false,
    directory: {
      address: { zh: '淄博市张店区马尚街道齐悦国际社区', en: 'Qiyue International Community, Mashang Subdistrict, Zhangdian District, Zibo' },
      kind: 'community-centre',
      location: { lat: 36.7952, lon: 118.0663 },
      services: [
        { zh: '改裤脚', en: 'Trouser hemming' },
        { zh: '修拉链', en: 'Zip repair' },
        { zh: '修水暖', en: 'Plumbing and heating repairs' },
        { zh: '热水', en: 'Hot water' },
      ],
      hours: [{ days: [2, 4, 6], opens: '08:30', closes: '11:30' }],
      timeZone: 'Asia/Shanghai',
    },
  },
  {
    stationId: 'ST-0004',
    kioskId: 'K-0004',
    siteId: 'SITE-CHENGNAN',
    name: { zh: '城南社区长者食堂', en: 'Chengnan Community Elder Canteen' },
    live: false,
    directory: {
      address: { zh: '淄博市张店区车站街道城南社区', en: 'Chengnan Community, Chezhan Subdistrict, Zhangdian District, Zibo' },
      kind: 'other',
      location: { lat: 36.7989, lon: 118.0498 },
      services: [
        { zh: '长者助餐', en: 'Meals for older residents' },
        { zh: '热水', en: 'Hot water' },
        { zh: '手机充电', en: 'Phone charging' },
      ],
      hours: [{ days: everyDay, opens: '10:30', closes: '13:30' }],
      timeZone: 'Asia/Shanghai',
    },
  },
];

export const LIVE_DEMO_STATIONS = DEMO_STATIONS.filter((station) => station.live);

/** The Shanghai calendar date `days` after `now`. */
function dateAfter(now: Date, days: number): string {
  return localDate(localWallTime(new Date(now.getTime() + days * 86_400_000), 'Asia/Shanghai'));
}

/**
 * Holiday exceptions (protocol v2), dated from `now` so the kiosk always has some to
 * show: the service centre keeps short hours tomorrow, and the canteen closes for two days.
 */
function demoExceptions(now: Date): Record<string, HoursException[]> {
  return {
    'ST-0001': [{ from: dateAfter(now, 1), hours: [{ opens: '09:00', closes: '12:00' }], note: { zh: '社区运动会', en: 'Community sports day' } }],
    'ST-0004': [{ from: dateAfter(now, 3), until: dateAfter(now, 4), hours: [], note: { zh: '厨房设备检修', en: 'Kitchen maintenance' } }],
  };
}

export function demoDirectory(now: Date = new Date()): DirectoryStation[] {
  const exceptions = demoExceptions(now);
  return DEMO_STATIONS.map((s) => ({ stationId: s.stationId, siteId: s.siteId, name: s.name, ...s.directory, ...(exceptions[s.stationId] ? { exceptions: exceptions[s.stationId] } : {}) }));
}

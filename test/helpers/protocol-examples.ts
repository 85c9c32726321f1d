/** One valid example of every payload and config file; tests derive rejected variants from them. */
import type { AgentConfigInput, CentralConfigInput, KioskConfigInput } from '../../shared/index.ts';

export const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

export const checkIn = {
  v: 1,
  id: '1b4e28ba-2fa1-4d2e-9c5b-7c1a5c3e8f01',
  stationId: 'ST-0001',
  seq: 42,
  method: 'card',
  card: { uid: '04A1B2C3D4E5F6', tech: 'iso14443a' },
  at: '2026-11-29T01:02:03.456Z',
};

export const result = {
  v: 1,
  id: checkIn.id,
  status: 'accepted',
  at: '2026-11-29T01:02:03.789Z',
  direction: 'out',
  volunteer: { displayName: '张*丰', minutesToday: 95, points: 31.5 },
  sessionStartedAt: '2026-11-29T00:00:00.000Z',
  sessionMinutes: 62,
  pointsEarned: 2,
};

export const tap = { v: 1, id: checkIn.id, at: checkIn.at };

export const stationStatus = {
  v: 1,
  state: 'online',
  at: '2026-11-29T01:02:04.000Z',
  siteId: 'SITE-01',
  reader: { driver: 'pn532', state: 'connected', lastReadAt: checkIn.at },
  outbox: { pending: 0, writable: true },
  agent: { version: '0.1.0', startedAt: '2026-11-28T22:00:00.000Z' },
  lastSeq: 42,
};

export const kioskStatus = {
  v: 1,
  state: 'online',
  at: '2026-11-29T01:02:04.000Z',
  stationId: 'ST-0001',
  kioskId: 'K-0001',
  app: { version: '0.1.0' },
  serviceWorker: { state: 'active', version: '0.1.0' },
  content: { activitiesUpdatedAt: '2026-11-29T00:00:00.000Z' },
  screen: 'home',
  storage: { persisted: true },
};

export const announce = {
  v: 1,
  id: 'cmd-7',
  cmd: 'announce',
  args: { text: { zh: '今天 15:00 广场有义诊', en: 'Free health check on the square at 15:00' }, until: '2026-11-29T08:00:00.000Z' },
  expiresAt: '2026-11-29T02:00:00.000Z',
};

export const activities = {
  v: 1,
  updatedAt: '2026-11-29T00:00:00.000Z',
  siteId: 'SITE-01',
  items: [
    {
      id: 'act-1',
      title: { zh: '长者智能手机课堂', en: 'Smartphone class for seniors' },
      category: 'smart-elder-care',
      startsAt: '2026-11-29T01:00:00.000Z',
      endsAt: '2026-11-29T03:00:00.000Z',
      place: { zh: '柳园社区党群服务中心', en: 'Liuyuan Community Service Centre' },
      organiser: { zh: '螺帽服务队', en: 'Nut & Bolt Service Team' },
      signupUrl: 'https://example.org/signup/act-1',
    },
  ],
};

export const directory = {
  v: 1,
  updatedAt: '2026-11-29T00:00:00.000Z',
  items: [
    {
      stationId: 'ST-0001',
      siteId: 'SITE-01',
      name: { zh: '便民小屋', en: 'Neighbourhood Help Hut' },
      address: { zh: '人民公园东门', en: 'East Gate, People’s Park' },
      kind: 'park',
      location: { lat: 36.8131, lon: 118.0549 },
      services: [{ zh: '缝补', en: 'Mending' }, { zh: '热水', en: 'Hot water' }],
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: '08:00', closes: '18:00' }],
    },
  ],
};

export const agentConfig: AgentConfigInput = {
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  topicRoot: 'vs/v1',
  broker: { url: 'mqtt://127.0.0.1:1883', username: 'ST-0001', password: 'secret' },
  reader: { driver: 'rdm6300', path: '/dev/serial/by-id/usb-reader', baudRate: 9600 },
  dataDir: '/var/lib/station-agent/ST-0001',
  debounceMs: 3000,
  ackTimeoutMs: 10000,
};

export const kioskConfig: KioskConfigInput = {
  kioskId: 'K-0001',
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  topicRoot: 'vs/v1',
  broker: { url: 'ws://127.0.0.1:9001', username: 'K-0001', password: 'secret' },
  checkin: { baseUrl: 'https://checkin.example.org/c/', secret: SECRET, periodSeconds: 10 },
  locale: 'zh-CN',
};

export const centralConfig: CentralConfigInput = {
  topicRoot: 'vs/v1',
  broker: { url: 'mqtt://127.0.0.1:1883', username: 'central', password: 'secret' },
  dataDir: '/var/lib/central',
  http: { host: '127.0.0.1', port: 8090 },
  stationsFile: 'stations.json',
  timeBank: { minSessionMinutes: 2, pointsPerHour: 2 },
};

export const stationsFile = {
  'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '便民小屋', en: 'Neighbourhood Help Hut' } },
};

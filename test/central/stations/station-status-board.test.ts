// Kiosks are joined to stations from the stations file, never from the stationId a
// KioskStatus claims (protocol v2): kiosk statuses arrive through a real Mosquitto.
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralMqtt } from '../../../central/mqtt/central-mqtt.ts';
import { createCentralMetrics } from '../../../central/observability/metrics.ts';
import { StationStatusBoard } from '../../../central/stations/station-status-board.ts';
import { topicsFor, validate, StationsFileSchema, type StationsFile } from '../../../shared/index.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const stations: StationsFile = {
  'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '一号站', en: 'Station 1' }, kiosks: ['K-0001'] },
  'ST-0002': { siteId: 'SITE-01', secret: SECRET, name: { zh: '二号站', en: 'Station 2' }, kiosks: ['K-0002'] },
  // An entry from before protocol v2, without a kiosks list: still valid, and no kiosk joins it.
  'ST-0003': { siteId: 'SITE-01', secret: SECRET, name: { zh: '三号站', en: 'Station 3' } },
};

describe('station status board: kiosks joined from the registry', () => {
  let broker: MosquittoBroker;
  let link: CentralMqtt;
  let board: StationStatusBoard;
  let kiosk: MqttClient;
  const lines: Record<string, unknown>[] = [];
  const topics = topicsFor('vs/v1');
  const kioskStatus = (kioskId: string, stationId: string, screen = 'home') =>
    kiosk.publishAsync(topics.kioskStatus(kioskId), JSON.stringify({ v: 1, state: 'online', at: new Date().toISOString(), stationId, kioskId, screen }), { qos: 1, retain: true });

  beforeAll(async () => {
    broker = await startMosquitto({ websockets: false });
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    link = new CentralMqtt({ broker: { url: broker.url }, log, metrics: createCentralMetrics({ defaultMetrics: false }) });
    board = new StationStatusBoard({ mqtt: link, topics, stations, log, metrics: createCentralMetrics({ defaultMetrics: false }) });
    board.start();
    await link.start();
    kiosk = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  });
  afterAll(async () => {
    await kiosk?.endAsync();
    await link?.stop();
    await broker?.stop();
  });

  it('shows a kiosk under the station the stations file gives it', async () => {
    await kioskStatus('K-0001', 'ST-0001');
    await eventually(() => board.kiosksOf('ST-0001').length === 1, 10_000, 'K-0001 under ST-0001');
    expect(board.kiosksOf('ST-0001').map((k) => [k.kioskId, k.status.screen])).toEqual([['K-0001', 'home']]);
  });

  it('a kiosk claiming another station stays under its own, and the claim is logged once', async () => {
    await kioskStatus('K-0001', 'ST-0001');
    await kioskStatus('K-0002', 'ST-0001', 'stations');
    await eventually(() => board.kiosks.get('K-0002')?.status.screen === 'stations', 10_000, 'K-0002 status');
    expect(board.kiosksOf('ST-0001').map((k) => k.kioskId)).toEqual(['K-0001']);
    expect(board.kiosksOf('ST-0002').map((k) => k.kioskId)).toEqual(['K-0002']);
    await kioskStatus('K-0002', 'ST-0001', 'activities');
    await eventually(() => board.kiosks.get('K-0002')?.status.screen === 'activities', 10_000, 'K-0002 second status');
    const warnings = lines.filter((l) => l.kioskId === 'K-0002' && l.claimedStationId === 'ST-0001');
    expect(warnings).toEqual([expect.objectContaining({ level: 40, stationId: 'ST-0002', msg: expect.stringContaining('claims another station') })]);
  });

  it('a kiosk no station lists joins none, whatever it claims', async () => {
    await kioskStatus('K-9999', 'ST-0003');
    await kioskStatus('K-9998', 'ST-0001');
    await eventually(() => board.kiosks.has('K-9999') && board.kiosks.has('K-9998'), 10_000, 'unlisted kiosks seen');
    for (const stationId of Object.keys(stations)) expect(board.kiosksOf(stationId).map((k) => k.kioskId).filter((id) => id.startsWith('K-99'))).toEqual([]);
    expect(lines.some((l) => l.kioskId === 'K-9999' && String(l.msg).includes('no station lists this kiosk'))).toBe(true);
  });

  it('forgets a station or kiosk whose retained status is deleted (an empty payload)', async () => {
    await kioskStatus('K-0001', 'ST-0001');
    await kiosk.publishAsync(topics.station('ST-0002', 'status'), JSON.stringify({ v: 1, state: 'online', at: new Date().toISOString() }), { qos: 1, retain: true });
    await eventually(() => board.kiosks.has('K-0001') && board.stations.has('ST-0002'), 10_000, 'both statuses seen');
    await kiosk.publishAsync(topics.kioskStatus('K-0001'), '', { qos: 1, retain: true });
    await kiosk.publishAsync(topics.station('ST-0002', 'status'), '', { qos: 1, retain: true });
    await eventually(() => !board.kiosks.has('K-0001') && !board.stations.has('ST-0002'), 10_000, 'both forgotten');
    expect(board.kiosksOf('ST-0001')).toEqual([]);
  });
});

describe('stations file kiosks list', () => {
  it('is optional, so a file from before protocol v2 stays valid', () => {
    expect(validate(StationsFileSchema, { 'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '一', en: 'One' } } }).ok).toBe(true);
  });

  it('refuses a kiosk listed under two stations, naming both', () => {
    const twice = {
      'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '一', en: 'One' }, kiosks: ['K-0001'] },
      'ST-0002': { siteId: 'SITE-01', secret: SECRET, name: { zh: '二', en: 'Two' }, kiosks: ['K-0001'] },
    };
    expect(validate(StationsFileSchema, twice)).toEqual({ ok: false, issues: ['(root): kiosk K-0001 is listed under both ST-0001 and ST-0002; a kiosk belongs to one station'] });
    expect(validate(StationsFileSchema, { 'ST-0001': { ...twice['ST-0001'], kiosks: ['not ok'] } })).toMatchObject({ ok: false, issues: [expect.stringMatching(/^ST-0001\.kiosks\.0: must be/)] });
  });
});

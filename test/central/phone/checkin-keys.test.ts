// Protocol v2 check-in codes at central: a key per kiosk, revocation of one kiosk, and
// the v1 migration window. Tokens are made independently with node:crypto; the policy
// is checked on the module and then through the real central over HTTP.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCentralConfig } from '../../../central/config.ts';
import { startCentral, type RunningCentral } from '../../../central/main.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';
import { createCentralMetrics } from '../../../central/observability/metrics.ts';
import { CheckinKeys } from '../../../central/phone/checkin-keys.ts';
import { kioskCheckinTokenForStep, type StationsFile } from '../../../shared/index.ts';
import { referenceKioskKey, referenceKioskToken, referenceToken } from '../../helpers/checkin-code-vectors.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';
import { stubPhoneApp, TestPhone } from '../../helpers/phone-rig.ts';

const PERIOD = 10;
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const OTHER_SECRET = 'HxweHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE';
const WINDOW_ENDS = '2026-03-01T00:00:00.000Z';
const BEFORE_END = Date.parse(WINDOW_ENDS) - 60_000;
const AFTER_END = Date.parse(WINDOW_ENDS) + 60_000;
const stepAt = (ms: number) => Math.floor(ms / 1000 / PERIOD);

const v2 = (kioskId: string, ms: number, secret = SECRET, stationId = 'ST-0001') =>
  referenceKioskToken(referenceKioskKey(secret, kioskId), stationId, kioskId, stepAt(ms));
const v1 = (ms: number, secret = SECRET, stationId = 'ST-0001') => referenceToken(secret, stationId, stepAt(ms));

function stationsFile(): StationsFile {
  return {
    'ST-0001': { siteId: 'SITE-01', secret: SECRET, name: { zh: '1号站', en: 'Station 1' }, revokedKiosks: ['K-0001'], acceptV1TokensUntil: WINDOW_ENDS },
    // A station nobody migrated yet: no window, so its v1 kiosk keeps working.
    'ST-0002': { siteId: 'SITE-01', secret: OTHER_SECRET, name: { zh: '2号站', en: 'Station 2' } },
  };
}

describe('CheckinKeys: which codes central accepts', () => {
  const keys = new CheckinKeys(stationsFile());
  const verify = (token: string, nowMillis: number, expectedStationId?: string) => keys.verifyAnyCheckinToken(token, { nowMillis, periodSeconds: PERIOD, ...(expectedStationId ? { expectedStationId } : {}) });

  it('refuses a revoked kiosk\'s genuine code and accepts another kiosk of the same station', async () => {
    expect(await verify(v2('K-0001', BEFORE_END), BEFORE_END)).toEqual({ ok: false, reason: 'kiosk-revoked', version: 2, stationId: 'ST-0001', kioskId: 'K-0001' });
    expect(await verify(v2('K-0002', BEFORE_END), BEFORE_END)).toEqual({ ok: true, version: 2, stationId: 'ST-0001', kioskId: 'K-0002', step: stepAt(BEFORE_END) });
    // Revocation is per station: the same kiosk id elsewhere is not touched.
    expect(await verify(v2('K-0001', BEFORE_END, OTHER_SECRET, 'ST-0002'), BEFORE_END)).toMatchObject({ ok: true, kioskId: 'K-0001' });
  });

  it('calls a forgery a forgery, even when it names a revoked kiosk', async () => {
    expect(await verify(v2('K-0001', BEFORE_END, OTHER_SECRET), BEFORE_END)).toMatchObject({ ok: false, reason: 'bad-mac', kioskId: 'K-0001' });
    // The kiosk key of K-0002 cannot speak for K-0003.
    const borrowed = referenceKioskToken(referenceKioskKey(SECRET, 'K-0002'), 'ST-0001', 'K-0003', stepAt(BEFORE_END));
    expect(await verify(borrowed, BEFORE_END)).toMatchObject({ ok: false, reason: 'bad-mac' });
  });

  it('accepts v1 codes before the window ends and refuses them from then on, clearly', async () => {
    expect(await verify(v1(BEFORE_END), BEFORE_END)).toEqual({ ok: true, version: 1, stationId: 'ST-0001', step: stepAt(BEFORE_END) });
    expect(await verify(v1(AFTER_END), AFTER_END)).toEqual({ ok: false, reason: 'v1-retired', version: 1, stationId: 'ST-0001' });
    const end = Date.parse(WINDOW_ENDS);
    expect(await verify(v1(end), end)).toMatchObject({ ok: false, reason: 'v1-retired' });
    // After the window a v1 forgery is still only a forgery; v2 codes are not touched by the window.
    expect(await verify(v1(AFTER_END, OTHER_SECRET), AFTER_END)).toMatchObject({ ok: false, reason: 'bad-mac' });
    expect(await verify(v2('K-0002', AFTER_END), AFTER_END)).toMatchObject({ ok: true, version: 2 });
  });

  it('keeps accepting v1 codes of a station without a window', async () => {
    const farFuture = Date.parse('2040-01-01T00:00:00.000Z');
    expect(await verify(v1(farFuture, OTHER_SECRET, 'ST-0002'), farFuture)).toMatchObject({ ok: true, version: 1, stationId: 'ST-0002' });
  });

  it('keeps the shared answers for clock, station and shape', async () => {
    expect(await verify(v2('K-0002', BEFORE_END - 30_000), BEFORE_END)).toMatchObject({ ok: false, reason: 'expired', version: 2 });
    expect(await verify(v2('K-0002', BEFORE_END + 30_000), BEFORE_END)).toMatchObject({ ok: false, reason: 'not-yet-valid' });
    expect(await verify(v2('K-0002', BEFORE_END), BEFORE_END, 'ST-0002')).toMatchObject({ ok: false, reason: 'wrong-station' });
    expect(await verify(v2('K-0002', BEFORE_END, SECRET, 'ST-0404'), BEFORE_END)).toMatchObject({ ok: false, reason: 'unknown-station' });
    expect(await verify('ST-0001.K-0002.nope', BEFORE_END)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('finds the key that made a token: the named kiosk\'s for v2', async () => {
    const token = v2('K-0007', BEFORE_END);
    const key = await keys.keyForToken(token);
    expect(key).toBeDefined();
    expect(await kioskCheckinTokenForStep(key!, 'ST-0001', 'K-0007', stepAt(BEFORE_END))).toBe(token);
    expect(await keys.keyForToken('not a token')).toBeUndefined();
    expect(await keys.keyForToken(v2('K-0007', BEFORE_END, SECRET, 'ST-0404'))).toBeUndefined();
  });
});

describe('central over HTTP with a revoked kiosk and a closing v1 window', () => {
  let broker: MosquittoBroker;
  let central: RunningCentral;
  let baseUrl: string;
  let clock = BEFORE_END;
  const lines: string[] = [];

  beforeAll(async () => {
    broker = await startMosquitto({ websockets: false });
    const dir = mkdtempSync(join(tmpdir(), 'central-keys-'));
    writeFileSync(join(dir, 'stations.json'), JSON.stringify(stationsFile()));
    writeFileSync(join(dir, 'central.json'), JSON.stringify({ broker: { url: broker.url }, dataDir: 'data', http: { host: '127.0.0.1', port: 0 }, adminHttp: { host: '127.0.0.1', port: 0 }, stationsFile: 'stations.json', phone: { appDir: stubPhoneApp() } }));
    const log = createCentralLogger('info', { write: (line: string) => void lines.push(line) });
    central = await startCentral(loadCentralConfig(join(dir, 'central.json'), {}), {
      log,
      metrics: createCentralMetrics({ defaultMetrics: false }),
      now: () => new Date(clock),
      periodSeconds: PERIOD,
    });
    baseUrl = `http://127.0.0.1:${central.httpPort}`;
  });

  afterAll(async () => {
    await central?.stop();
    await broker?.stop();
  });

  const open = (token: string) => fetch(`${baseUrl}/c/${token}?lang=en`);
  const warnings = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string; kioskId?: string }).filter((l) => l.level === 40);

  it('refuses the revoked kiosk\'s code, serves the other kiosk of the station, and says why in the log', async () => {
    clock = BEFORE_END;
    const revoked = await open(v2('K-0001', clock));
    expect(revoked.status).toBe(403);
    expect(await revoked.text()).toContain('This code is not valid');
    const other = await new TestPhone(baseUrl).open(`/c/${v2('K-0002', clock)}`);
    expect(other.status).toBe(200);
    expect(other.visit).toMatchObject({ stationId: 'ST-0001' });
    expect(warnings()).toContainEqual(expect.objectContaining({ reason: 'kiosk-revoked', kioskId: 'K-0001' }));
  });

  it('serves a v1 code before the window ends and refuses it after', async () => {
    clock = BEFORE_END;
    expect((await open(v1(clock))).status).toBe(200);
    clock = AFTER_END;
    const late = await open(v1(clock));
    expect(late.status).toBe(403);
    expect(warnings()).toContainEqual(expect.objectContaining({ reason: 'v1-retired' }));
    expect((await open(v2('K-0002', clock))).status).toBe(200);
  });

  it('lets the page\'s ticket carry a v2 code past its period, as it does for v1', async () => {
    clock = BEFORE_END;
    const token = v2('K-0002', clock);
    const phone = new TestPhone(baseUrl);
    const { visit } = await phone.open(`/c/${token}`);
    expect(visit?.ticket).toBeDefined();
    clock = BEFORE_END + 60_000;
    expect((await open(token)).status).toBe(410);
    // The phone that holds the page's ticket may still use the code (here: start linking).
    expect((await phone.startPairing(visit!, 'V-0001')).status).toBe(202);
    // Another phone with the same ticket may not.
    const other = new TestPhone(baseUrl);
    await other.open(`/c/${v2('K-0002', clock)}`);
    expect((await other.startPairing(visit!, 'V-0001')).status).toBe(403);
  });
});

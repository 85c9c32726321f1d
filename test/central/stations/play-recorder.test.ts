// Proof-of-play reports into the store over a real Mosquitto (central/stations/play-recorder.ts):
// the station and site come from the stations file; an unregistered kiosk or a bad payload is dropped, saying why.
import { afterEach, describe, expect, it } from 'vitest';
import { topicsFor } from '../../../shared/index.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const topics = topicsFor('vs/v1');
const HOUR = Date.parse('2026-12-01T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const report = (kioskId: string, stationId: string, durationMs = 3_600_000) => ({
  v: 2,
  kioskId,
  stationId,
  hour: iso(HOUR),
  entries: [{ screen: 'home', appVersion: '1.4.0', durationMs }],
  sentAt: iso(HOUR + 3_600_000),
});

describe('proof-of-play recorder', () => {
  let fixture: CentralFixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });
  const stored = (f: CentralFixture) => f.central.store.play.hoursFor({ fromMs: HOUR, toMs: HOUR + 3_600_000 });

  it('stores a report under the station the stations file gives the kiosk, whatever the payload claims', async () => {
    const f = (fixture = await startCentralFixture({ deps: { now: () => new Date(HOUR + 3_600_000) } }));
    // K-0002 is ST-0002's (central-fixture.ts); the payload says ST-0001.
    await f.publishRaw(topics.kioskPlay('K-0002'), JSON.stringify(report('K-0002', 'ST-0001')));
    await eventually(async () => (await stored(f)).length === 1, 10_000, 'the stored hour');
    expect(await stored(f)).toEqual([{ kioskId: 'K-0002', stationId: 'ST-0002', siteId: 'SITE-01', hourMs: HOUR, entries: report('K-0002', 'ST-0002').entries, receivedAtMs: HOUR + 3_600_000 }]);
    // A second copy replaces the first.
    await f.publishRaw(topics.kioskPlay('K-0002'), JSON.stringify(report('K-0002', 'ST-0002', 1_800_000)));
    await eventually(async () => (await stored(f))[0]?.entries[0]?.durationMs === 1_800_000, 10_000, 'the replaced hour');
    expect(await stored(f)).toHaveLength(1);
  });

  it('drops a report from a kiosk no station lists, and an invalid one, and logs why', async () => {
    const f = (fixture = await startCentralFixture());
    await f.publishRaw(topics.kioskPlay('K-0099'), JSON.stringify(report('K-0099', 'ST-0001')));
    await f.publishRaw(topics.kioskPlay('K-0001'), JSON.stringify({ ...report('K-0001', 'ST-0001'), hour: iso(HOUR + 60_000) }));
    await eventually(() => f.logLines().some((l) => l.msg === 'proof-of-play report dropped: invalid payload'), 10_000, 'the invalid report');
    await eventually(() => f.logLines().some((l) => String(l.msg).startsWith('proof-of-play report dropped: no station lists this kiosk')), 10_000, 'the unregistered kiosk');
    const invalid = f.logLines().find((l) => l.msg === 'proof-of-play report dropped: invalid payload');
    expect(JSON.stringify(invalid?.issues)).toContain('start of an hour');
    expect(await stored(f)).toEqual([]);
    expect(await f.metrics.registry.getSingleMetricAsString('central_invalid_payloads_total')).toContain('kind="kiosk-play"');
  });
});

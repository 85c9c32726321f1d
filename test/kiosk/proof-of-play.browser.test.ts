/**
 * Proof of play end to end (issue 14): a real kiosk page in Chromium, over a real Mosquitto,
 * tallies the screens it shows; once the clock hour is over it publishes the hour's report
 * (QoS 1, not retained), central stores it, and the manager API returns it. Time moves with
 * Playwright's clock, from one minute before a whole hour on a day after today, so the page's
 * clock never runs behind the real one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PlayReportSchema, validate } from '../../shared/index.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../helpers/central-fixture.ts';
import { useOnlineKiosk } from '../helpers/online-kiosk.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HOUR = (Math.floor(Date.now() / DAY_MS) + 2) * DAY_MS + 9 * HOUR_MS;
const ONE_MINUTE_BEFORE_END = new Date(HOUR + HOUR_MS - 60_000);
const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

describe('kiosk proof of play', () => {
  let central: CentralFixture | undefined;
  const kiosk = useOnlineKiosk({
    beforeOpen: async (rig) => {
      central = await startCentralFixture({ broker: rig.broker });
      await rig.subscribe(rig.topics.kioskPlay('K-0001'));
    },
    beforeGoto: (page) => page.clock.install({ time: ONE_MINUTE_BEFORE_END }),
  });
  afterAll(async () => {
    await central?.stop();
  });
  const reports = () => kiosk.rig.messages(kiosk.rig.topics.kioskPlay('K-0001'));
  const playApi = async (query: string) => {
    const res = await fetch(`${central?.adminUrl}/api/play?${query}`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as { hours: { kioskId: string; stationId: string; hour: string; totalMs: number; entries: { screen: string; appVersion: string; durationMs: number }[] }[] };
  };
  const window = `kiosk=K-0001&from=${new Date(HOUR).toISOString()}&to=${new Date(HOUR + 2 * HOUR_MS).toISOString()}`;

  it('publishes the hour that is over, with each screen it showed, and central serves it', async () => {
    await kiosk.page.getByText('Scan to check in').waitFor();
    await kiosk.page.clock.fastForward('00:20');
    await kiosk.page.getByRole('button', { name: 'Volunteer stations' }).first().click();
    expect(reports()).toEqual([]);
    // Past the hour's end and one save period: the hour is reported.
    await kiosk.page.clock.fastForward('01:10');
    await expect.poll(() => reports().length, { timeout: 20_000 }).toBeGreaterThan(0);
    const sent = reports()[0];
    expect(sent?.retain).toBe(false);
    const checked = validate(PlayReportSchema, JSON.parse(sent?.text ?? ''));
    if (!checked.ok) throw new Error(checked.issues.join('; '));
    const report = checked.value;
    expect(report.hour).toBe(new Date(HOUR).toISOString());
    expect(report.entries.map((e) => e.screen)).toEqual(['home', 'stations']);
    const [home, stations] = report.entries;
    // Home from the page's start (a few real seconds after the clock was set) to the click; stations until the hour's end.
    expect(home?.durationMs).toBeGreaterThanOrEqual(20_000);
    expect(stations?.durationMs).toBeGreaterThan(0);
    expect((home?.durationMs ?? 0) + (stations?.durationMs ?? 0)).toBeLessThanOrEqual(60_000);
    // Nothing but screen names and versions: no card uid, no name, no tap content.
    expect(Object.keys(report).sort()).toEqual(['entries', 'hour', 'kioskId', 'sentAt', 'stationId', 'v']);

    await expect.poll(async () => (await playApi(window)).hours.length, { timeout: 20_000 }).toBe(1);
    const [stored] = (await playApi(window)).hours;
    expect(stored).toMatchObject({ kioskId: 'K-0001', stationId: 'ST-0001', hour: report.hour, totalMs: (home?.durationMs ?? 0) + (stations?.durationMs ?? 0) });
    expect(stored?.entries).toEqual(report.entries);
  });

  it('sends an acknowledged hour once; a redelivered copy replaces it at central instead of adding one', async () => {
    await kiosk.page.clock.fastForward('01:00');
    const hourOf = (text: string) => (JSON.parse(text) as { hour: string }).hour;
    expect(reports().filter((m) => hourOf(m.text) === new Date(HOUR).toISOString())).toHaveLength(1);
    const first = reports()[0];
    await kiosk.rig.publish(kiosk.rig.topics.kioskPlay('K-0001'), JSON.parse(first?.text ?? '{}'));
    await kiosk.rig.publish(kiosk.rig.topics.kioskPlay('K-0001'), { v: 2, kioskId: 'K-0001', hour: 'not a time' });
    await expect.poll(() => central?.logLines().some((l) => l.msg === 'proof-of-play report dropped: invalid payload'), { timeout: 20_000 }).toBe(true);
    expect((await playApi(window)).hours).toHaveLength(1);
  });
});

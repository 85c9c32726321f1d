/**
 * The console starts from central's fleet snapshot (protocol v2 `GET /api/fleet`) as well
 * as the broker's retained statuses, in Chromium against a real central on a real
 * Mosquitto. A station and kiosk whose last statuses the broker did not retain (sent
 * live, as a v1 device might) are known only to central: they show all the same.
 */
import { expect, it } from 'vitest';
import { topicsFor } from '../../shared/index.ts';
import { MANAGER } from '../helpers/central-fixture.ts';
import { connectClient, onlineKioskStatus, onlineStationStatus, signInToConsole } from '../helpers/console-harness.ts';
import { useConsoleOnCentral } from '../helpers/console-on-central.ts';
import { eventually } from '../helpers/eventually.ts';

const w = useConsoleOnCentral({ onlineStations: ['ST-0001'] });
const topics = topicsFor('vs/v1');
const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

it("shows a station and kiosk that only central's snapshot knows, with the broker's retained ones, and warns of nothing", async () => {
  const agent = await connectClient(w.broker.url);
  try {
    await agent.publishAsync(topics.station('ST-0002', 'status'), JSON.stringify(onlineStationStatus({ outbox: { pending: 3 } })), { qos: 1 });
    await agent.publishAsync(topics.kioskStatus('K-0002'), JSON.stringify(onlineKioskStatus('ST-0002')), { qos: 1 });
  } finally {
    await agent.endAsync();
  }
  await eventually(
    async () => {
      const body = (await (await fetch(`${w.f.adminUrl}/api/fleet`, { headers: auth })).json()) as { stations: { stationId: string }[]; kiosks: { kioskId: string }[] };
      return body.stations.some((s) => s.stationId === 'ST-0002') && body.kiosks.some((k) => k.kioskId === 'K-0002');
    },
    10_000,
    'central holding the live statuses',
  );

  const warnings: string[] = [];
  const { page } = await signInToConsole(w.browser, w.web.url, { beforeGoto: async (p) => void p.on('console', (m) => m.type() === 'warning' && warnings.push(m.text())) });
  await page.locator('[data-station-row="ST-0001"]').waitFor({ timeout: 10_000 });
  const st2 = page.locator('[data-station-row="ST-0002"]');
  await st2.waitFor({ timeout: 10_000 });
  await st2.locator('[data-kiosk="K-0002"]').waitFor();
  expect(await page.locator('[data-station-count]').innerText()).toBe('2 stations');
  expect(warnings.filter((text) => text.includes('fleet snapshot'))).toEqual([]);
  await page.context().close();
});

// The QR path end to end: a real HTTP request to /c/{token}, a real Mosquitto carrying
// the Result to the station's results topic, tokens computed independently with node:crypto.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATION_SECRETS, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const PERIOD = 10;
// A fixed clock: step T = 178_000_000 sits in the middle of its period.
const NOW_MS = 178_000_000 * PERIOD * 1000 + 5_000;
const T = Math.floor(NOW_MS / 1000 / PERIOD);

function tokenFor(stationId: string, step: number, secret: string = STATION_SECRETS[stationId as keyof typeof STATION_SECRETS]): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${stationId}.${step}`).digest('base64url').slice(0, 16);
  return `${stationId}.${step}.${mac}`;
}

describe('phone check-in with the rotating QR', () => {
  let f: CentralFixture;
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => new Date(NOW_MS), periodSeconds: PERIOD } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  const post = (path: string, volunteer: string) =>
    fetch(`${f.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ volunteer }) });

  it('serves a bilingual page that asks for the volunteer number and remembers it', async () => {
    const zh = await fetch(`${f.baseUrl}/c/${tokenFor('ST-0001', T)}`);
    expect(zh.status).toBe(200);
    const html = await zh.text();
    expect(html).toContain('志愿者编号');
    expect(html).toContain('1号站');
    expect(html).toContain('localStorage');
    expect(html).not.toContain(STATION_SECRETS['ST-0001']);
    const en = await (await fetch(`${f.baseUrl}/c/${tokenFor('ST-0001', T)}?lang=en`)).text();
    expect(en).toContain('Volunteer number');
  });

  it('accepts a valid token once, publishes the Result to the station, and refuses the replay', async () => {
    const token = tokenFor('ST-0001', T);
    const first = await post(`/c/${token}`, 'V-0003');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { ok: boolean; result: { id: string; status: string; method: string; direction: string; volunteer: { displayName: string } } };
    expect(body.result).toMatchObject({ status: 'accepted', method: 'qr', direction: 'in', volunteer: { displayName: '王*' } });
    const seen = await eventually(() => f.results.find((r) => r.result.id === body.result.id), 10_000, 'the QR Result on the results topic');
    expect(seen.stationId).toBe('ST-0001');
    expect(seen.result).toEqual(body.result);

    const replay = await post(`/c/${token}`, 'V-0003');
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ ok: false, reason: 'replayed', message: { en: 'You have already used this code to check in.' } });
    // Another volunteer may use the same code on the kiosk screen.
    expect((await post(`/c/${token}`, 'V-0002')).status).toBe(200);
  });

  it('accepts T-1 and T+1 but rejects T-2 as expired and T+2 as not yet valid', async () => {
    expect((await post(`/c/${tokenFor('ST-0002', T - 1)}`, 'V-0001')).status).toBe(200);
    expect((await post(`/c/${tokenFor('ST-0002', T + 1)}`, 'V-0002')).status).toBe(200);
    const old = await post(`/c/${tokenFor('ST-0002', T - 2)}`, 'V-0003');
    expect(old.status).toBe(410);
    expect(await old.json()).toMatchObject({ reason: 'expired' });
    const future = await post(`/c/${tokenFor('ST-0002', T + 2)}`, 'V-0003');
    expect(future.status).toBe(410);
    expect(await future.json()).toMatchObject({ reason: 'not-yet-valid' });
    const page = await fetch(`${f.baseUrl}/c/${tokenFor('ST-0002', T - 2)}?lang=en`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This code has expired');
  });

  it('rejects a forged token (wrong key or tampered MAC)', async () => {
    const forged = await post(`/c/${tokenFor('ST-0001', T, STATION_SECRETS['ST-0002'])}`, 'V-0001');
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ reason: 'forged' });
    const good = tokenFor('ST-0001', T);
    const tampered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect(await (await post(`/c/${tampered}`, 'V-0001')).json()).toMatchObject({ reason: 'forged' });
    expect(await (await post('/c/not-a-token', 'V-0001')).json()).toMatchObject({ reason: 'malformed' });
  });

  it('rejects a token of another station on a station-specific address, and an unknown station', async () => {
    const wrong = await post(`/c/ST-0002/${tokenFor('ST-0001', T)}`, 'V-0001');
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ reason: 'wrong-station', message: { zh: expect.stringContaining('另一个站点') } });
    const unknown = await post(`/c/${tokenFor('ST-0404', T, STATION_SECRETS['ST-0001'])}`, 'V-0001');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reason: 'unknown-station' });
  });

  it('asks again for a bad or unknown volunteer number, without using up the token', async () => {
    const token = tokenFor('ST-0001', T + 1);
    expect(await (await post(`/c/${token}`, 'no spaces!')).json()).toMatchObject({ reason: 'bad-volunteer-number' });
    expect(await (await post(`/c/${token}`, 'V-9999')).json()).toMatchObject({ reason: 'unknown-volunteer' });
    const form = await fetch(`${f.baseUrl}/c/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'volunteer=V-9999&lang=en' });
    expect(form.status).toBe(404);
    expect(await form.text()).toContain('No volunteer has this number');
    const ok = await fetch(`${f.baseUrl}/c/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'volunteer=V-0001&lang=en' });
    expect(ok.status).toBe(200);
    // V-0001 checked in at ST-0002 with T-1 moments ago (same clock), so this one is a duplicate.
    expect(await ok.text()).toMatch(/You already checked in at \d\d:\d\d/);
  });
});

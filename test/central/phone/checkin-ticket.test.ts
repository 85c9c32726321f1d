// The page's check-in ticket end to end: a real GET of /c/{token} hands out the ticket
// in the form, the clock moves on (injected `now`), and a real POST carries the ticket
// back, on a real Mosquitto and a real SQLite file. Tokens are computed with node:crypto.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATION_SECRETS, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const PERIOD = 10;
const START_MS = 178_000_000 * PERIOD * 1000 + 5_000;
const HOUR = 3_600_000;
const FIVE_MINUTES = 5 * 60_000;

function tokenAt(stationId: keyof typeof STATION_SECRETS, clockMs: number): string {
  const step = Math.floor(clockMs / 1000 / PERIOD);
  const mac = createHmac('sha256', Buffer.from(STATION_SECRETS[stationId], 'base64url')).update(`${stationId}.${step}`).digest('base64url').slice(0, 16);
  return `${stationId}.${step}.${mac}`;
}

function ticketIn(html: string): string {
  const match = /name="ticket" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no ticket in the page:\n${html}`);
  return match[1];
}

describe('phone check-in ticket: a slow volunteer after a valid page open', () => {
  let f: CentralFixture;
  let clockMs = START_MS;
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => new Date(clockMs), periodSeconds: PERIOD } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  const openPage = async (path: string): Promise<string> => {
    const page = await fetch(`${f.baseUrl}${path}`);
    expect(page.status).toBe(200);
    return ticketIn(await page.text());
  };
  const post = (path: string, body: { volunteer: string; ticket?: string }) =>
    fetch(`${f.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(`${f.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  it('accepts a POST 60 s after a valid GET with the page ticket, once per volunteer', async () => {
    clockMs = START_MS;
    const token = tokenAt('ST-0001', clockMs);
    const ticket = await openPage(`/c/${token}`);
    clockMs += 60_000;
    const bare = await post(`/c/${token}`, { volunteer: 'V-0003' });
    expect(bare.status).toBe(410);
    expect(await bare.json()).toMatchObject({ reason: 'expired' });

    const late = await post(`/c/${token}`, { volunteer: 'V-0003', ticket });
    expect(late.status).toBe(200);
    const body = (await late.json()) as { result: { id: string } };
    expect(body.result).toMatchObject({ status: 'accepted', method: 'qr', direction: 'in' });
    await eventually(() => f.results.find((r) => r.result.id === body.result.id && r.stationId === 'ST-0001'), 10_000, 'the late QR Result on the results topic');

    const replay = await post(`/c/${token}`, { volunteer: 'V-0003', ticket });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ reason: 'replayed', message: { zh: '您已经用这个二维码签到过了。' } });
  });

  it('keeps the ticket through a mistyped number and the language link (HTML form)', async () => {
    clockMs = START_MS + HOUR;
    const token = tokenAt('ST-0002', clockMs);
    const ticket = await openPage(`/c/${token}`);
    clockMs += 90_000;
    const english = await fetch(`${f.baseUrl}/c/${token}?lang=en&ticket=${encodeURIComponent(ticket)}`);
    expect(english.status).toBe(200);
    const englishHtml = await english.text();
    expect(englishHtml).toContain('Volunteer number');
    expect(ticketIn(englishHtml)).toBe(ticket);
    expect((await fetch(`${f.baseUrl}/c/${token}?lang=en`)).status).toBe(410);

    const typo = await postForm(`/c/${token}`, { volunteer: 'V-9999', lang: 'en', ticket });
    expect(typo.status).toBe(404);
    const typoHtml = await typo.text();
    expect(typoHtml).toContain('No volunteer has this number');
    expect(ticketIn(typoHtml)).toBe(ticket);
    clockMs += 60_000;
    const ok = await postForm(`/c/${token}`, { volunteer: 'V-0002', lang: 'en', ticket: ticketIn(typoHtml) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Checked in. Thank you for volunteering!');
  });

  it('rejects a forged or tampered ticket as forged', async () => {
    clockMs = START_MS + 2 * HOUR;
    const token = tokenAt('ST-0001', clockMs);
    const ticket = await openPage(`/c/${token}`);
    clockMs += 60_000;
    const [expiresAt, mac = ''] = ticket.split('.');
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    const forgeries = [
      `${expiresAt}.${flipped}`,
      `${Number(expiresAt) + HOUR}.${mac}`,
      `${expiresAt}.${createHmac('sha256', Buffer.from(STATION_SECRETS['ST-0001'], 'base64url')).update(token).digest('base64url')}`,
      'not-a-ticket',
    ];
    for (const forged of forgeries) {
      const res = await post(`/c/${token}`, { volunteer: 'V-0001', ticket: forged });
      expect(res.status, forged).toBe(403);
      expect(await res.json()).toMatchObject({ reason: 'forged', message: { en: 'This code is not valid. Scan the code on the station screen.' } });
    }
    // None of them used the code up: the genuine ticket still works.
    expect((await post(`/c/${token}`, { volunteer: 'V-0001', ticket })).status).toBe(200);
  });

  it('refuses a ticket of token A with token B, and on another station address', async () => {
    clockMs = START_MS + 3 * HOUR;
    const tokenA = tokenAt('ST-0001', clockMs);
    const tokenB = tokenAt('ST-0001', clockMs - PERIOD * 1000);
    const otherStation = tokenAt('ST-0002', clockMs);
    const ticketA = await openPage(`/c/${tokenA}`);
    clockMs += 60_000;
    for (const token of [tokenB, otherStation]) {
      const res = await post(`/c/${token}`, { volunteer: 'V-0002', ticket: ticketA });
      expect(res.status, token).toBe(403);
      expect(await res.json()).toMatchObject({ reason: 'forged' });
    }
    const wrong = await post(`/c/ST-0002/${tokenA}`, { volunteer: 'V-0002', ticket: ticketA });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ reason: 'wrong-station' });
  });

  it('refuses a ticket after its 5 minutes with the expired message', async () => {
    clockMs = START_MS + 4 * HOUR;
    const token = tokenAt('ST-0002', clockMs);
    const opened = clockMs;
    const ticket = await openPage(`/c/${token}`);
    clockMs = opened + FIVE_MINUTES;
    const late = await post(`/c/${token}`, { volunteer: 'V-0003', ticket });
    expect(late.status).toBe(410);
    expect(await late.json()).toMatchObject({ reason: 'expired', message: { zh: '二维码已过期。请重新扫描站点屏幕上的最新二维码。' } });
    const page = await postForm(`/c/${token}`, { volunteer: 'V-0003', lang: 'en', ticket });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This code has expired');
    // One second earlier it was still good: the boundary is the ticket's, not the token's.
    clockMs = opened + FIVE_MINUTES - 1000;
    expect((await post(`/c/${token}`, { volunteer: 'V-0003', ticket })).status).toBe(200);
  });
});

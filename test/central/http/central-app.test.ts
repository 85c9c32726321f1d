// What every reply of a real central carries and refuses, on both listeners:
// security headers (CSP with the hashes of the page's own inline code, nosniff,
// no-referrer, no framing), 400 for a malformed %-escape, errors as JSON or HTML per
// Accept and never a stack trace, the body limit, the headers timeout and the connection cap.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { MANAGER, STATION_SECRETS, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const PERIOD = 10;
const NOW_MS = 178_000_000 * PERIOD * 1000 + 5_000;
const T = Math.floor(NOW_MS / 1000 / PERIOD);
const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

function tokenFor(stationId: keyof typeof STATION_SECRETS, step: number): string {
  const mac = createHmac('sha256', Buffer.from(STATION_SECRETS[stationId], 'base64url')).update(`${stationId}.${step}`).digest('base64url').slice(0, 16);
  return `${stationId}.${step}.${mac}`;
}

function cspOf(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(header.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The headers every reply must carry; and for HTML, a CSP that allows exactly the page's
 * inline code plus what its route declares (`selfSources`: the phone app's own files).
 */
async function expectHardened(res: Response, selfSources: readonly string[] = []): Promise<string> {
  const body = await res.text();
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  const csp = cspOf(res);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
    const scripts = [...body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]!));
    const styles = [...body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]!));
    const self = (directive: string) => (selfSources.includes(directive) ? ["'self'"] : []);
    expect(csp.get('script-src') ?? []).toEqual([...scripts, ...self('script-src')]);
    expect(csp.get('style-src') ?? []).toEqual([...styles, ...self('style-src')]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  }
  // Never a stack trace or a source path, whatever went wrong.
  expect(body).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|Error:/);
  return body;
}

/** What the phone app's routes add to the CSP (central/http/phone-routes.ts): its files, icon and API, same origin. */
const PHONE_PAGE = ['script-src', 'style-src', 'connect-src', 'img-src'];

/** A store whose station listing fails, so the manager API meets an unexpected error. */
function failingStore(): SqliteStore {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'central-failing-store-')));
  store.listStationActivity = () => Promise.reject(new Error('disk on fire at /var/lib/central/central.sqlite'));
  return store;
}

describe('central HTTP replies', () => {
  let f: CentralFixture;
  beforeAll(async () => {
    f = await startCentralFixture({
      deps: {
        now: () => new Date(NOW_MS),
        periodSeconds: PERIOD,
        store: failingStore(),
        // A short headers timeout, checked often, so the slowloris case ends soon; the whole-request timeout stays long.
        httpLimits: { public: { headersTimeoutMs: 1_000, timeoutCheckIntervalMs: 100, requestTimeoutMs: 120_000, connectionTimeoutMs: 120_000 } },
      },
    });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it("the phone page carries a CSP that allows the phone app's own script, style and API, and nothing else", async () => {
    const res = await fetch(`${f.baseUrl}/c/${tokenFor('ST-0001', T)}`);
    expect(res.status).toBe(200);
    const body = await expectHardened(res, PHONE_PAGE);
    expect(body).toContain('<script type="module"');
    const csp = cspOf(res);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    // The page's <link rel="icon">: without it Chromium logs a CSP violation on every visit.
    expect(csp.get('img-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it("answers /favicon.ico with the phone build's icon, so a phone's browser logs no 404", async () => {
    const res = await fetch(`${f.baseUrl}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    // ICONDIR: reserved 0, type 1 (icon).
    expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it('refusal pages and the phone API carry the headers too', async () => {
    const expired = await fetch(`${f.baseUrl}/c/${tokenFor('ST-0001', T - 5)}?lang=en`);
    expect(expired.status).toBe(410);
    expect(await expectHardened(expired, PHONE_PAGE)).toContain('This code has expired');
    const refused = await fetch(`${f.baseUrl}/phone/api/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tokenFor('ST-0001', T), ticket: 'x', volunteer: 'V-9999' }) });
    expect(refused.status).toBe(403);
    expect(JSON.parse(await expectHardened(refused))).toMatchObject({ ok: false, reason: 'other-device' });
  });

  it('errors are an HTML page for a browser and JSON otherwise, with the headers', async () => {
    const page = await fetch(`${f.baseUrl}/nowhere`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await expectHardened(page)).toContain('not found: /nowhere');
    const json = await fetch(`${f.baseUrl}/nowhere`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(await expectHardened(json))).toEqual({ error: 'not found: /nowhere' });
    const refusedApi = await fetch(`${f.adminUrl}/api/stations`, { headers: { accept: 'text/html' } });
    expect(refusedApi.status).toBe(401);
    expect(await expectHardened(refusedApi)).toContain('manager credentials required');
  });

  it('JSON and CSV replies carry nosniff', async () => {
    for (const res of [
      await fetch(`${f.baseUrl}/healthz`),
      await fetch(`${f.adminUrl}/healthz`),
      await fetch(`${f.baseUrl}/phone/api/me`),
      await fetch(`${f.adminUrl}/api/service-hours.csv?from=2026-11-29&to=2026-11-29`, { headers: auth }),
      await fetch(`${f.adminUrl}/metrics`),
    ]) {
      expect(res.status).toBe(200);
      await expectHardened(res);
    }
  });

  it.each([
    ['public', '/c/%E0%A4%A'],
    ['public', '/c/ST-0001/%ZZ'],
    ['admin', '/api/%E0%A4%A'],
    ['admin', '/api/sessions%'],
  ])('a malformed %%-escape on the %s listener gets 400 with a short message: %s', async (listener, path) => {
    const base = listener === 'public' ? f.baseUrl : f.adminUrl;
    const res = await fetch(`${base}${path}`, { headers: listener === 'admin' ? auth : {} });
    expect(res.status).toBe(400);
    expect(JSON.parse(await expectHardened(res))).toEqual({ error: 'bad request: the address has a malformed %-escape' });
    const page = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await expectHardened(page)).toContain('malformed %-escape');
  });

  it('an unexpected failure is a 500 that points to the log, without the error itself', async () => {
    const res = await fetch(`${f.adminUrl}/api/stations`, { headers: auth });
    expect(res.status).toBe(500);
    const body = await expectHardened(res);
    expect(JSON.parse(body)).toEqual({ error: 'internal error; see the central service log' });
    expect(body).not.toContain('disk on fire');
    expect(f.logLines().find((l) => l.msg === 'http handler failed')).toMatchObject({ path: '/api/stations', err: { message: expect.stringContaining('disk on fire') } });
  });

  it('refuses a body over 16 KiB with 413 and records nothing', async () => {
    const before = f.results.length;
    const res = await fetch(`${f.baseUrl}/c/${tokenFor('ST-0001', T)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ volunteer: 'V-0001', padding: 'x'.repeat(17 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(await expectHardened(res))).toEqual({ error: 'request body is larger than 16384 bytes' });
    expect(f.results.length).toBe(before);
  });

  it('cuts a slowloris: a request whose headers trickle in is closed by the headers timeout', async () => {
    const socket = connect(f.central.httpPort, '127.0.0.1');
    let received = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => (closed = true));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /c/${tokenFor('ST-0001', T)} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    // One header line every 100 ms keeps the socket busy (no idle timeout) but never ends the headers.
    let sent = 0;
    const trickle = setInterval(() => {
      if (!closed && sent < 600) socket.write(`X-Slow-${sent++}: a\r\n`);
    }, 100);
    try {
      await eventually(() => closed, 60_000, 'central to close the trickling socket');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).not.toContain('志愿者编号');
  });
});

describe('central HTTP connection cap', () => {
  let f: CentralFixture;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { httpLimits: { public: { maxConnections: 2 } } } });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await f?.stop();
  });

  it('refuses connections over maxConnections, and serves again once one is freed', async () => {
    const open = async () => {
      const socket = connect(f.central.httpPort, '127.0.0.1');
      sockets.push(socket);
      const state = { closed: false, data: '' };
      socket.on('close', () => (state.closed = true));
      socket.on('data', (d: Buffer) => (state.data += d.toString()));
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      return { socket, state };
    };
    const first = await open();
    const second = await open();
    const third = await open();
    third.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await eventually(() => third.state.closed, 10_000, 'the third connection to be closed');
    expect(third.state.data).toBe('');
    expect(first.state.closed || second.state.closed).toBe(false);
    first.socket.destroy();
    await eventually(async () => (await fetch(`${f.baseUrl}/healthz`, { headers: { connection: 'close' } })).status === 200, 10_000, 'a free slot to serve again');
  });
});

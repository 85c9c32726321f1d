/**
 * `POST /simulate-tap` over real HTTP: only JSON, and only when `Host` names this
 * listener, so neither another site's form nor a DNS-rebound page on the station PC
 * can make a tap. Refused requests never reach the check-in path.
 */
import { request } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthTracker } from '../../../station-agent/http/health.ts';
import { AgentMetrics } from '../../../station-agent/http/metrics.ts';
import { allowedHostHeaders } from '../../../station-agent/http/request-guard.ts';
import { AgentHttpServer } from '../../../station-agent/http/server.ts';

let server: AgentHttpServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(host = '127.0.0.1') {
  const uids: unknown[] = [];
  server = new AgentHttpServer({
    host,
    port: 0,
    health: new HealthTracker(30_000),
    metrics: new AgentMetrics(() => ({ pending: 0, lastSeq: 0, delivered: 0 })),
    logger: pino({ level: 'silent' }),
    simulateTap: (uid) => {
      uids.push(uid);
      return { status: 200, body: { outcome: 'recorded' } };
    },
  });
  return { port: await server.start(), uids };
}

/** node:http, not fetch: fetch will not send a Host header of our choosing. */
function post(port: number, headers: Record<string, string>, body = JSON.stringify({ uid: '04A1B2C3' })): Promise<{ status: number; body: { error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/simulate-tap', method: 'POST', headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: (text.startsWith('{') ? JSON.parse(text) : { text }) as { error?: string } }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('POST /simulate-tap', () => {
  it('takes JSON sent to the listener by its loopback names', async () => {
    const { port, uids } = await start();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect(await post(port, { host, 'content-type': 'application/json' })).toEqual({ status: 200, body: { outcome: 'recorded' } });
    }
    expect(await post(port, { host: `127.0.0.1:${port}`, 'content-type': 'application/json; charset=utf-8' })).toMatchObject({ status: 200 });
    expect(uids).toEqual(['04A1B2C3', '04A1B2C3', '04A1B2C3', '04A1B2C3']);
  });

  it('refuses any other Host with 421, naming the address to use: a DNS-rebound page sends its own name', async () => {
    const { port, uids } = await start();
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `[::1]:${port}`]) {
      const answer = await post(port, { host, 'content-type': 'application/json' });
      expect([host, answer.status]).toEqual([host, 421]);
      expect(answer.body.error).toBe(`Host ${JSON.stringify(host)} is not this agent; send the request to http://127.0.0.1:${port}/simulate-tap`);
    }
    // No Host at all: node:http itself answers 400 (RFC 9112 §3.2).
    expect((await post(port, { 'content-type': 'application/json' })).status).toBe(400);
    expect(uids).toEqual([]);
  });

  it('refuses anything but application/json with 415: a cross-site form cannot send it without a preflight', async () => {
    const { port, uids } = await start();
    const host = `127.0.0.1:${port}`;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const answer = await post(port, { host, 'content-type': type });
      expect([type, answer]).toEqual([type, { status: 415, body: { error: 'Content-Type must be application/json, with a body like {"uid":"04A1B2C3"}' } }]);
    }
    expect((await post(port, { host })).status).toBe(415);
    expect(uids).toEqual([]);
  });
});

describe('allowedHostHeaders', () => {
  it('names the configured host and localhost; a wildcard bind gets the loopback names only', () => {
    expect(allowedHostHeaders('127.0.0.1', 9102)).toEqual(new Set(['127.0.0.1:9102', 'localhost:9102']));
    expect(allowedHostHeaders('::1', 9102)).toEqual(new Set(['[::1]:9102', 'localhost:9102']));
    expect(allowedHostHeaders('0.0.0.0', 9102)).toEqual(new Set(['127.0.0.1:9102', '[::1]:9102', 'localhost:9102']));
    expect(allowedHostHeaders('127.0.0.1', 80)).toEqual(new Set(['127.0.0.1:80', 'localhost:80', '127.0.0.1', 'localhost']));
  });
});

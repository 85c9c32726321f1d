// Manager logins on a real central's admin listener: after 10 wrong passwords in a
// minute, per client address and per name, every attempt gets 429 with Retry-After,
// the right password too, until the minute has passed. Client addresses differ by
// binding the client to other loopback addresses (127.0.0.0/8).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

describe('manager login throttle', () => {
  let f: CentralFixture;
  let nowMs = Date.parse('2026-11-29T08:00:00.000Z');

  function login(name: string, password: string, fromAddress: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: f.central.adminHttpPort, path: '/api/stations', localAddress: fromAddress, agent: false, headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => new Date(nowMs) } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('accepts the right password, and answers a wrong one 401', async () => {
    expect((await login(MANAGER.name, MANAGER.password, '127.0.0.1')).status).toBe(200);
    const wrong = await login(MANAGER.name, 'not the password', '127.0.0.1');
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({ error: 'wrong manager name or password' });
  });

  it('locks a name after 10 wrong passwords in a minute, from any address, the right password included', async () => {
    nowMs += 120_000;
    for (let i = 0; i < 10; i++) {
      const attempt = await login(MANAGER.name, `guess ${i}`, `127.0.0.${10 + i}`);
      expect(attempt.status, `attempt ${i + 1}`).toBe(401);
    }
    const eleventh = await login(MANAGER.name, 'guess 10', '127.0.0.30');
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.retryAfter)).toBeGreaterThan(0);
    expect(Number(eleventh.retryAfter)).toBeLessThanOrEqual(60);
    expect(JSON.parse(eleventh.body)).toEqual({ error: `too many wrong passwords: try again in ${eleventh.retryAfter} s` });
    // The right password, from an address that never failed: still refused, or the lock would tell a guess was right.
    const right = await login(MANAGER.name, MANAGER.password, '127.0.0.31');
    expect(right.status).toBe(429);
    expect(right.retryAfter).toBeDefined();
    expect(f.logLines().some((l) => l.msg === 'manager logins locked for a while after repeated wrong passwords' && l.manager === MANAGER.name)).toBe(true);

    nowMs += 30_000;
    expect((await login(MANAGER.name, MANAGER.password, '127.0.0.31')).status).toBe(429);
    nowMs += 31_000;
    expect((await login(MANAGER.name, MANAGER.password, '127.0.0.31')).status).toBe(200);
  });

  it('locks an address after 10 wrong passwords in a minute, whatever names it tries', async () => {
    nowMs += 120_000;
    for (let i = 0; i < 10; i++) expect((await login(`stranger${i}`, 'whatever', '127.0.0.50')).status).toBe(401);
    const locked = await login(MANAGER.name, MANAGER.password, '127.0.0.50');
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    // Another address is not locked, and the manager's name was never guessed here.
    expect((await login(MANAGER.name, MANAGER.password, '127.0.0.51')).status).toBe(200);
  });

  it('locks a name nobody has the same way, so a lock does not tell which names exist', async () => {
    nowMs += 120_000;
    for (let i = 0; i < 10; i++) expect((await login('mallory', `guess ${i}`, `127.0.1.${i + 1}`)).status).toBe(401);
    expect((await login('mallory', 'guess', '127.0.1.99')).status).toBe(429);
  });
});

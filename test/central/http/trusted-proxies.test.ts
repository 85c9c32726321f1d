// Behind a load balancer: central takes the client's address from X-Forwarded-For only
// when the request comes from a configured proxy, so per-address limits count clients
// and a client cannot pick its own address by sending the header itself.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCentralApp, PUBLIC_HTTP_LIMITS } from '../../../central/http/central-app.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';

const log = createCentralLogger('silent');

describe('trusted proxies', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  function appSeeingAddresses(trustedProxies?: readonly string[]): FastifyInstance {
    const app = createCentralApp({ log, limits: PUBLIC_HTTP_LIMITS, ...(trustedProxies ? { trustedProxies } : {}) });
    app.get('/whoami', async (request) => ({ ip: request.ip }));
    apps.push(app);
    return app;
  }

  const ipSeen = async (app: FastifyInstance, remoteAddress: string, forwardedFor?: string) =>
    (await app.inject({ method: 'GET', url: '/whoami', remoteAddress, ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}) })).json<{ ip: string }>().ip;

  it('ignores X-Forwarded-For by default: the peer is the address', async () => {
    const app = appSeeingAddresses();
    expect(await ipSeen(app, '198.51.100.20', '203.0.113.5')).toBe('198.51.100.20');
  });

  it("takes the client from a configured proxy's X-Forwarded-For, and only from it", async () => {
    const app = appSeeingAddresses(['10.0.0.0/24']);
    expect(await ipSeen(app, '10.0.0.7', '203.0.113.5')).toBe('203.0.113.5');
    expect(await ipSeen(app, '10.0.0.7', '203.0.113.6')).toBe('203.0.113.6');
    // A client talking to central directly cannot claim another address.
    expect(await ipSeen(app, '198.51.100.20', '203.0.113.5')).toBe('198.51.100.20');
    // A client's own forged entry before the proxy's is not believed: the proxy appends the real peer.
    expect(await ipSeen(app, '10.0.0.7', '192.0.2.1, 203.0.113.5')).toBe('203.0.113.5');
  });
});

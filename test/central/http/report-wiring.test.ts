// The report and certificate admin routes as central's main wires them: beside the manager API on the admin listener, never on the public one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';

describe('reports and certificate admin in the running central', () => {
  let f: CentralFixture;
  const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

  beforeAll(async () => {
    f = await startCentralFixture({ configOverrides: { programme: { yearlyServiceEventTarget: 500 } } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('answers reports on the admin listener with the configured target, and revokes through POST', async () => {
    const res = await fetch(`${f.adminUrl}/api/reports/service?from=2026-01&to=2026-12`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ scope: { role: 'city-manager' }, total: { minutes: 0, events: 0 }, target: { year: 2026, events: 0, target: 500 } });
    const revoke = await fetch(`${f.adminUrl}/api/certificates/C-AAAAAAAAAAAAAAAA/revoke`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'test' }) });
    expect(revoke.status).toBe(404);
    expect((await fetch(`${f.adminUrl}/api/reports/service?from=2026-01&to=2026-12`)).status).toBe(401);
  });

  it('keeps them off the public listener, which serves the verify page instead', async () => {
    expect((await fetch(`${f.baseUrl}/api/reports/service?from=2026-01&to=2026-12`, { headers: auth })).status).toBe(404);
    const verify = await fetch(`${f.baseUrl}/verify/C-AAAAAAAAAAAAAAAA`, { headers: { accept: 'application/json' } });
    expect(verify.status).toBe(404);
    expect(await verify.json()).toEqual({ certificateId: 'C-AAAAAAAAAAAAAAAA', verdict: 'unknown' });
  });
});

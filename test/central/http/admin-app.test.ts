// Two listeners of one real central: the manager API and /metrics answer only on the
// admin one; the public one (phones) answers 404 for them, even with the right password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';

describe('admin and public listeners', () => {
  let f: CentralFixture;
  const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };
  beforeAll(async () => {
    f = await startCentralFixture();
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('listens on two different ports', () => {
    expect(f.central.adminHttpPort).toBeGreaterThan(0);
    expect(f.central.adminHttpPort).not.toBe(f.central.httpPort);
    const listening = f.logLines().filter((l) => l.msg === 'http listening' || l.msg === 'admin http listening');
    expect(listening.map((l) => [l.msg, l.port])).toEqual([
      ['http listening', f.central.httpPort],
      ['admin http listening', f.central.adminHttpPort],
    ]);
  });

  it.each(['/api/stations', '/api/sessions?from=2026-11-29&to=2026-11-29', '/api/seq-gaps', '/api/service-hours.csv?from=2026-11-29&to=2026-11-29', '/api/nothing'])(
    'the public listener answers 404 for %s, with or without credentials',
    async (path) => {
      for (const headers of [{}, auth]) {
        const res = await fetch(`${f.baseUrl}${path}`, { headers });
        expect(res.status).toBe(404);
        expect(res.headers.get('www-authenticate')).toBeNull();
        expect(await res.json()).toEqual({ error: `not found: ${path.split('?')[0]}` });
      }
    },
  );

  it('the manager API answers on the admin listener', async () => {
    const res = await fetch(`${f.adminUrl}/api/stations`, { headers: auth });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stations: { stationId: string }[] }).stations.map((s) => s.stationId)).toEqual(['ST-0001', 'ST-0002']);
  });

  it('/metrics is only on the admin listener', async () => {
    const pub = await fetch(`${f.baseUrl}/metrics`);
    expect(pub.status).toBe(404);
    expect(await pub.text()).not.toContain('central_');
    const admin = await fetch(`${f.adminUrl}/metrics`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('central_qr_checkins_total');
  });

  it('/healthz is on both', async () => {
    for (const base of [f.baseUrl, f.adminUrl]) expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, mqtt: 'connected' });
  });

  it('the admin listener has no phone pages', async () => {
    expect((await fetch(`${f.adminUrl}/c/ST-0001.1.AAAAAAAAAAAAAAAA`)).status).toBe(404);
  });
});

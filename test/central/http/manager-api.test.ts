// The manager API over real HTTP on the admin listener, with station statuses arriving through a real Mosquitto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../central/volunteers/csv-records.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

describe('manager HTTP API', () => {
  let f: CentralFixture;
  const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };
  const get = (path: string, headers: Record<string, string> = auth) => fetch(`${f.adminUrl}${path}`, { headers });

  beforeAll(async () => {
    // Central's clock just after the taps: protocol v2 holds taps older than maxCheckInAgeHours for review.
    f = await startCentralFixture({ deps: { now: () => new Date('2026-11-29T03:00:30.000Z') } });
    // A session of 95 minutes (3 points), a duplicate, and an open session, on 2026-11-29 Shanghai time.
    const taps = [
      { seq: 1, at: '2026-11-29T01:00:00.000Z', card: { uid: '04A1B2C3', tech: 'em4100' as const } },
      { seq: 2, at: '2026-11-29T01:00:30.000Z', card: { uid: '04A1B2C3', tech: 'em4100' as const } },
      { seq: 3, at: '2026-11-29T02:35:00.000Z', card: { uid: '04A1B2C3', tech: 'em4100' as const } },
      { seq: 5, at: '2026-11-29T03:00:00.000Z', card: { uid: '0A0B0C0D0E', tech: 'em4100' as const } },
    ];
    for (const t of taps) {
      const sent = await f.publishCheckIn(t);
      await eventually(() => f.results.find((r) => r.result.id === sent.id), 10_000, 'Result');
    }
    await f.publishRaw('vs/v1/stations/ST-0001/status', JSON.stringify({ v: 1, state: 'online', at: '2026-11-29T03:00:00.000Z', reader: { driver: 'rdm6300', state: 'connected' } }));
    await f.publishRaw('vs/v1/kiosks/K-0001/status', JSON.stringify({ v: 1, state: 'online', at: '2026-11-29T03:00:00.000Z', stationId: 'ST-0001' }));
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('requires manager credentials', async () => {
    const none = await get('/api/stations', {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await get('/api/stations', { authorization: `Basic ${Buffer.from(`${MANAGER.name}:nope`).toString('base64')}` });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'wrong manager name or password' });
    const stranger = await get('/api/stations', { authorization: `Basic ${Buffer.from(`mallory:${MANAGER.password}`).toString('base64')}` });
    expect(stranger.status).toBe(401);
  });

  it('lists stations with their last status, kiosks and last check-in', async () => {
    let body: { stations: { stationId: string; status: { state: string } | null; kiosks: { kioskId: string }[]; lastCheckInAt: string | null; maxSeq: number | null }[] } | undefined;
    const deadline = Date.now() + 10_000;
    do {
      body = (await (await get('/api/stations')).json()) as typeof body;
      if (body?.stations.find((s) => s.stationId === 'ST-0001')?.kiosks.length) break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    const st1 = body!.stations.find((s) => s.stationId === 'ST-0001');
    expect(st1).toMatchObject({ stationId: 'ST-0001', siteId: 'SITE-01', status: { state: 'online' }, lastCheckInAt: '2026-11-29T03:00:00.000Z', maxSeq: 5 });
    expect(st1!.kiosks.map((k) => k.kioskId)).toEqual(['K-0001']);
    expect(body!.stations.find((s) => s.stationId === 'ST-0002')).toMatchObject({ status: null, lastCheckInAt: null });
  });

  it('shows a station offline once its Last Will arrives', async () => {
    await f.publishRaw('vs/v1/stations/ST-0002/status', JSON.stringify({ v: 1, state: 'offline', reason: 'lost' }));
    const deadline = Date.now() + 10_000;
    let st2: { status: { state: string; reason?: string } | null } | undefined;
    while (Date.now() < deadline) {
      const body = (await (await get('/api/stations')).json()) as { stations: { stationId: string; status: { state: string; reason?: string } | null }[] };
      st2 = body.stations.find((s) => s.stationId === 'ST-0002');
      if (st2?.status) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(st2?.status).toEqual({ v: 1, state: 'offline', reason: 'lost' });
  });

  it('lists sessions by local date range, and seq gaps', async () => {
    const sessions = (await (await get('/api/sessions?from=2026-11-29&to=2026-11-29')).json()) as { sessions: { volunteerId: string; minutes?: number; points?: number }[] };
    expect(sessions.sessions.map((s) => [s.volunteerId, s.minutes, s.points])).toEqual([
      ['V-0001', 95, 3],
      ['V-0002', undefined, undefined],
    ]);
    const filtered = (await (await get('/api/sessions?from=2026-11-01&to=2026-11-30&volunteer=V-0002')).json()) as { sessions: unknown[] };
    expect(filtered.sessions).toHaveLength(1);
    expect(await (await get('/api/sessions?from=2026-11-30&to=2026-11-30')).json()).toEqual({ sessions: [] });
    expect(await (await get('/api/seq-gaps?station=ST-0001')).json()).toEqual({ gaps: [{ stationId: 'ST-0001', fromSeq: 4, toSeq: 4, detectedAt: expect.any(String) }] });
  });

  it('answers bad parameters with 400 and every problem by name', async () => {
    const missing = await get('/api/sessions');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'bad query parameters', issues: ['from: is required', 'to: is required'] });
    const bad = (await (await get('/api/sessions?from=2026-02-30&to=yesterday&station=a/b')).json()) as { issues: string[] };
    expect(bad.issues).toEqual(['from: must be a calendar date YYYY-MM-DD', 'to: must be a calendar date YYYY-MM-DD', 'station: must be 1 to 64 characters of A-Z a-z 0-9 _ -']);
    const reversed = (await (await get('/api/sessions?from=2026-11-29&to=2026-11-01')).json()) as { issues: string[] };
    expect(reversed.issues).toEqual(['to: must not be before from']);
    const unknown = await get('/api/sessions?from=2026-11-29&to=2026-11-29&colour=red');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ issues: ['colour: is not a known parameter (known: from, to, volunteer, station)'] });
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it('answers an unknown route, whatever its method, with a 404 naming it and pointing to the docs', async () => {
    for (const [method, path] of [['GET', '/api/nothing'], ['POST', '/api/nothing'], ['POST', '/api/stations'], ['DELETE', '/api/bank/adjustments']] as const) {
      const res = await fetch(`${f.adminUrl}${path}`, method === 'POST' ? { method, headers: { ...auth, 'content-type': 'application/json' }, body: '{}' } : { method, headers: auth });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: `no manager API route ${method} ${path}; the manager API routes are listed in docs/protocol.md and docs/deploy.md` });
    }
  });

  it('exports service hours as CSV', async () => {
    const res = await get('/api/service-hours.csv?from=2026-11-29&to=2026-11-29');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('service-hours-2026-11-29-to-2026-11-29.csv');
    const records = readCsvRecords(await res.text()).map((r) => r.fields);
    expect(records[0]).toEqual(['session_id', 'volunteer_id', 'volunteer_name', 'station_id', 'date', 'started_at', 'ended_at', 'minutes', 'hours', 'points', 'closed_by', 'needs_review']);
    expect(records.slice(1).map((r) => r.slice(1))).toEqual([
      ['V-0001', '张三丰', 'ST-0001', '2026-11-29', '2026-11-29T01:00:00.000Z', '2026-11-29T02:35:00.000Z', '95', '1.58', '3', 'tap', 'false'],
      ['V-0002', 'John Smith', 'ST-0001', '2026-11-29', '2026-11-29T03:00:00.000Z', '', '', '', '', 'open', 'false'],
    ]);
  });

  it('serves /healthz and /metrics without credentials', async () => {
    expect(await (await fetch(`${f.adminUrl}/healthz`)).json()).toEqual({ ok: true, mqtt: 'connected' });
    const metrics = await (await fetch(`${f.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/central_checkins_total\{method="card",status="accepted",repeated="false"\} 3/);
    expect(metrics).toMatch(/central_seq_missing_total 1/);
  });
});

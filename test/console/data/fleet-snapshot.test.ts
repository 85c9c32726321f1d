// Central's fleet snapshot in the fleet worker: what it fills in, what it leaves to the
// broker, and what it says when central refuses or answers something else (a real HTTP server).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFleetSnapshot, fetchFleetSnapshot, type FleetSnapshot } from '../../../console/data/fleet-snapshot.ts';
import { FleetState } from '../../../console/data/fleet-state.ts';

const AT = '2026-12-04T08:00:00.000Z';
const station = (state: 'online' | 'offline', extra: Record<string, unknown> = {}) => ({ v: 1, state, at: AT, ...extra });
const kiosk = (stationId: string) => ({ v: 1, state: 'online', at: AT, stationId });

describe('applyFleetSnapshot', () => {
  const snapshot: FleetSnapshot = {
    stations: [
      { stationId: 'ST-0001', status: station('online') },
      { stationId: 'ST-0002', status: station('online') },
      { stationId: 'ST-0003', status: { v: 1, state: 'asleep' } },
    ],
    kiosks: [
      { kioskId: 'K-0001', status: kiosk('ST-0001') },
      { kioskId: 'K-0004', status: kiosk('ST-0004') },
    ],
  };

  it('fills in every device the broker has not spoken for, as a retained status', () => {
    const fleet = new FleetState();
    const applied = applyFleetSnapshot(fleet, snapshot, { stations: new Set(), kiosks: new Set() }, Date.parse(AT) + 60_000);
    expect(applied.stations).toEqual(['ST-0001', 'ST-0002']);
    expect(applied.kiosks).toEqual(['K-0001', 'K-0004']);
    // Retained: last seen is the status's own time, and no clock skew is guessed from it.
    expect(fleet.stations.get('ST-0001')).toMatchObject({ lastSeenAt: Date.parse(AT), status: { state: 'online' } });
    expect(fleet.stations.get('ST-0001')?.clockSkewMs).toBeUndefined();
    // A kiosk naming a station brings that station's row along.
    expect(fleet.stations.has('ST-0004')).toBe(true);
  });

  it('leaves a device the broker already gave (or deleted) alone', () => {
    const fleet = new FleetState();
    fleet.applyStationStatus('ST-0002', station('offline', { reason: 'lost' }) as never, { receivedAt: Date.now(), retained: false });
    const applied = applyFleetSnapshot(fleet, snapshot, { stations: new Set(['ST-0001', 'ST-0002']), kiosks: new Set(['K-0001']) }, Date.now());
    expect(applied).toMatchObject({ stations: [], kiosks: ['K-0004'] });
    expect(fleet.stations.has('ST-0001')).toBe(false);
    expect(fleet.stations.get('ST-0002')?.status?.state).toBe('offline');
  });

  it('drops an invalid status with its reason, and keeps the rest', () => {
    const applied = applyFleetSnapshot(new FleetState(), snapshot, { stations: new Set(), kiosks: new Set() }, Date.now());
    expect(applied.invalidReasons).toEqual([expect.stringMatching(/^fleet snapshot: station ST-0003: invalid status dropped \(state: /)]);
  });
});

describe('fetchFleetSnapshot', () => {
  let server: Server;
  let url: string;
  const seen: { authorization?: string }[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '{}' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ authorization: req.headers.authorization });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fleet`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the sign-in as HTTP Basic and returns the snapshot', async () => {
    answer = { status: 200, body: JSON.stringify({ stations: [{ stationId: 'ST-0001', status: station('online') }], kiosks: [] }) };
    const outcome = await fetchFleetSnapshot({ url, authorization: 'Basic bWdyOnB3' });
    expect(outcome).toEqual({ ok: true, snapshot: { stations: [{ stationId: 'ST-0001', status: station('online') }], kiosks: [] } });
    expect(seen.at(-1)?.authorization).toBe('Basic bWdyOnB3');
  });

  it('says nothing when there is no central behind the console (404)', async () => {
    answer = { status: 404, body: '{"error":"not found"}' };
    expect(await fetchFleetSnapshot({ url, authorization: 'Basic x' })).toEqual({ ok: false });
  });

  it("passes on central's refusal, a wrong answer and an unreachable central as warnings", async () => {
    answer = { status: 403, body: JSON.stringify({ error: 'the account "lead" is team-leader: it sees its team\'s figures, not the fleet' }) };
    expect(await fetchFleetSnapshot({ url, authorization: 'Basic x' })).toEqual({
      ok: false,
      warning: 'fleet snapshot refused by central (HTTP 403: the account "lead" is team-leader: it sees its team\'s figures, not the fleet); the statuses come from the broker alone',
    });
    answer = { status: 200, body: '{"stations": "all of them"}' };
    expect(await fetchFleetSnapshot({ url, authorization: 'Basic x' })).toMatchObject({ ok: false, warning: expect.stringMatching(/^fleet snapshot: central's answer is not one \(stations: /) });
    const closed = url.replace(/:\d+\//, ':1/');
    expect(await fetchFleetSnapshot({ url: closed, authorization: 'Basic x' })).toMatchObject({ ok: false, warning: expect.stringContaining(`central was not reached at ${closed}`) });
  });
});

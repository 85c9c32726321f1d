/** Taps, results and commands are events: the console never takes one replayed from the retained store. */
import { describe, expect, it } from 'vitest';
import { topicsFor } from '../../../shared/index.ts';
import { applyFleetMessage } from '../../../console/data/fleet-messages.ts';
import { FleetState } from '../../../console/data/fleet-state.ts';

const topics = topicsFor('vs/v1');
const T0 = Date.parse('2026-11-29T08:00:00.000Z');
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const result = { v: 1, id: '0b9d7f5e-3c1a-4e2b-9f00-1234567890ab', status: 'accepted', at: new Date(T0).toISOString() };

describe('console fleet messages', () => {
  it('drops a retained result, so a stale or planted one never becomes "last check-in"', () => {
    const fleet = new FleetState();
    const outcome = applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/results', payload: bytes(result), receipt: { receivedAt: T0, retained: true } });
    expect(outcome).toEqual({ ok: false, reason: 'vs/v1/stations/ST-1/results: retained results message dropped (events are never retained)' });
    expect(fleet.stations.size).toBe(0);
    expect(applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/results', payload: bytes(result), receipt: { receivedAt: T0, retained: false } })).toEqual({ ok: true });
    expect(fleet.stations.get('ST-1')?.lastResultAt).toBe(T0);
  });

  it('drops retained taps and commands with the reason, and never reads them live either', () => {
    const fleet = new FleetState();
    const command = { v: 1, id: 'c1', cmd: 'identify', expiresAt: new Date(T0 + 600_000).toISOString() };
    expect(applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/cmd', payload: bytes(command), receipt: { receivedAt: T0, retained: true } })).toEqual({
      ok: false,
      reason: 'vs/v1/stations/ST-1/cmd: retained cmd message dropped (events are never retained)',
    });
    expect(applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/taps', payload: bytes({ v: 1, id: result.id, at: result.at }), receipt: { receivedAt: T0, retained: true } })).toEqual({
      ok: false,
      reason: 'vs/v1/stations/ST-1/taps: retained taps message dropped (events are never retained)',
    });
    expect(applyFleetMessage(fleet, topics, { topic: 'vs/v1/stations/ST-1/cmd', payload: bytes(command), receipt: { receivedAt: T0, retained: false } }).ok).toBe(false);
    expect(fleet.stations.size).toBe(0);
  });
});

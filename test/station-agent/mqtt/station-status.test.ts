import { describe, expect, it } from 'vitest';
import { StationStatusSchema, validate } from '../../../shared/index.ts';
import { buildStationStatus, StationStatusBuilder, type StationStatusFacts } from '../../../station-agent/mqtt/station-status.ts';
import { MemoryOutbox } from '../../../station-agent/outbox/memory-outbox.ts';
import { newCheckIn } from '../outbox/outbox-contract.ts';

const facts: StationStatusFacts = {
  at: '2026-11-29T09:00:05.000Z',
  siteId: 'SITE-01',
  driver: 'rdm6300',
  reader: { state: 'connected' },
  lastReadAt: '2026-11-29T09:00:01.000Z',
  outbox: { pending: 2, oldestAt: '2026-11-29T08:59:00.000Z', firstPendingSeq: 6, lastPendingSeq: 7, lastSeq: 7, delivered: 5 },
  outboxWritable: true,
  version: '0.1.0',
  startedAt: '2026-11-29T08:00:00.000Z',
};

describe('buildStationStatus', () => {
  it('reports reader, outbox, agent and lastSeq as protocol v1 says', () => {
    const status = buildStationStatus(facts);
    expect(status).toEqual({
      v: 1,
      state: 'online',
      at: '2026-11-29T09:00:05.000Z',
      siteId: 'SITE-01',
      reader: { driver: 'rdm6300', state: 'connected', lastReadAt: '2026-11-29T09:00:01.000Z' },
      outbox: { pending: 2, writable: true, oldestAt: '2026-11-29T08:59:00.000Z' },
      agent: { version: '0.1.0', startedAt: '2026-11-29T08:00:00.000Z' },
      lastSeq: 7,
    });
    expect(validate(StationStatusSchema, status).ok).toBe(true);
  });

  it('leaves out lastReadAt and oldestAt when there are none, and says why the reader is down', () => {
    const status = buildStationStatus({
      ...facts,
      reader: { state: 'disconnected', detail: 'ENOENT /dev/ttyUSB0' },
      lastReadAt: undefined,
      outbox: { pending: 0, lastSeq: 0, delivered: 0 },
      outboxWritable: false,
    });
    expect(status.reader).toEqual({ driver: 'rdm6300', state: 'disconnected', detail: 'ENOENT /dev/ttyUSB0' });
    expect(status.outbox).toEqual({ pending: 0, writable: false });
    expect(validate(StationStatusSchema, status).ok).toBe(true);
  });
});

describe('buildStationStatus display (protocol v2)', () => {
  it('carries the screen watchdog’s view when there is one, and validates', () => {
    const display = { kioskId: 'KI-0001', state: 'frozen' as const, since: '2026-11-29T09:00:00.000Z', restarts: 1, detail: 'page heartbeat stopped at 41' };
    const status = buildStationStatus({ ...facts, display });
    expect(status.display).toEqual(display);
    expect(validate(StationStatusSchema, JSON.parse(JSON.stringify(status))).ok).toBe(true);
    expect('display' in buildStationStatus(facts)).toBe(false);
  });
});

describe('StationStatusBuilder', () => {
  it('starts with the reader not yet connected, then reports what it was told and the outbox as it is', () => {
    let now = new Date('2026-11-29T09:00:00.000Z');
    const outbox = new MemoryOutbox();
    const builder = new StationStatusBuilder({ siteId: 'SITE-01', driver: 'simulated', version: '0.1.0', startedAt: '2026-11-29T08:00:00.000Z', outbox, now: () => now });
    expect(builder.build()).toMatchObject({ reader: { driver: 'simulated', state: 'disconnected', detail: 'starting' }, outbox: { pending: 0, writable: true }, lastSeq: 0 });

    builder.readerChanged({ state: 'connected' });
    builder.cardRead();
    outbox.append(newCheckIn('04A1B2C3', '2026-11-29T09:00:00.000Z'));
    builder.outboxWritableChanged(false);
    now = new Date('2026-11-29T09:00:02.000Z');
    expect(builder.build()).toEqual({
      v: 1,
      state: 'online',
      at: '2026-11-29T09:00:02.000Z',
      siteId: 'SITE-01',
      reader: { driver: 'simulated', state: 'connected', lastReadAt: '2026-11-29T09:00:00.000Z' },
      outbox: { pending: 1, writable: false, oldestAt: '2026-11-29T09:00:00.000Z' },
      agent: { version: '0.1.0', startedAt: '2026-11-29T08:00:00.000Z' },
      lastSeq: 1,
    });
  });
});

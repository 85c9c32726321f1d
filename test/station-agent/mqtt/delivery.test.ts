import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/index.ts';
import { Delivery, type DeliveryDeps } from '../../../station-agent/mqtt/delivery.ts';
import { MemoryOutbox } from '../../../station-agent/outbox/memory-outbox.ts';
import { newCheckIn } from '../outbox/outbox-contract.ts';

interface Sent {
  seq: number;
  id: string;
  ack(err?: Error): void;
}

interface LogLine {
  level: number;
  msg: string;
  id?: string;
  reason?: string;
}

function setup(window = 4, extra: Partial<DeliveryDeps> = {}) {
  const outbox = new MemoryOutbox();
  const sent: Sent[] = [];
  const logs: LogLine[] = [];
  let connected = true;
  const delivery = new Delivery({
    outbox,
    stationId: 'ST-1',
    checkinsTopic: 'vs/v1/stations/ST-1/checkins',
    ackTimeoutMs: 1000,
    window,
    logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
    random: () => 0,
    link: {
      publish(_topic, payload, _options, onAck) {
        if (!connected) return false;
        const { seq, id } = JSON.parse(payload) as { seq: number; id: string };
        sent.push({ seq, id, ack: (err) => onAck?.(err) });
        return true;
      },
    },
    ...extra,
  });
  return { outbox, sent, logs, delivery, setConnected: (c: boolean) => (connected = c) };
}

const resultFor = (id: string, status: Result['status'] = 'accepted'): Result => ({ v: 1, id, status, at: new Date().toISOString() });

afterEach(() => {
  vi.useRealTimers();
});

describe('Delivery', () => {
  it('sends pending entries in seq order with at most `window` awaiting PUBACK', async () => {
    const { outbox, sent, delivery } = setup(4);
    for (let i = 0; i < 10; i++) outbox.append(newCheckIn());
    delivery.connected();
    expect(sent.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    for (const s of sent.slice(0, 4)) s.ack();
    await new Promise((r) => setImmediate(r));
    expect(sent.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('republishes the same id after the ack timeout, backing off, until a Result settles it', () => {
    vi.useFakeTimers();
    const { outbox, sent, delivery } = setup();
    const entry = outbox.append(newCheckIn());
    delivery.start();
    delivery.connected();
    sent[0]!.ack();
    vi.advanceTimersByTime(900);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(400);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.id).toBe(entry.id);
    sent[1]!.ack();
    vi.advanceTimersByTime(1500);
    expect(sent).toHaveLength(2); // second wait is 2 × ackTimeout
    vi.advanceTimersByTime(800);
    expect(sent).toHaveLength(3);
    sent[2]!.ack();
    delivery.settle([resultFor(entry.id)]);
    expect(outbox.isPending(entry.id)).toBe(false);
    vi.advanceTimersByTime(120_000);
    expect(sent).toHaveLength(3);
    delivery.stop();
  });

  it('caps the republish delay at 60 s', () => {
    vi.useFakeTimers();
    const { outbox, sent, delivery } = setup();
    outbox.append(newCheckIn());
    delivery.start();
    delivery.connected();
    for (let i = 0; i < 10; i++) {
      sent.at(-1)!.ack();
      vi.advanceTimersByTime(60_300);
      expect(sent).toHaveLength(i + 2);
    }
    delivery.stop();
  });

  it('starts over from the lowest pending seq after a reconnect and ignores the old connection’s acks', () => {
    const { outbox, sent, delivery, setConnected } = setup(8);
    for (let i = 0; i < 3; i++) outbox.append(newCheckIn());
    delivery.connected();
    const before = sent.splice(0);
    setConnected(false);
    delivery.disconnected();
    outbox.append(newCheckIn());
    delivery.enqueued();
    expect(sent).toHaveLength(0);
    setConnected(true);
    delivery.connected();
    for (const s of before) s.ack(new Error('connection closed'));
    expect(sent.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
  });

  it('settles a batch: counts only Results for its pending entries and logs the rest as not ours', () => {
    const counted: Result[] = [];
    const settledBatches: (readonly string[])[] = [];
    let pendingChanges = 0;
    const { outbox, logs, delivery } = setup(4, {
      onResult: (r) => void counted.push(r),
      onSettled: (ids) => void settledBatches.push(ids),
      onPendingChanged: () => void pendingChanges++,
    });
    const ours = outbox.append(newCheckIn());
    const foreign = crypto.randomUUID(); // e.g. a QR check-in central recorded for this station
    delivery.settle([resultFor(ours.id, 'rejected'), resultFor(foreign)]);
    expect(counted.map((r) => [r.id, r.status])).toEqual([[ours.id, 'rejected']]);
    expect(settledBatches).toEqual([[ours.id]]);
    expect(pendingChanges).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'Result for no pending check-in of this station', id: foreign }));

    // A repeated Result settles nothing: not counted, no status news.
    delivery.settle([resultFor(ours.id)]);
    expect(counted).toHaveLength(1);
    expect(settledBatches).toEqual([[ours.id], []]);
    expect(pendingChanges).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'Result for no pending check-in of this station', id: ours.id }));
  });

  it('keeps entries pending and republishing when the outbox cannot record the Results, and logs it', () => {
    vi.useFakeTimers();
    const counted: Result[] = [];
    const settledBatches: (readonly string[])[] = [];
    const { outbox, sent, logs, delivery } = setup(4, { onResult: (r) => void counted.push(r), onSettled: (ids) => void settledBatches.push(ids) });
    const entry = outbox.append(newCheckIn());
    delivery.start();
    delivery.connected();
    sent[0]!.ack();
    vi.spyOn(outbox, 'markDelivered').mockImplementation(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    delivery.settle([resultFor(entry.id)]);
    expect(outbox.isPending(entry.id)).toBe(true);
    expect(counted).toEqual([]);
    expect(settledBatches).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'could not record Results in the outbox', reason: 'SQLITE_FULL: database or disk is full' }));
    vi.advanceTimersByTime(1300);
    expect(sent.map((s) => s.id)).toEqual([entry.id, entry.id]);
    delivery.stop();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusPublisher } from '../../../station-agent/mqtt/status-publisher.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('StatusPublisher', () => {
  it('publishes retained QoS 1 on connect, coalesces changes to one per second, and beats every 30 s', () => {
    vi.useFakeTimers();
    const published: { payload: string; qos: number; retain?: boolean }[] = [];
    let n = 0;
    const status = new StatusPublisher({
      link: { publish: (_t, payload, o) => (published.push({ payload, ...o }), true) },
      topic: 'vs/v1/stations/ST-1/status',
      build: () => ({ v: 1, state: 'online', at: new Date().toISOString(), lastSeq: ++n }),
    });
    status.start();
    status.connected();
    expect(published).toEqual([expect.objectContaining({ qos: 1, retain: true })]);
    for (let i = 0; i < 50; i++) status.changed();
    expect(published).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(published).toHaveLength(2);
    vi.advanceTimersByTime(30_000);
    expect(published).toHaveLength(3);
    status.stop();
  });
});

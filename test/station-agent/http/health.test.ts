import { describe, expect, it } from 'vitest';
import { HealthTracker } from '../../../station-agent/http/health.ts';

describe('HealthTracker', () => {
  it('is healthy during start-up grace, then only while reader and MQTT are up or recently down', () => {
    let now = 0;
    const health = new HealthTracker(30_000, () => now);
    expect(health.report().healthy).toBe(true);
    now = 31_000;
    expect(health.report()).toEqual({ healthy: false, reader: 'down', mqtt: 'down' });
    health.update({ readerConnected: true, mqttConnected: true });
    expect(health.report()).toEqual({ healthy: true, reader: 'up', mqtt: 'up' });
    health.update({ readerConnected: false, mqttConnected: true });
    now += 29_000;
    expect(health.report()).toMatchObject({ healthy: true, reader: 'down (within grace)' });
    health.update({ readerConnected: false, mqttConnected: true });
    now += 2_000;
    expect(health.report()).toMatchObject({ healthy: false, reader: 'down' });
  });

  it('keeps the last value of an input an update leaves out', () => {
    let now = 0;
    const health = new HealthTracker(30_000, () => now);
    health.update({ readerConnected: true });
    health.update({ mqttConnected: true });
    health.update({ readerConnected: false });
    now = 31_000;
    expect(health.report()).toEqual({ healthy: false, reader: 'down', mqtt: 'up' });
    health.update({ readerConnected: true });
    expect(health.report()).toEqual({ healthy: true, reader: 'up', mqtt: 'up' });
  });
});

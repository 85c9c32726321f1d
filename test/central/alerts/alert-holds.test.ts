import { describe, expect, it } from 'vitest';
import { holdMsFrom } from '../../../central/alerts/alert-holds.ts';

describe('alert holds', () => {
  it('a v1 config: offlineAfterSeconds for the offline-like alerts, each newer alert its own default', () => {
    const holdMs = holdMsFrom({ offlineAfterSeconds: 45, holdSeconds: {} });
    expect(['station-offline', 'kiosk-offline', 'reader-disconnected', 'outbox-stale', 'screen-frozen', 'screen-blank'].map((a) => holdMs(a as never))).toEqual(Array(6).fill(45_000));
    expect(holdMs('storage-low')).toBe(300_000);
    expect(holdMs('clock-skew')).toBe(300_000);
    expect(holdMs('seq-gap')).toBe(600_000);
    expect(holdMs('version-behind')).toBe(86_400_000);
  });

  it('holdSeconds sets one alert apart and leaves the others alone', () => {
    const holdMs = holdMsFrom({ offlineAfterSeconds: 120, holdSeconds: { 'station-offline': 2, 'seq-gap': 0 } });
    expect(holdMs('station-offline')).toBe(2_000);
    expect(holdMs('kiosk-offline')).toBe(120_000);
    expect(holdMs('seq-gap')).toBe(0);
  });
});

/**
 * A cheap variant of `npm run bench:soak`: two simulated hours under the fake clock
 * (QR rotations, tap overlays, content updates) must not grow the kiosk's DOM. Node
 * counts, not timings or heap bytes: those belong to the benchmark, on a quiet machine.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKioskRig, type KioskRig } from '../helpers/kiosk-rig.ts';
import { soakKioskDay } from '../helpers/kiosk-soak.ts';

let rig: KioskRig;

beforeAll(async () => {
  rig = await startKioskRig({ locale: 'en' });
});

afterAll(async () => {
  await rig?.close();
});

it('keeps the same DOM through two simulated hours of rotations, taps and content updates', { timeout: 240_000 }, async () => {
  const result = await soakKioskDay(rig, { hours: 2, tapsPerTenMinutes: 3 });
  // 5 s codes: 2 h plus the warm-up's 10 minutes is about 1,560 periods.
  expect(result.rotations).toBeGreaterThan(1_400);
  expect(result.taps).toBe(3 * (1 + 12));
  expect(result.contentUpdates).toBe(1 + 2 * 2);
  const [first, ...later] = result.samples;
  expect(later).toHaveLength(2);
  for (const s of later) expect(s.nodes).toBeLessThanOrEqual(first!.nodes);
});

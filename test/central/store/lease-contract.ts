/**
 * The lease contract (central/store/lease-store.ts), for every store: two stores on one
 * database stand for two replicas. One holds, the other is refused; the holder renews;
 * a lapsed lease goes to whoever asks next; a released one at once.
 */
import { describe, expect, it } from 'vitest';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

export function describeLeaseContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: leases for run-once work`, () => {
    const two = useTwoReplicas(openTwo);

    it('is held by one replica at a time and renewed by its holder', async () => {
      const [a, b] = await two();
      expect(await a.leases.hold('jobs', 'replica-a', 60_000)).toBe(true);
      expect(await b.leases.hold('jobs', 'replica-b', 60_000)).toBe(false);
      expect(await a.leases.hold('jobs', 'replica-a', 60_000)).toBe(true);
      expect(await b.leases.hold('jobs', 'replica-b', 60_000)).toBe(false);
      // Another lease name is another piece of work.
      expect(await b.leases.hold('alerts', 'replica-b', 60_000)).toBe(true);
    });

    it('goes to the other replica once the holder stops renewing, and not before', async () => {
      const [a, b] = await two();
      expect(await a.leases.hold('jobs', 'replica-a', 400)).toBe(true);
      expect(await b.leases.hold('jobs', 'replica-b', 400)).toBe(false);
      // replica-a "dies": nobody renews. replica-b keeps asking, as the leader loop does.
      await expect.poll(() => b.leases.hold('jobs', 'replica-b', 60_000), { timeout: 10_000, interval: 50 }).toBe(true);
      expect(await a.leases.hold('jobs', 'replica-a', 400)).toBe(false);
    });

    it('is free at once when its holder releases it, and a release by another replica changes nothing', async () => {
      const [a, b] = await two();
      expect(await a.leases.hold('jobs', 'replica-a', 60_000)).toBe(true);
      await b.leases.release('jobs', 'replica-b');
      expect(await b.leases.hold('jobs', 'replica-b', 60_000)).toBe(false);
      await a.leases.release('jobs', 'replica-a');
      expect(await b.leases.hold('jobs', 'replica-b', 60_000)).toBe(true);
    });

    it('gives the lease to exactly one of many replicas asking at once', async () => {
      const [a, b] = await two();
      const asks = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).leases.hold('race', `replica-${i}`, 60_000));
      expect((await Promise.all(asks)).filter(Boolean)).toHaveLength(1);
    });
  });
}

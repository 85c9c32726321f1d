/**
 * The uptime transitions contract (central/store/uptime-store.ts), for every store: two
 * stores on one database stand for two replicas, or central before and after a restart.
 */
import { describe, expect, it } from 'vitest';
import type { UptimeTransition } from '../../../central/store/uptime-store.ts';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const H = 3_600_000;
const station = (state: UptimeTransition['state'], hours: number, deviceId = 'ST-0001', siteId = 'SITE-01'): UptimeTransition => ({ deviceKind: 'station', deviceId, siteId, state, atMs: T0 + hours * H });
const kiosk = (state: UptimeTransition['state'], hours: number, deviceId = 'K-0001', siteId = 'SITE-01'): UptimeTransition => ({ deviceKind: 'kiosk', deviceId, siteId, state, atMs: T0 + hours * H });

export function describeUptimeContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: uptime transitions`, () => {
    const two = useTwoReplicas(openTwo);

    it('records a transition only when the state changes, whichever replica asks', async () => {
      const [a, b] = await two();
      expect(await a.uptime.recordTransition(station('online', 0))).toBe(true);
      expect(await b.uptime.recordTransition(station('online', 1))).toBe(false);
      expect(await b.uptime.recordTransition(station('offline', 2))).toBe(true);
      expect(await a.uptime.recordTransition(station('offline', 2))).toBe(false);
      // The same state for another device, or another kind with the same id, is its own history.
      expect(await a.uptime.recordTransition(station('offline', 2, 'ST-0002'))).toBe(true);
      expect(await a.uptime.recordTransition(kiosk('offline', 2, 'ST-0001'))).toBe(true);
      expect(await a.uptime.recordTransition(station('online', 3))).toBe(true);
      expect(await b.uptime.transitionsFor({ fromMs: T0, toMs: T0 + 24 * H })).toEqual([
        kiosk('offline', 2, 'ST-0001'),
        station('online', 0),
        station('offline', 2),
        station('online', 3),
        station('offline', 2, 'ST-0002'),
      ]);
    });

    it('two replicas recording the same change at once append it once', async () => {
      const [a, b] = await two();
      await a.uptime.recordTransition(station('online', 0));
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).uptime.recordTransition(station('sleeping', 5))));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await a.uptime.transitionsFor({ fromMs: T0, toMs: T0 + 24 * H })).toHaveLength(2);
    });

    it('a change older than the latest one is recorded at the latest time, so the history stays in order', async () => {
      const [a] = await two();
      await a.uptime.recordTransition(station('offline', 5));
      expect(await a.uptime.recordTransition(station('online', 4))).toBe(true);
      expect((await a.uptime.transitionsFor({ fromMs: T0, toMs: T0 + 24 * H })).map((t) => [t.state, t.atMs])).toEqual([
        ['offline', T0 + 5 * H],
        ['online', T0 + 5 * H],
      ]);
    });

    it('answers a window with each device\'s last transition before it, those inside, none at or after its end', async () => {
      const [a] = await two();
      for (const t of [station('online', -48), station('offline', -30), station('online', -20), station('sleeping', 0), station('online', 10), station('offline', 24)]) await a.uptime.recordTransition(t);
      await a.uptime.recordTransition(kiosk('online', 6));
      await a.uptime.recordTransition(station('online', -5, 'ST-0009', 'SITE-02'));
      const window = await a.uptime.transitionsFor({ fromMs: T0, toMs: T0 + 24 * H });
      // Exactly at the start is inside: the one before it (online at -20 h) is still given, the state until then.
      expect(window).toEqual([kiosk('online', 6), station('online', -20), station('sleeping', 0), station('online', 10), station('online', -5, 'ST-0009', 'SITE-02')]);
      const later = await a.uptime.transitionsFor({ fromMs: T0 + H, toMs: T0 + 25 * H });
      expect(later.filter((t) => t.deviceId === 'ST-0001').map((t) => t.state)).toEqual(['sleeping', 'online', 'offline']);
    });

    it('filters by site, and no sites means no rows', async () => {
      const [a] = await two();
      await a.uptime.recordTransition(station('online', -5));
      await a.uptime.recordTransition(station('online', 1, 'ST-0009', 'SITE-02'));
      await a.uptime.recordTransition(kiosk('sleeping', 2, 'K-0009', 'SITE-03'));
      const ids = async (siteIds?: string[]) => (await a.uptime.transitionsFor({ fromMs: T0, toMs: T0 + 24 * H, ...(siteIds ? { siteIds } : {}) })).map((t) => t.deviceId);
      expect(await ids(['SITE-01'])).toEqual(['ST-0001']);
      expect(await ids(['SITE-02', 'SITE-03'])).toEqual(['K-0009', 'ST-0009']);
      expect(await ids([])).toEqual([]);
      expect(await ids()).toEqual(['K-0009', 'ST-0001', 'ST-0009']);
    });
  });
}

/**
 * The proof-of-play contract (central/store/play-store.ts), for every store: two stores on
 * one database stand for two replicas, or central before and after a restart.
 */
import { describe, expect, it } from 'vitest';
import type { PlayHour } from '../../../central/store/play-store.ts';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const H = 3_600_000;
const hour = (kioskId: string, hours: number, durationMs = H, siteId = 'SITE-01'): PlayHour => ({
  kioskId,
  stationId: 'ST-0001',
  siteId,
  hourMs: T0 + hours * H,
  entries: [{ screen: 'home', appVersion: '1.4.0', activitiesUpdatedAt: '2026-11-30T08:00:00.000Z', durationMs }],
  receivedAtMs: T0 + (hours + 1) * H,
});

export function describePlayContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: proof of play`, () => {
    const two = useTwoReplicas(openTwo);

    it('keeps one row per kiosk and hour: a repeat on either replica replaces it', async () => {
      const [a, b] = await two();
      await a.play.recordHour(hour('K-0001', 0, 20 * 60_000));
      await b.play.recordHour(hour('K-0001', 0, 30 * 60_000));
      await a.play.recordHour(hour('K-0001', 1));
      await a.play.recordHour(hour('K-0002', 0));
      expect(await b.play.hoursFor({ fromMs: T0, toMs: T0 + 24 * H })).toEqual([hour('K-0001', 0, 30 * 60_000), hour('K-0001', 1), hour('K-0002', 0)]);
    });

    it('answers by window (start included, end not), kiosk and site', async () => {
      const [a] = await two();
      for (const h of [hour('K-0001', 0), hour('K-0001', 5), hour('K-0001', 6), hour('K-0003', 5, H, 'SITE-02')]) await a.play.recordHour(h);
      const window = { fromMs: T0 + 5 * H, toMs: T0 + 6 * H };
      expect(await a.play.hoursFor(window)).toEqual([hour('K-0001', 5), hour('K-0003', 5, H, 'SITE-02')]);
      expect(await a.play.hoursFor({ ...window, kioskId: 'K-0003' })).toEqual([hour('K-0003', 5, H, 'SITE-02')]);
      expect(await a.play.hoursFor({ ...window, siteIds: ['SITE-01'] })).toEqual([hour('K-0001', 5)]);
      expect(await a.play.hoursFor({ ...window, kioskId: 'K-0003', siteIds: ['SITE-01'] })).toEqual([]);
      expect(await a.play.hoursFor({ ...window, siteIds: [] })).toEqual([]);
    });
  });
}

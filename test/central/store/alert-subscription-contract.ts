/**
 * The alert subscription contract (central/store/alert-subscription-store.ts), for every
 * store: two stores on one database stand for two replicas, or central before and after a restart.
 */
import { describe, expect, it } from 'vitest';
import type { AlertSubscription } from '../../../shared/index.ts';
import type { AlertEpisodeRecord } from '../../../central/store/alert-store.ts';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

const ops: AlertSubscription = { email: 'ops@example.org', sites: ['SITE-01'], quietHours: { from: '22:00', to: '07:00' }, immediate: true, digestAt: '08:00' };
const lead: AlertSubscription = { email: 'lead@example.org', sites: 'all', immediate: true };
const digest = (date: string) => ({ url: 'mailto:ops@example.org', body: JSON.stringify({ v: 1, digest: { date } }) });
const episode = (deviceId: string, openedAt: string): AlertEpisodeRecord => ({ alert: 'station-offline', deviceId, deviceKind: 'station', stationId: deviceId, siteId: 'SITE-01', since: openedAt, openedAt });

export function describeAlertSubscriptionContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: alert email subscriptions`, () => {
    const two = useTwoReplicas(openTwo);

    it("keeps each account's own set; replacing it keeps an address's creation time and last digest", async () => {
      const [a, b] = await two();
      await a.alertSubscriptions.replaceFor('staff-01', [ops, lead], 1000);
      await a.alertSubscriptions.replaceFor('city', [{ ...ops, sites: 'all' }], 1500);
      expect(await b.alertSubscriptions.listFor('staff-01')).toEqual([
        { account: 'staff-01', ...lead, createdAtMs: 1000 },
        { account: 'staff-01', ...ops, createdAtMs: 1000 },
      ]);
      expect(await b.alertSubscriptions.claimDigest('staff-01', ops.email, '2026-12-03', digest('2026-12-03'), 2000)).toBe(true);
      const changed = { email: ops.email, sites: ['SITE-01', 'SITE-02'], immediate: false, digestAt: '09:30' };
      await b.alertSubscriptions.replaceFor('staff-01', [changed], 3000);
      expect(await a.alertSubscriptions.listFor('staff-01')).toEqual([{ account: 'staff-01', ...changed, createdAtMs: 1000, lastDigestDate: '2026-12-03' }]);
      // The other account's subscription to the same address is its own.
      expect((await a.alertSubscriptions.listAll()).map((s) => `${s.account} ${s.email}`)).toEqual(['city ops@example.org', 'staff-01 ops@example.org']);
      await a.alertSubscriptions.replaceFor('staff-01', [], 4000);
      expect(await b.alertSubscriptions.listFor('staff-01')).toEqual([]);
    });

    it('claims a digest once per address and day, whichever replica asks, and queues it with the claim', async () => {
      const [a, b] = await two();
      await a.alertSubscriptions.replaceFor('staff-01', [ops], 1000);
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).alertSubscriptions.claimDigest('staff-01', ops.email, '2026-12-03', digest('2026-12-03'), 5000)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      // An older day is not claimed again; the next day is.
      expect(await a.alertSubscriptions.claimDigest('staff-01', ops.email, '2026-12-02', digest('2026-12-02'), 5000)).toBe(false);
      expect(await b.alertSubscriptions.claimDigest('staff-01', ops.email, '2026-12-04', digest('2026-12-04'), 6000)).toBe(true);
      // No such subscription: nothing queued.
      expect(await b.alertSubscriptions.claimDigest('staff-01', 'nobody@example.org', '2026-12-05', digest('2026-12-05'), 6000)).toBe(false);
      const queued = await a.alerts.dueDeliveries(10_000, 10);
      expect(queued.map((d) => JSON.parse(d.body) as unknown)).toEqual([{ v: 1, digest: { date: '2026-12-03' } }, { v: 1, digest: { date: '2026-12-04' } }]);
    });

    it('holds a delivery queued with a later first attempt until then', async () => {
      const [a, b] = await two();
      await a.alerts.openEpisode(episode('ST-0001', '2026-12-02T15:00:00.000Z'), [{ url: 'mailto:ops@example.org', body: '{}', notBeforeMs: 9000 }], 1000);
      expect(await b.alerts.dueDeliveries(8999, 10)).toEqual([]);
      expect(await b.alerts.dueDeliveries(9000, 10)).toMatchObject([{ url: 'mailto:ops@example.org', createdAtMs: 1000, nextAttemptAtMs: 9000 }]);
    });

    it('lists the episodes open at some time in a window: opened, closed or still open then', async () => {
      const [a, b] = await two();
      await a.alerts.openEpisode(episode('ST-BEFORE', '2026-12-01T10:00:00.000Z'), [], 1);
      await a.alerts.closeEpisode('station-offline', 'ST-BEFORE', '2026-12-01T11:00:00.000Z', [], 1);
      await a.alerts.openEpisode(episode('ST-CLOSED', '2026-12-02T01:00:00.000Z'), [], 1);
      await a.alerts.closeEpisode('station-offline', 'ST-CLOSED', '2026-12-02T03:00:00.000Z', [], 1);
      await a.alerts.openEpisode(episode('ST-LONG', '2026-11-30T00:00:00.000Z'), [], 1);
      await a.alerts.openEpisode(episode('ST-AFTER', '2026-12-03T01:00:00.000Z'), [], 1);
      const listed = await b.alertSubscriptions.episodesDuring('2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z');
      expect(listed).toEqual([
        { alert: 'station-offline', deviceId: 'ST-LONG', deviceKind: 'station', siteId: 'SITE-01', since: '2026-11-30T00:00:00.000Z', openedAt: '2026-11-30T00:00:00.000Z', closedAt: null },
        { alert: 'station-offline', deviceId: 'ST-CLOSED', deviceKind: 'station', siteId: 'SITE-01', since: '2026-12-02T01:00:00.000Z', openedAt: '2026-12-02T01:00:00.000Z', closedAt: '2026-12-02T03:00:00.000Z' },
      ]);
    });
  });
}

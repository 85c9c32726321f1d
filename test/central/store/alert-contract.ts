/**
 * The alert store contract (central/store/alert-store.ts), for every store: two stores on
 * one database stand for two replicas, or for central before and after a restart.
 */
import { describe, expect, it } from 'vitest';
import type { AlertEpisodeRecord } from '../../../central/store/alert-store.ts';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

const episode: AlertEpisodeRecord = {
  alert: 'station-offline',
  deviceId: 'ST-0001',
  deviceKind: 'station',
  stationId: 'ST-0001',
  siteId: 'SITE-01',
  since: '2026-12-02T10:00:00.000Z',
  openedAt: '2026-12-02T10:02:00.000Z',
};
const hook = (state: string) => [{ url: 'http://127.0.0.1:9/hook', body: JSON.stringify({ state }) }];

export function describeAlertContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: alert episodes and the webhook outbox`, () => {
    const two = useTwoReplicas(openTwo);

    it('opens one episode per alert and device, whoever asks, and queues its deliveries once', async () => {
      const [a, b] = await two();
      expect(await a.alerts.openEpisode(episode, hook('open'), 1000)).toBe(true);
      // The other replica, or this one after a restart, asks again: nothing changes.
      expect(await b.alerts.openEpisode({ ...episode, openedAt: '2026-12-02T10:03:00.000Z' }, hook('open'), 2000)).toBe(false);
      expect(await b.alerts.openEpisode({ ...episode, deviceId: 'ST-0002', stationId: 'ST-0002' }, [], 2000)).toBe(true);
      expect(await b.alerts.openEpisode({ ...episode, alert: 'reader-disconnected' }, [], 2000)).toBe(true);
      expect((await b.alerts.listOpenEpisodes()).map((e) => `${e.alert} ${e.deviceId}`)).toEqual(['station-offline ST-0001', 'station-offline ST-0002', 'reader-disconnected ST-0001']);
      expect(await b.alerts.listOpenEpisodes().then((open) => open[0])).toEqual(episode);
      const due = await a.alerts.dueDeliveries(5000, 10);
      expect(due.map((d) => d.body)).toEqual([JSON.stringify({ state: 'open' })]);
    });

    it('closes an open episode once, queues its deliveries, and may open it again later', async () => {
      const [a, b] = await two();
      await a.alerts.openEpisode(episode, [], 1000);
      expect(await a.alerts.closeEpisode('station-offline', 'ST-0001', '2026-12-02T10:05:00.000Z', hook('closed'), 3000)).toBe(true);
      expect(await b.alerts.closeEpisode('station-offline', 'ST-0001', '2026-12-02T10:05:00.000Z', hook('closed'), 3000)).toBe(false);
      expect(await b.alerts.listOpenEpisodes()).toEqual([]);
      expect((await b.alerts.dueDeliveries(5000, 10)).map((d) => d.body)).toEqual([JSON.stringify({ state: 'closed' })]);
      expect(await b.alerts.openEpisode({ ...episode, openedAt: '2026-12-02T11:00:00.000Z' }, [], 4000)).toBe(true);
    });

    it('keeps a failed delivery until its next attempt is due, and removes it once delivered', async () => {
      const [a, b] = await two();
      await a.alerts.openEpisode(episode, hook('open'), 1000);
      const [first] = await a.alerts.dueDeliveries(1000, 10);
      expect(first).toMatchObject({ url: 'http://127.0.0.1:9/hook', attempts: 0, createdAtMs: 1000, nextAttemptAtMs: 1000 });
      await a.alerts.deliveryFailed(first!.id, 9000, 'HTTP 503');
      expect(await b.alerts.dueDeliveries(8999, 10)).toEqual([]);
      const [again] = await b.alerts.dueDeliveries(9000, 10);
      expect(again).toMatchObject({ id: first!.id, attempts: 1, createdAtMs: 1000 });
      await b.alerts.removeDelivery(first!.id);
      expect(await a.alerts.dueDeliveries(99_999, 10)).toEqual([]);
    });

    it('lists episodes newest first, open only or with history, by site, device and time range', async () => {
      const [a, b] = await two();
      await a.alerts.openEpisode(episode, [], 1000);
      await a.alerts.closeEpisode('station-offline', 'ST-0001', '2026-12-02T10:05:00.000Z', [], 1000);
      await a.alerts.openEpisode({ ...episode, alert: 'kiosk-offline', deviceId: 'K-0002', deviceKind: 'kiosk', stationId: 'ST-0002', siteId: 'SITE-02', openedAt: '2026-12-02T11:00:00.000Z' }, [], 1000);
      await a.alerts.openEpisode({ ...episode, openedAt: '2026-12-02T12:00:00.000Z' }, [], 1000);
      const all = await b.alerts.listEpisodes({ state: 'all', limit: 10 });
      expect(all.map((e) => `${e.deviceId} ${e.openedAt} ${e.closedAt ?? 'open'}`)).toEqual([
        'ST-0001 2026-12-02T12:00:00.000Z open',
        'K-0002 2026-12-02T11:00:00.000Z open',
        'ST-0001 2026-12-02T10:02:00.000Z 2026-12-02T10:05:00.000Z',
      ]);
      expect(all[2]).toEqual({ ...episode, id: all[2]!.id, closedAt: '2026-12-02T10:05:00.000Z', ack: null });
      expect(new Set(all.map((e) => e.id)).size).toBe(3);
      expect((await b.alerts.listEpisodes({ state: 'open', limit: 10 })).map((e) => e.deviceId)).toEqual(['ST-0001', 'K-0002']);
      expect((await b.alerts.listEpisodes({ state: 'all', limit: 1 })).map((e) => e.openedAt)).toEqual(['2026-12-02T12:00:00.000Z']);
      expect((await b.alerts.listEpisodes({ state: 'all', siteIds: ['SITE-02'], limit: 10 })).map((e) => e.deviceId)).toEqual(['K-0002']);
      expect(await b.alerts.listEpisodes({ state: 'all', siteIds: [], limit: 10 })).toEqual([]);
      expect((await b.alerts.listEpisodes({ state: 'all', deviceId: 'ST-0001', limit: 10 })).length).toBe(2);
      // Open at some time in [10:30, 11:30): the closed one ended before, the 12:00 one began after.
      expect((await b.alerts.listEpisodes({ state: 'all', fromIso: '2026-12-02T10:30:00.000Z', toIso: '2026-12-02T11:30:00.000Z', limit: 10 })).map((e) => e.deviceId)).toEqual(['K-0002']);
      expect((await b.alerts.listEpisodes({ state: 'all', fromIso: '2026-12-02T10:04:00.000Z', toIso: '2026-12-02T10:30:00.000Z', limit: 10 })).map((e) => e.closedAt)).toEqual(['2026-12-02T10:05:00.000Z']);
    });

    it('acknowledges an open or closed episode once: the first ack is kept, another is refused', async () => {
      const [a, b] = await two();
      await a.alerts.openEpisode(episode, [], 1000);
      const [open] = await a.alerts.listEpisodes({ state: 'open', limit: 10 });
      const acked = await a.alerts.acknowledgeEpisode(open!.id, { by: 'mgr', at: '2026-12-02T10:03:00.000Z', note: 'power cut, on it' });
      expect(acked).toEqual({ ok: true, episode: { ...open, ack: { by: 'mgr', at: '2026-12-02T10:03:00.000Z', note: 'power cut, on it' } } });
      const again = await b.alerts.acknowledgeEpisode(open!.id, { by: 'other', at: '2026-12-02T10:04:00.000Z' });
      expect(again).toMatchObject({ ok: false, reason: 'already-acknowledged', episode: { ack: { by: 'mgr', at: '2026-12-02T10:03:00.000Z' } } });
      // Closing keeps the ack; a closed, unacknowledged episode may be acknowledged too.
      await a.alerts.closeEpisode('station-offline', 'ST-0001', '2026-12-02T10:05:00.000Z', [], 1000);
      expect((await b.alerts.episodeById(open!.id))?.ack).toEqual({ by: 'mgr', at: '2026-12-02T10:03:00.000Z', note: 'power cut, on it' });
      await a.alerts.openEpisode({ ...episode, openedAt: '2026-12-02T11:00:00.000Z' }, [], 1000);
      await a.alerts.closeEpisode('station-offline', 'ST-0001', '2026-12-02T11:05:00.000Z', [], 1000);
      const [closed] = await b.alerts.listEpisodes({ state: 'all', limit: 1 });
      expect(await b.alerts.acknowledgeEpisode(closed!.id, { by: 'mgr', at: '2026-12-02T11:10:00.000Z' })).toMatchObject({ ok: true, episode: { closedAt: '2026-12-02T11:05:00.000Z', ack: { by: 'mgr', at: '2026-12-02T11:10:00.000Z' } } });
      expect(await b.alerts.acknowledgeEpisode(999_999, { by: 'mgr', at: '2026-12-02T11:10:00.000Z' })).toEqual({ ok: false, reason: 'not-found' });
      expect(await b.alerts.episodeById(999_999)).toBeUndefined();
    });
  });
}

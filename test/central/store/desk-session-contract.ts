/**
 * The desk session contract (central/store/desk-session-store.ts), for every store: two
 * stores on one database stand for two replicas. A session opened on one is seen on
 * the other; a repeated request id returns the stored session; of two replicas moving
 * the same session from the same state, exactly one succeeds.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';
import type { DeskSession } from '../../../central/store/desk-session-store.ts';

const T0 = Date.parse('2026-12-02T08:00:00.000Z');

function session(overrides: Partial<DeskSession> = {}): DeskSession {
  return { id: randomUUID(), requestId: randomUUID(), stationId: 'ST-0001', siteId: 'SITE-01', state: 'waiting-tap', openedBy: 'carol', openedAtMs: T0, expiresAtMs: T0 + 300_000, ...overrides };
}

export function describeDeskSessionContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: desk sessions shared by replicas`, () => {
    const two = useTwoReplicas(openTwo);

    it('is seen by the other replica, and a repeated request id returns the stored session', async () => {
      const [a, b] = await two();
      const first = session();
      expect(await a.desk.openDeskSession(first)).toEqual({ session: first, created: true });
      expect(await b.desk.deskSession(first.id)).toEqual(first);
      const again = await b.desk.openDeskSession(session({ requestId: first.requestId, stationId: 'ST-0002' }));
      expect(again).toEqual({ session: first, created: false });
      expect(await a.desk.deskSession(randomUUID())).toBeUndefined();
    });

    it('moves a session on for exactly one of two replicas asking from the same state', async () => {
      const [a, b] = await two();
      const s = session();
      await a.desk.openDeskSession(s);
      const byA: DeskSession = { ...s, state: 'identified', checkinId: 'c-a', volunteer: { id: 'V1', displayName: '张*', balance: 10, star: 0 } };
      const byB: DeskSession = { ...s, state: 'closed', settledAtMs: T0 + 1 };
      const won = await Promise.all([a.desk.updateDeskSession(byA, 'waiting-tap'), b.desk.updateDeskSession(byB, 'waiting-tap')]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await a.desk.deskSession(s.id)).toEqual(won[0] ? byA : byB);
      // From a state it is no longer in: nothing changes.
      expect(await b.desk.updateDeskSession({ ...s, state: 'expired' }, 'waiting-tap')).toBe(false);
    });

    it('finds sessions by station and state, by the tap that identified them, and those due; prunes settled ones', async () => {
      const [a, b] = await two();
      const waiting = session();
      const elsewhere = session({ stationId: 'ST-0002' });
      const prompted = session({ state: 'prompted', checkinId: 'tap-1', expiresAtMs: T0 + 60_000 });
      const settled = session({ state: 'redeemed', checkinId: 'tap-0', settledAtMs: T0 });
      for (const s of [waiting, elsewhere, prompted, settled]) await a.desk.openDeskSession(s);
      expect((await b.desk.deskSessionsAt('ST-0001', ['waiting-tap', 'identified', 'prompted'])).map((s) => s.id)).toEqual([waiting.id, prompted.id]);
      expect((await b.desk.deskSessionsAt('ST-0001', ['waiting-tap'])).map((s) => s.id)).toEqual([waiting.id]);
      expect(await b.desk.deskSessionsAt('ST-0001', [])).toEqual([]);
      expect((await b.desk.deskSessionOfCheckin('ST-0001', 'tap-1'))?.id).toBe(prompted.id);
      expect(await b.desk.deskSessionOfCheckin('ST-0002', 'tap-1')).toBeUndefined();
      expect((await b.desk.dueDeskSessions(T0 + 60_000)).map((s) => s.id)).toEqual([prompted.id]);
      expect((await b.desk.dueDeskSessions(T0 + 300_000)).map((s) => s.id).sort()).toEqual([waiting.id, elsewhere.id, prompted.id].sort());
      await b.desk.pruneDeskSessions(T0 + 1);
      expect(await a.desk.deskSession(settled.id)).toBeUndefined();
      expect(await a.desk.deskSession(waiting.id)).toEqual(waiting);
    });
  });
}

/**
 * Part of the CentralStore contract (describeStoreContract runs it): the points ledger.
 * Points change only by appended entries; a retried write counts once; a balance never
 * goes below 0; a reversal undoes exactly one entry, once; nothing is edited or deleted.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore } from '../../../central/store/central-store.ts';
import type { LedgerWrite } from '../../../central/store/ledger-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
const NOW = '2026-11-29T12:00:00.000Z';
let seq = 0;
const tap = (at: string): CardCheckInRequest => ({ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: ++seq, at });
const adjust = (points: number, requestId: string = randomUUID()): LedgerWrite => ({ requestId, volunteerId: 'V-1', kind: 'adjusted', points, at: NOW, actor: 'alice', reason: 'test' });

export function describeLedgerContract(name: string, createStore: () => Promise<CentralStore>): void {
  describe(`CentralStore contract, points ledger: ${name}`, () => {
    let store: CentralStore;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
        { id: 'V-2', name: 'John Smith', cards: [] },
      ]);
    });
    afterEach(async () => {
      await store.close();
    });

    it('a closed session appends one earned entry, and a re-sent check-out appends nothing', async () => {
      const checkout = tap('2026-11-29T04:00:00.000Z');
      await store.recordCheckIns([tap('2026-11-29T01:00:00.000Z'), checkout], rules, NOW);
      await store.recordCheckIns([checkout], rules, NOW);
      const page = await store.ledger.entries('V-1');
      expect(page.entries.map((e) => [e.kind, e.points, e.balanceAfter, e.at])).toEqual([['earned', 6, 6, '2026-11-29T04:00:00.000Z']]);
      const [session] = await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' });
      expect(page.entries[0]!.sessionId).toBe(session!.id);
      expect(await store.ledger.balance('V-1')).toBe(6);
    });

    it('a retried write with the same request id counts once and returns the stored entry', async () => {
      const write = adjust(10, 'req-1');
      const first = await store.ledger.append(write);
      const again = await store.ledger.append({ ...write, at: '2026-11-29T13:00:00.000Z' });
      expect(first).toMatchObject({ ok: true, repeated: false, entry: { points: 10, balanceAfter: 10 } });
      expect(again).toEqual({ ok: true, repeated: true, entry: first.ok ? first.entry : undefined });
      expect(await store.ledger.balance('V-1')).toBe(10);
    });

    it('refuses a request id reused for a different write, and changes nothing', async () => {
      await store.ledger.append(adjust(10, 'req-1'));
      expect(await store.ledger.append(adjust(20, 'req-1'))).toEqual({ ok: false, reason: 'request-id-reused' });
      expect(await store.ledger.append({ ...adjust(10, 'req-1'), volunteerId: 'V-2' })).toEqual({ ok: false, reason: 'request-id-reused' });
      expect(await store.ledger.balance('V-1')).toBe(10);
      expect(await store.ledger.balance('V-2')).toBe(0);
    });

    it('never lets a balance go below 0: the entry is refused with the balance, and nothing is written', async () => {
      await store.ledger.append(adjust(5));
      expect(await store.ledger.append({ requestId: 'r', volunteerId: 'V-1', kind: 'redeemed', points: -6, at: NOW })).toEqual({ ok: false, reason: 'insufficient-points', balance: 5 });
      expect(await store.ledger.append(adjust(-5))).toMatchObject({ ok: true, entry: { balanceAfter: 0 } });
      expect(await store.ledger.append(adjust(-1))).toEqual({ ok: false, reason: 'insufficient-points', balance: 0 });
      expect((await store.ledger.entries('V-1')).entries).toHaveLength(2);
    });

    it('refuses 0, fractions and entries whose sign does not fit their kind', async () => {
      for (const write of [adjust(0), adjust(1.5), { ...adjust(5), kind: 'redeemed' as const }, { ...adjust(5), kind: 'expired' as const }, { ...adjust(-5), kind: 'earned' as const }]) {
        expect(await store.ledger.append(write)).toEqual({ ok: false, reason: 'invalid-points' });
      }
      expect(await store.ledger.append({ ...adjust(5), volunteerId: 'V-404' })).toEqual({ ok: false, reason: 'unknown-volunteer' });
    });

    it('a reversal undoes one entry once, names it, and may not itself be reversed', async () => {
      await store.ledger.append(adjust(50));
      const redeemed = await store.ledger.append({ requestId: 'redeem-1', volunteerId: 'V-1', kind: 'redeemed', points: -30, at: NOW, redemptionId: 'RD-1' });
      if (!redeemed.ok) throw new Error('redeem refused');
      const reversal = { requestId: 'rev-1', entryId: redeemed.entry.id, at: NOW, actor: 'alice', reason: 'item returned' };
      const reversed = await store.ledger.reverse(reversal);
      expect(reversed).toMatchObject({ ok: true, repeated: false, entry: { kind: 'reversed', points: 30, balanceAfter: 50, reversesId: redeemed.entry.id, redemptionId: 'RD-1', actor: 'alice' } });
      expect(await store.ledger.reverse(reversal)).toMatchObject({ ok: true, repeated: true });
      expect(await store.ledger.reverse({ ...reversal, requestId: 'rev-2' })).toEqual({ ok: false, reason: 'already-reversed' });
      if (!reversed.ok) throw new Error('reversal refused');
      expect(await store.ledger.reverse({ ...reversal, requestId: 'rev-3', entryId: reversed.entry.id })).toEqual({ ok: false, reason: 'not-reversible' });
      expect(await store.ledger.reverse({ ...reversal, requestId: 'rev-4', entryId: 999_999 })).toEqual({ ok: false, reason: 'unknown-entry' });
      expect(await store.ledger.balance('V-1')).toBe(50);
    });

    it('refuses to reverse an earned entry whose points are already spent', async () => {
      const earned = await store.ledger.append({ requestId: 'e', volunteerId: 'V-1', kind: 'earned', points: 10, at: NOW });
      await store.ledger.append({ requestId: 'r', volunteerId: 'V-1', kind: 'redeemed', points: -8, at: NOW });
      if (!earned.ok) throw new Error('earn refused');
      expect(await store.ledger.reverse({ requestId: 'x', entryId: earned.entry.id, at: NOW, actor: 'alice', reason: 'wrong' })).toEqual({ ok: false, reason: 'insufficient-points', balance: 2 });
    });

    it('pages the ledger newest first', async () => {
      for (let i = 1; i <= 5; i++) await store.ledger.append(adjust(i));
      const first = await store.ledger.entries('V-1', { limit: 2 });
      expect(first.entries.map((e) => e.points)).toEqual([5, 4]);
      const second = await store.ledger.entries('V-1', { limit: 2, beforeId: first.nextBeforeId! });
      expect(second.entries.map((e) => e.points)).toEqual([3, 2]);
      const last = await store.ledger.entries('V-1', { limit: 2, beforeId: second.nextBeforeId! });
      expect(last).toEqual({ entries: [expect.objectContaining({ points: 1 })] });
    });
  });
}

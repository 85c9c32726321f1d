/**
 * Part of the CentralStore contract (describeStoreContract runs it): the rewards shop.
 * A redemption is one step (debit, stock, receipt) that happens once per request id;
 * the last unit goes to exactly one of two desks; a reservation not handed over in
 * time gives its points and its unit back; a reversal after hand-over does too.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CentralStore } from '../../../central/store/central-store.ts';
import type { CatalogueItem, RedeemRequest, ReserveRequest } from '../../../central/store/shop-store.ts';

const NOW = '2026-11-29T12:00:00.000Z';
const LATER = '2026-11-29T12:16:00.000Z';
const EXPIRES = '2026-11-29T12:15:00.000Z';
const CATALOGUE: CatalogueItem[] = [
  { id: 'rice-5kg', name: { zh: '大米 5 公斤', en: 'Rice, 5 kg' }, price: 30, stock: 1 },
  { id: 'towel', name: { zh: '毛巾', en: 'Towel' }, price: 10, stock: 5, monthlyLimit: 2, photo: 'rewards/towel.webp' },
];

const reserveOf = (itemId: string, extra: Partial<ReserveRequest> = {}): ReserveRequest => ({
  requestId: randomUUID(),
  volunteerId: 'V-1',
  siteId: 'SITE-A',
  itemId,
  localMonth: '2026-11',
  at: NOW,
  expiresAt: EXPIRES,
  codes: ['123456', '654321'],
  ...extra,
});
const redeemOf = (itemId: string, extra: Partial<RedeemRequest> = {}): RedeemRequest => ({
  requestId: randomUUID(),
  volunteerId: 'V-1',
  siteId: 'SITE-A',
  itemId,
  localMonth: '2026-11',
  at: NOW,
  actor: 'desk-a',
  ...extra,
});

export function describeShopContract(name: string, createStore: () => Promise<CentralStore>): void {
  describe(`CentralStore contract, rewards shop: ${name}`, () => {
    let store: CentralStore;
    const stockOf = async (itemId: string) => (await store.shop.listItems('SITE-A', { includeInactive: true })).find((i) => i.id === itemId)?.stock;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
        { id: 'V-2', name: 'John Smith', cards: [] },
      ]);
      for (const id of ['V-1', 'V-2']) await store.ledger.append({ requestId: `seed-${id}`, volunteerId: id, kind: 'adjusted', points: 100, at: NOW, actor: 'alice', reason: 'opening balance' });
      await store.shop.publishCatalogue('SITE-A', CATALOGUE, 'alice', NOW);
    });
    afterEach(async () => {
      await store.close();
    });

    it('publishes a catalogue per site, audits stock corrections and retires items left out', async () => {
      expect((await store.shop.listItems('SITE-A')).map((i) => [i.id, i.price, i.stock, i.monthlyLimit, i.photo])).toEqual([
        ['towel', 10, 5, 2, 'rewards/towel.webp'],
        ['rice-5kg', 30, 1, undefined, undefined],
      ]);
      expect(await store.shop.listItems('SITE-B')).toEqual([]);
      const report = await store.shop.publishCatalogue('SITE-A', [{ ...CATALOGUE[1]!, stock: 8, price: 12 }], 'bob', LATER);
      expect(report).toEqual({ siteId: 'SITE-A', added: [], updated: ['towel'], retired: ['rice-5kg'], corrections: [{ itemId: 'towel', from: 5, to: 8 }] });
      expect((await store.shop.listItems('SITE-A')).map((i) => [i.id, i.price, i.stock])).toEqual([['towel', 12, 8]]);
      expect((await store.shop.listItems('SITE-A', { includeInactive: true })).map((i) => [i.id, i.active])).toEqual([
        ['towel', true],
        ['rice-5kg', false],
      ]);
      const audit = await store.shop.listAudit('SITE-A');
      expect(audit.filter((e) => e.kind === 'stock-corrected').map((e) => [e.itemId, e.actor, e.detail])).toEqual([
        ['towel', 'bob', '5 -> 8 (shelf 8, held 0)'],
        ['towel', 'alice', '0 -> 5 (shelf 5, held 0)'],
        ['rice-5kg', 'alice', '0 -> 1 (shelf 1, held 0)'],
      ]);
      expect(await store.shop.redeem(redeemOf('rice-5kg'))).toEqual({ ok: false, reason: 'item-inactive' });
    });

    it('a stock correction counts units held by pending reservations as on the shelf', async () => {
      await store.shop.reserve(reserveOf('towel'));
      await store.shop.publishCatalogue('SITE-A', [{ ...CATALOGUE[1]!, stock: 3 }], 'bob', LATER);
      expect(await stockOf('towel')).toBe(2);
      // Without a stock the item's count is left as it is.
      await store.shop.publishCatalogue('SITE-A', [{ ...CATALOGUE[1]!, stock: undefined } as CatalogueItem], 'bob', LATER);
      expect(await stockOf('towel')).toBe(2);
    });

    it('a desk redemption is one step: debit, stock and receipt, once per request id', async () => {
      const request = redeemOf('towel');
      const first = await store.shop.redeem(request);
      expect(first).toMatchObject({ ok: true, repeated: false, redemption: { state: 'handed-over', price: 10, handedOverBy: 'desk-a', balanceAfter: 90, itemName: { en: 'Towel' } } });
      const again = await store.shop.redeem({ ...request, at: LATER });
      expect(again).toEqual({ ok: true, repeated: true, redemption: first.ok ? first.redemption : undefined });
      expect(await store.ledger.balance('V-1')).toBe(90);
      expect(await stockOf('towel')).toBe(4);
      const [entry] = (await store.ledger.entries('V-1')).entries;
      expect(entry).toMatchObject({ kind: 'redeemed', points: -10, redemptionId: first.ok ? first.redemption.id : '', actor: 'desk-a' });
      expect(await store.shop.redeem({ ...request, itemId: 'rice-5kg' })).toEqual({ ok: false, reason: 'request-id-reused' });
    });

    it('refuses what points do not cover, and takes neither stock nor points', async () => {
      await store.ledger.append({ requestId: 'spend', volunteerId: 'V-2', kind: 'adjusted', points: -80, at: NOW, actor: 'alice', reason: 'test' });
      expect(await store.shop.redeem(redeemOf('rice-5kg', { volunteerId: 'V-2' }))).toEqual({ ok: false, reason: 'insufficient-points', balance: 20 });
      expect(await stockOf('rice-5kg')).toBe(1);
      expect(await store.ledger.balance('V-2')).toBe(20);
      expect(await store.shop.redeem(redeemOf('nope'))).toEqual({ ok: false, reason: 'unknown-item' });
      expect(await store.shop.redeem(redeemOf('towel', { volunteerId: 'V-404' }))).toEqual({ ok: false, reason: 'unknown-volunteer' });
      expect(await stockOf('towel')).toBe(5);
    });

    it('the last unit goes to exactly one of two desks at once; the other is told out-of-stock', async () => {
      const outcomes = await Promise.all([store.shop.redeem(redeemOf('rice-5kg', { actor: 'desk-a' })), store.shop.redeem(redeemOf('rice-5kg', { volunteerId: 'V-2', actor: 'desk-b' }))]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'out-of-stock' }]);
      expect(await stockOf('rice-5kg')).toBe(0);
      expect((await store.ledger.balance('V-1')) + (await store.ledger.balance('V-2'))).toBe(170);
    });

    it('enforces the monthly limit per volunteer, counting pending reservations, and a new month starts afresh', async () => {
      expect((await store.shop.redeem(redeemOf('towel'))).ok).toBe(true);
      expect((await store.shop.reserve(reserveOf('towel'))).ok).toBe(true);
      expect(await store.shop.redeem(redeemOf('towel'))).toEqual({ ok: false, reason: 'monthly-limit' });
      expect((await store.shop.redeem(redeemOf('towel', { volunteerId: 'V-2' }))).ok).toBe(true);
      expect((await store.shop.redeem(redeemOf('towel', { localMonth: '2026-12' }))).ok).toBe(true);
      expect(await store.ledger.balance('V-1')).toBe(70);
    });

    it('a reservation holds points and a unit; handed over by its code at its site, once', async () => {
      const reserved = await store.shop.reserve(reserveOf('rice-5kg'));
      expect(reserved).toMatchObject({ ok: true, redemption: { state: 'reserved', code: '123456', expiresAt: EXPIRES, balanceAfter: 70 } });
      expect(await stockOf('rice-5kg')).toBe(0);
      expect(await store.shop.findPendingByCode('SITE-A', '123456')).toMatchObject({ itemId: 'rice-5kg' });
      // A second pending reservation at the site gets another code.
      expect(await store.shop.reserve(reserveOf('towel'))).toMatchObject({ ok: true, redemption: { code: '654321' } });
      expect(await store.shop.handOver({ requestId: randomUUID(), siteId: 'SITE-B', code: '123456', at: NOW, actor: 'desk-b' })).toEqual({ ok: false, reason: 'unknown-redemption' });
      const handOver = { requestId: randomUUID(), siteId: 'SITE-A', code: '123456', at: '2026-11-29T12:05:00.000Z', actor: 'desk-a' };
      const done = await store.shop.handOver(handOver);
      expect(done).toMatchObject({ ok: true, repeated: false, redemption: { state: 'handed-over', handedOverBy: 'desk-a', handedOverAt: handOver.at } });
      expect(await store.shop.handOver(handOver)).toMatchObject({ ok: true, repeated: true });
      expect(await store.shop.handOver({ ...handOver, requestId: randomUUID() })).toEqual({ ok: false, reason: 'not-pending' });
      expect(await store.ledger.balance('V-1')).toBe(60);
    });

    it('a reservation not handed over in time expires once: points and the unit come back', async () => {
      const reserved = await store.shop.reserve(reserveOf('rice-5kg'));
      expect(await store.shop.expireDue('2026-11-29T12:14:59.999Z')).toEqual([]);
      const expired = await store.shop.expireDue(EXPIRES);
      expect(expired.map((r) => [r.state, r.balanceAfter])).toEqual([['expired', 100]]);
      expect(await store.shop.expireDue(LATER)).toEqual([]);
      expect(await store.ledger.balance('V-1')).toBe(100);
      expect(await stockOf('rice-5kg')).toBe(1);
      const entries = (await store.ledger.entries('V-1')).entries;
      expect(entries.slice(0, 2).map((e) => [e.kind, e.points, e.reversesId === undefined ? undefined : 'debit'])).toEqual([
        ['reversed', 30, 'debit'],
        ['redeemed', -30, undefined],
      ]);
      const code = reserved.ok ? reserved.redemption.code! : '';
      expect(await store.shop.handOver({ requestId: randomUUID(), siteId: 'SITE-A', code, at: LATER, actor: 'desk-a' })).toEqual({ ok: false, reason: 'reservation-expired' });
    });

    it('a desk handing over after the time ran out, before the timer came round, expires it and refuses', async () => {
      await store.shop.reserve(reserveOf('rice-5kg'));
      expect(await store.shop.handOver({ requestId: randomUUID(), siteId: 'SITE-A', code: '123456', at: LATER, actor: 'desk-a' })).toEqual({ ok: false, reason: 'reservation-expired' });
      expect(await store.ledger.balance('V-1')).toBe(100);
      expect(await stockOf('rice-5kg')).toBe(1);
      expect(await store.shop.expireDue(LATER)).toEqual([]);
    });

    it('the volunteer cancels only their own pending reservation', async () => {
      const reserved = await store.shop.reserve(reserveOf('towel'));
      const id = reserved.ok ? reserved.redemption.id : '';
      expect(await store.shop.cancel({ requestId: randomUUID(), redemptionId: id, volunteerId: 'V-2', at: NOW, actor: 'volunteer:V-2', reason: 'x' })).toEqual({ ok: false, reason: 'not-yours' });
      const cancel = { requestId: randomUUID(), redemptionId: id, volunteerId: 'V-1', at: NOW, actor: 'volunteer:V-1', reason: 'changed my mind' };
      expect(await store.shop.cancel(cancel)).toMatchObject({ ok: true, redemption: { state: 'cancelled', balanceAfter: 100 } });
      expect(await store.shop.cancel(cancel)).toMatchObject({ ok: true, repeated: true });
      expect(await store.shop.cancel({ ...cancel, requestId: randomUUID() })).toEqual({ ok: false, reason: 'not-pending' });
      expect(await stockOf('towel')).toBe(5);
    });

    it('a manager reverses a handed-over redemption with a reason: points and stock come back, audited, once', async () => {
      const done = await store.shop.redeem(redeemOf('rice-5kg'));
      const id = done.ok ? done.redemption.id : '';
      const reversal = { requestId: randomUUID(), redemptionId: id, at: LATER, actor: 'alice', reason: 'wrong item handed over' };
      expect(await store.shop.reverse(reversal)).toMatchObject({ ok: true, repeated: false, redemption: { state: 'reversed', closedBy: 'alice', reason: 'wrong item handed over', balanceAfter: 100 } });
      expect(await store.shop.reverse(reversal)).toMatchObject({ ok: true, repeated: true });
      expect(await store.shop.reverse({ ...reversal, requestId: randomUUID() })).toEqual({ ok: false, reason: 'not-handed-over' });
      expect(await store.ledger.balance('V-1')).toBe(100);
      expect(await stockOf('rice-5kg')).toBe(1);
      expect((await store.shop.listAudit('SITE-A', 1)).map((e) => [e.kind, e.actor, e.reason, e.redemptionId])).toEqual([['reversed', 'alice', 'wrong item handed over', id]]);
      const pending = await store.shop.reserve(reserveOf('towel'));
      expect(await store.shop.reverse({ ...reversal, requestId: randomUUID(), redemptionId: pending.ok ? pending.redemption.id : '' })).toEqual({ ok: false, reason: 'not-handed-over' });
    });

    it('lists a volunteer\'s redemptions by state, newest first', async () => {
      await store.shop.redeem(redeemOf('towel'));
      await store.shop.reserve(reserveOf('rice-5kg', { at: LATER, expiresAt: '2026-11-29T12:31:00.000Z' }));
      expect((await store.shop.listRedemptions({ volunteerId: 'V-1', states: ['reserved'] })).map((r) => r.itemId)).toEqual(['rice-5kg']);
      expect((await store.shop.listRedemptions({ volunteerId: 'V-1' })).map((r) => r.itemId)).toEqual(['rice-5kg', 'towel']);
      expect(await store.shop.listRedemptions({ volunteerId: 'V-2' })).toEqual([]);
      expect(await store.shop.listSites()).toEqual(['SITE-A']);
    });
  });
}

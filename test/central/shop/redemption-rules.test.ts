import { describe, expect, it } from 'vitest';
import { closingRefusal, handOverRefusal, pickFreeCode, planCatalogue, replayOutcome, takeRefusal } from '../../../central/shop/redemption-rules.ts';
import type { Redemption, ShopAuditEvent, ShopItem } from '../../../central/store/shop-store.ts';

const item = (extra: Partial<ShopItem> = {}): ShopItem => ({ siteId: 'SITE-A', id: 'towel', name: { zh: '毛巾', en: 'Towel' }, price: 10, active: true, stock: 5, ...extra });
const redemption = (extra: Partial<Redemption> = {}): Redemption => ({
  id: 'R-1',
  volunteerId: 'V-1',
  siteId: 'SITE-A',
  itemId: 'towel',
  itemName: { zh: '毛巾', en: 'Towel' },
  price: 10,
  state: 'reserved',
  code: '123456',
  createdAt: '2026-11-29T12:00:00.000Z',
  expiresAt: '2026-11-29T12:15:00.000Z',
  debitEntryId: 7,
  balanceAfter: 90,
  ...extra,
});

describe('redemption rules', () => {
  it('takes an active item within its monthly limit', () => {
    expect(takeRefusal(undefined, 0)).toBe('unknown-item');
    expect(takeRefusal(item({ active: false }), 0)).toBe('item-inactive');
    expect(takeRefusal(item({ monthlyLimit: 2 }), 2)).toBe('monthly-limit');
    expect(takeRefusal(item({ monthlyLimit: 2 }), 1)).toBeUndefined();
    expect(takeRefusal(item(), 99)).toBeUndefined();
  });

  it('picks the first candidate code no pending reservation holds, and says so when none is free', () => {
    expect(pickFreeCode(['111111', '222222'], new Set(['111111']))).toBe('222222');
    expect(() => pickFreeCode(['111111'], new Set(['111111']))).toThrow(/pass more/);
  });

  it('answers a re-sent request id with the stored redemption only when it names the same write', () => {
    const event: ShopAuditEvent = { requestId: 'q', kind: 'redeemed', siteId: 'SITE-A', itemId: 'towel', redemptionId: 'R-1', at: 'x' };
    const stored = redemption({ state: 'handed-over' });
    const key = { kind: 'redeemed', siteId: 'SITE-A', itemId: 'towel', volunteerId: 'V-1' } as const;
    expect(replayOutcome(key, undefined, undefined)).toBeUndefined();
    expect(replayOutcome(key, event, stored)).toEqual({ ok: true, redemption: stored, repeated: true });
    expect(replayOutcome({ ...key, itemId: 'rice' }, event, stored)).toEqual({ ok: false, reason: 'request-id-reused' });
    expect(replayOutcome({ ...key, volunteerId: 'V-2' }, event, stored)).toEqual({ ok: false, reason: 'request-id-reused' });
    expect(replayOutcome({ kind: 'cancelled', redemptionId: 'R-1' }, event, stored)).toEqual({ ok: false, reason: 'request-id-reused' });
  });

  it('tells a hand-over of a code with nothing pending why', () => {
    expect(handOverRefusal(undefined)).toBe('unknown-redemption');
    expect(handOverRefusal(redemption({ state: 'expired' }))).toBe('reservation-expired');
    expect(handOverRefusal(redemption({ state: 'handed-over' }))).toBe('not-pending');
  });

  it('closes a redemption only from its state, and a phone only its own', () => {
    const cancel = { requestId: 'q', to: 'cancelled', at: 'x', actor: 'volunteer:V-1', reason: 'r', volunteerId: 'V-1' } as const;
    expect(closingRefusal(cancel, undefined)).toBe('unknown-redemption');
    expect(closingRefusal({ ...cancel, volunteerId: 'V-2' }, redemption())).toBe('not-yours');
    expect(closingRefusal(cancel, redemption({ state: 'handed-over' }))).toBe('not-pending');
    expect(closingRefusal(cancel, redemption())).toBeUndefined();
    expect(closingRefusal({ requestId: 'q', to: 'reversed', at: 'x', actor: 'alice', reason: 'r' }, redemption())).toBe('not-handed-over');
    expect(closingRefusal({ requestId: 'q', to: 'reversed', at: 'x', actor: 'alice', reason: 'r' }, redemption({ state: 'handed-over' }))).toBeUndefined();
  });

  it('plans a catalogue: shelf stock less units held, no stock keeps the count, absent active items retire', () => {
    let n = 0;
    const by = { actor: 'bob', at: 'T', newRequestId: () => `id-${++n}` };
    const current = [item({ stock: 2 }), item({ id: 'rice', price: 30, stock: 1 }), item({ id: 'old', active: false, stock: 0 })];
    const plan = planCatalogue('SITE-A', [{ id: 'towel', name: item().name, price: 12, stock: 3 }, { id: 'soap', name: { zh: '皂', en: 'Soap' }, price: 5 }], current, (id) => (id === 'towel' ? 1 : 0), by);
    expect(plan.report).toEqual({ siteId: 'SITE-A', added: ['soap'], updated: ['towel'], retired: ['rice'], corrections: [] });
    expect(plan.writes.map((w) => [w.item.id, w.stock, w.insert, w.stockChanged])).toEqual([
      ['towel', 2, false, false],
      ['soap', 0, true, false],
    ]);
    expect(plan.events.map((e) => e.kind)).toEqual(['catalogue-published']);
    const corrected = planCatalogue('SITE-A', [{ id: 'towel', name: item().name, price: 10, stock: 8 }], current, () => 1, by);
    expect(corrected.report.corrections).toEqual([{ itemId: 'towel', from: 2, to: 7 }]);
    expect(corrected.events[0]).toMatchObject({ kind: 'stock-corrected', itemId: 'towel', actor: 'bob', detail: '2 -> 7 (shelf 8, held 1)' });
  });
});

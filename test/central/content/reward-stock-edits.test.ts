import { describe, expect, it } from 'vitest';
import { catalogueItemOf, planStockEdits } from '../../../central/content/reward-stock-edits.ts';

const rice = { id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30 };
const shelf = new Map([['rice', { shelf: 4, held: 1 }]]);

describe('planStockEdits', () => {
  it('keeps the count of an item without stock, and of one set to the count it already has', () => {
    expect(planStockEdits([rice], shelf)).toEqual({ corrections: {}, stale: [], problems: [] });
    expect(planStockEdits([{ ...rice, stock: 4, stockSeen: 4 }], shelf).corrections).toEqual({});
  });

  it('corrects against the count the manager saw, with the reason', () => {
    expect(planStockEdits([{ ...rice, stock: 1, stockSeen: 4, stockReason: 'damaged' }], shelf).corrections).toEqual({ rice: { stock: 1, reason: 'damaged' } });
  });

  it('refuses a correction made from a count that is no longer true, and one without the count it was made from', () => {
    expect(planStockEdits([{ ...rice, stock: 9, stockSeen: 5 }], shelf)).toMatchObject({ corrections: {}, stale: [{ itemId: 'rice', seen: 5, now: 4 }] });
    expect(planStockEdits([{ ...rice, stock: 9 }], shelf).problems.map((p) => p.path)).toEqual(['rewards.0.stockSeen']);
  });

  it('gives a new item the count it comes with', () => {
    expect(planStockEdits([{ ...rice, id: 'oil', stock: 3 }], shelf).corrections).toEqual({ oil: { stock: 3 } });
  });

  it('keeps the catalogue entry without any count', () => {
    expect(catalogueItemOf({ ...rice, stock: 3, stockSeen: 4, stockReason: 'x' })).toEqual(rice);
  });
});

/**
 * The console's stock corrections (PUT /api/content/rewards), pure: which edited items
 * correct the shelf count, and which were edited from a count that is no longer true.
 * The shelf count is the store's stock plus the units pending reservations hold: a
 * reservation or its expiry leaves it as it is, a hand-over or a card redemption at the
 * desk takes one off. A correction is made against the count the manager saw
 * (`stockSeen`); when the shelf changed since, the whole edit is refused so the manager
 * counts again, rather than the correction undoing a hand-over nobody saw.
 */
import type { RewardEditItem, RewardItem } from '../../shared/index.ts';
import type { BilingualProblem } from './content-problems.ts';

export interface ShelfCount {
  /** On the shelf now: reservable stock plus the units held by pending reservations. */
  shelf: number;
  held: number;
}

export interface StaleStock {
  itemId: string;
  seen: number;
  now: number;
}

export interface StockEditPlan {
  /** itemId -> the shelf count to set, for the items whose count the edit changes. */
  corrections: Record<string, { stock: number; reason?: string }>;
  stale: StaleStock[];
  problems: BilingualProblem[];
}

export function planStockEdits(items: readonly RewardEditItem[], current: ReadonlyMap<string, ShelfCount>): StockEditPlan {
  const plan: StockEditPlan = { corrections: {}, stale: [], problems: [] };
  items.forEach((item, index) => {
    if (item.stock === undefined) return;
    const now = current.get(item.id);
    // A new item starts with the count it is given.
    if (!now) return void (plan.corrections[item.id] = { stock: item.stock, ...(item.stockReason ? { reason: item.stockReason } : {}) });
    if (item.stockSeen === undefined) {
      plan.problems.push({
        path: `rewards.${index}.stockSeen`,
        message: { zh: '更正库存时须附上载入时看到的库存（stockSeen），以免覆盖期间的兑换', en: 'a stock correction needs stockSeen, the count GET /api/content showed, so it cannot undo a hand-over made meanwhile' },
      });
      return;
    }
    if (item.stockSeen !== now.shelf) return void plan.stale.push({ itemId: item.id, seen: item.stockSeen, now: now.shelf });
    if (item.stock !== now.shelf) plan.corrections[item.id] = { stock: item.stock, ...(item.stockReason ? { reason: item.stockReason } : {}) };
  });
  return plan;
}

/** The item as the content version keeps it: the stock is the store's, never the file's. */
export function catalogueItemOf({ stock: _stock, stockSeen: _seen, stockReason: _reason, ...item }: RewardEditItem): RewardItem {
  return item;
}

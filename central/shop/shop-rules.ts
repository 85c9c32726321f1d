/**
 * Pure rules of the rewards shop (issue 12): how long a reservation holds, how stock
 * becomes the public availability bucket, redemption codes, and the month a limit counts in.
 * The store applies them atomically (central/store/shop-store.ts).
 */
import type { RewardAvailability, RewardsView } from '../../shared/index.ts';
import type { ShopItem } from '../store/shop-store.ts';
import { localDate } from '../../shared/local-time.ts';

/** A phone reservation holds its points and its unit this long (issue 12: valid 15 min). */
export const RESERVATION_HOLD_MS = 15 * 60_000;
/** At or below this many units the public screen says "few left". */
export const FEW_LEFT_AT = 3;
/** Candidate codes drawn per reservation; one free among them is all but certain with 10^6 codes per site. */
export const CODE_CANDIDATES = 8;

export function availabilityOf(stock: number): RewardAvailability {
  if (stock <= 0) return 'out';
  return stock <= FEW_LEFT_AT ? 'few-left' : 'available';
}

/** The public view of a site's active items: price and bucket, no count, nothing personal. */
export function rewardsViewOf(siteId: string, items: readonly ShopItem[], nowIso: string): RewardsView {
  return {
    v: 2,
    updatedAt: nowIso,
    siteId,
    items: items
      .filter((item) => item.active)
      .map((item) => ({
        id: item.id,
        name: item.name,
        price: item.price,
        availability: availabilityOf(item.stock),
        ...(item.photo !== undefined ? { photo: item.photo } : {}),
        ...(item.monthlyLimit !== undefined ? { monthlyLimit: item.monthlyLimit } : {}),
      })),
  };
}

/** Two views show the same thing to the public (the time aside)? */
export function sameRewardsView(a: RewardsView | undefined, b: RewardsView): boolean {
  return a !== undefined && JSON.stringify(a.items) === JSON.stringify(b.items);
}

/** `random(bound)` is a uniform integer in [0, bound): crypto.randomInt in production. */
export function redemptionCodeCandidates(random: (bound: number) => number, count: number = CODE_CANDIDATES): string[] {
  return Array.from({ length: count }, () => String(random(1_000_000)).padStart(6, '0'));
}

export const REDEMPTION_CODE_PATTERN = /^\d{6}$/;

/** `YYYY-MM` of an instant in the programme's zone: the month a monthly limit counts in. */
export function localMonthOf(instantMs: number, timeZone: string): string {
  return localDate(instantMs, timeZone).slice(0, 7);
}

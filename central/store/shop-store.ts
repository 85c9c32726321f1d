/**
 * The rewards shop (爱心超市, issue 12, protocol v2 §Time bank: the rewards shop): a
 * catalogue per site with stock, reservations and redemptions. Every redemption ends in
 * ONE transaction: the ledger debit (`redeemed`, with the redemption id), the stock
 * decrement and the receipt. Every write names a client request id: the same id again
 * returns the stored redemption (`repeated: true`) and changes nothing; the same id for
 * another write is refused (`request-id-reused`).
 *
 * `stock` is what may still be reserved or handed over. A reservation holds its points
 * (debited at reserve) and one unit of stock until it is handed over, cancelled or
 * expires; expiry and cancellation append a `reversed` entry and put the unit back.
 * Stock is taken with a compare-and-set (`stock > 0`), so of two desks taking the last
 * unit at once exactly one wins and the other is told `out-of-stock`.
 */
import type { LocalizedText } from '../../shared/index.ts';

export interface ShopItem {
  siteId: string;
  id: string;
  name: LocalizedText;
  /** Points, a whole number above 0. */
  price: number;
  /** A path under the kiosk's content, e.g. `rewards/rice.webp`. */
  photo?: string;
  /** At most this many per volunteer per local calendar month; absent: no limit. */
  monthlyLimit?: number;
  /** Items left out of the latest published catalogue stay, inactive, for the redemptions that name them. */
  active: boolean;
  stock: number;
}

/** One item as the content file publishes it; `stock`, when given, is a stock correction (audited). */
export interface CatalogueItem {
  id: string;
  name: LocalizedText;
  price: number;
  photo?: string;
  monthlyLimit?: number;
  /** Units on the shelf now, including those held by pending reservations. */
  stock?: number;
  /** Why `stock` is corrected, kept with the audited correction. */
  stockReason?: string;
}

export interface StockCorrection {
  itemId: string;
  from: number;
  to: number;
}

export interface CataloguePublishReport {
  siteId: string;
  added: string[];
  updated: string[];
  /** Active before, absent from this catalogue: now inactive. */
  retired: string[];
  corrections: StockCorrection[];
}

export const REDEMPTION_STATES = ['reserved', 'handed-over', 'expired', 'cancelled', 'reversed'] as const;
export type RedemptionState = (typeof REDEMPTION_STATES)[number];

export interface Redemption {
  id: string;
  volunteerId: string;
  siteId: string;
  itemId: string;
  /** As priced when taken; a later catalogue does not change a receipt. */
  itemName: LocalizedText;
  price: number;
  state: RedemptionState;
  /** Reserved on a phone: the 6-digit code the desk types or scans. */
  code?: string;
  createdAt: string;
  /** Reserved: handed over by this time, or it expires. */
  expiresAt?: string;
  handedOverAt?: string;
  /** Staff account that handed it over. */
  handedOverBy?: string;
  /** When it left `reserved`/`handed-over` for expired, cancelled or reversed. */
  closedAt?: string;
  closedBy?: string;
  reason?: string;
  /** The `redeemed` ledger entry, and the `reversed` one that gave the points back. */
  debitEntryId: number;
  refundEntryId?: number;
  /** The volunteer's balance right after this redemption's latest ledger entry. */
  balanceAfter: number;
}

export type ShopRefusal =
  | 'unknown-item'
  /** The item is no longer in this site's catalogue. */
  | 'item-inactive'
  | 'out-of-stock'
  | 'insufficient-points'
  /** The item's per-volunteer monthly limit is reached. */
  | 'monthly-limit'
  | 'unknown-volunteer'
  | 'request-id-reused'
  | 'unknown-redemption'
  /** Hand-over or cancel of a redemption that is no longer reserved. */
  | 'not-pending'
  /** Hand-over after the reservation's time ran out. */
  | 'reservation-expired'
  /** Reversal of a redemption that was never handed over (cancel it instead) or is already reversed. */
  | 'not-handed-over'
  /** The redemption belongs to another site than the desk's, or to another volunteer than the phone's. */
  | 'not-yours';

export type ShopOutcome = { ok: true; redemption: Redemption; repeated: boolean } | { ok: false; reason: ShopRefusal; balance?: number };

interface ShopWriteBase {
  requestId: string;
  at: string;
}

/** Phone: hold points and one unit for `expiresAt`. `localMonth` (YYYY-MM in the programme's zone) counts the monthly limit. */
export interface ReserveRequest extends ShopWriteBase {
  volunteerId: string;
  siteId: string;
  itemId: string;
  localMonth: string;
  expiresAt: string;
  /** Tried in order until one is not in use by another pending reservation at the site. */
  codes: readonly string[];
}

/** Desk, card only: take and hand over at once. */
export interface RedeemRequest extends ShopWriteBase {
  volunteerId: string;
  siteId: string;
  itemId: string;
  localMonth: string;
  actor: string;
}

export interface HandOverRequest extends ShopWriteBase {
  siteId: string;
  code: string;
  actor: string;
}

export interface CancelRequest extends ShopWriteBase {
  redemptionId: string;
  /** A phone cancels only its own volunteer's reservations. */
  volunteerId?: string;
  actor: string;
  reason: string;
}

export interface ReverseRequest extends ShopWriteBase {
  redemptionId: string;
  actor: string;
  reason: string;
}

export interface ShopAuditEvent {
  requestId: string;
  kind: 'catalogue-published' | 'stock-corrected' | 'reserved' | 'redeemed' | 'handed-over' | 'expired' | 'cancelled' | 'reversed';
  siteId: string;
  itemId?: string;
  redemptionId?: string;
  actor?: string;
  reason?: string;
  detail?: string;
  at: string;
}

export interface ShopStore {
  /** Replaces the site's catalogue: new and changed items, absent ones inactive, stock corrections audited; in one transaction. */
  publishCatalogue(siteId: string, items: readonly CatalogueItem[], actor: string, at: string): Promise<CataloguePublishReport>;
  /** Active items only unless `includeInactive`. */
  listItems(siteId: string, options?: { includeInactive?: boolean }): Promise<ShopItem[]>;
  /** Sites that have a catalogue. */
  listSites(): Promise<string[]>;
  reserve(request: ReserveRequest): Promise<ShopOutcome>;
  redeem(request: RedeemRequest): Promise<ShopOutcome>;
  handOver(request: HandOverRequest): Promise<ShopOutcome>;
  cancel(request: CancelRequest): Promise<ShopOutcome>;
  reverse(request: ReverseRequest): Promise<ShopOutcome>;
  /** Expires every reservation due at `at`; each once, whichever replica runs it. Returns those expired now. */
  expireDue(at: string): Promise<Redemption[]>;
  findRedemption(id: string): Promise<Redemption | undefined>;
  /** The pending reservation with this code at this site, if any. */
  findPendingByCode(siteId: string, code: string): Promise<Redemption | undefined>;
  /** Newest first. */
  listRedemptions(query: { volunteerId?: string; siteId?: string; states?: readonly RedemptionState[]; limit?: number }): Promise<Redemption[]>;
  /** Newest first. */
  listAudit(siteId: string, limit?: number): Promise<ShopAuditEvent[]>;
}

/**
 * The decisions a redemption's transaction takes, as pure functions of what it has read
 * (shop-store.ts), so the SQLite and the PostgreSQL shop decide alike and the stores
 * only read, write and keep it atomic: whether an item may be taken, what a re-sent
 * request id answers, which code a reservation gets, what a hand-over of a code that is
 * not pending is told, which state each closing leaves from, and what publishing a
 * catalogue changes.
 */
import type { LedgerOutcome, LedgerReversal, LedgerWrite } from '../store/ledger-store.ts';
import type { NewRedemptionRow } from '../store/shop-rows.ts';
import type {
  CatalogueItem,
  CataloguePublishReport,
  Redemption,
  RedemptionState,
  ShopAuditEvent,
  ShopItem,
  ShopOutcome,
  ShopRefusal,
} from '../store/shop-store.ts';

/** What both ways of taking a unit (a phone reservation, a desk redemption) name. */
export interface TakeRequest {
  requestId: string;
  volunteerId: string;
  siteId: string;
  itemId: string;
  localMonth: string;
  at: string;
}

/** Why this item cannot be taken, before stock and points are tried; `takenThisMonth` counts reserved and handed-over ones. */
export function takeRefusal(item: ShopItem | undefined, takenThisMonth: number): ShopRefusal | undefined {
  if (!item) return 'unknown-item';
  if (!item.active) return 'item-inactive';
  if (item.monthlyLimit !== undefined && takenThisMonth >= item.monthlyLimit) return 'monthly-limit';
  return undefined;
}

export function debitWrite(redemptionId: string, request: TakeRequest, price: number, actor: string | undefined): LedgerWrite {
  return {
    requestId: `shop-debit:${redemptionId}`,
    volunteerId: request.volunteerId,
    kind: 'redeemed',
    points: -price,
    at: request.at,
    redemptionId,
    ...(actor !== undefined ? { actor } : {}),
  };
}

/** The shop's answer when the ledger refuses the debit. */
export function debitRefusal(outcome: LedgerOutcome & { ok: false }): { reason: ShopRefusal; balance?: number } {
  return { reason: outcome.reason === 'unknown-volunteer' ? 'unknown-volunteer' : 'insufficient-points', ...(outcome.balance !== undefined ? { balance: outcome.balance } : {}) };
}

/** The row of a redemption just taken: a reservation waits with its code, a desk redemption is handed over at once. */
export function newRedemptionRow(
  request: TakeRequest,
  item: ShopItem,
  ids: { redemptionId: string; debitEntryId: number },
  how: { kind: 'reserved'; code: string; expiresAt: string } | { kind: 'redeemed'; actor: string },
): NewRedemptionRow {
  const reserved = how.kind === 'reserved';
  return {
    id: ids.redemptionId,
    request_id: request.requestId,
    volunteer_id: request.volunteerId,
    site_id: request.siteId,
    item_id: item.id,
    item_name_zh: item.name.zh,
    item_name_en: item.name.en,
    price: item.price,
    local_month: request.localMonth,
    state: reserved ? 'reserved' : 'handed-over',
    code: reserved ? how.code : null,
    created_at: request.at,
    expires_at: reserved ? how.expiresAt : null,
    handed_over_at: reserved ? null : request.at,
    handed_over_by: reserved ? null : how.actor,
    debit_entry_id: ids.debitEntryId,
  };
}

export function takeEvent(request: TakeRequest, redemptionId: string, how: { kind: 'reserved' } | { kind: 'redeemed'; actor: string }): ShopAuditEvent {
  return {
    requestId: request.requestId,
    kind: how.kind,
    siteId: request.siteId,
    itemId: request.itemId,
    redemptionId,
    actor: how.kind === 'reserved' ? `volunteer:${request.volunteerId}` : how.actor,
    at: request.at,
  };
}

/** The first candidate code no other pending reservation at the site holds. */
export function pickFreeCode(candidates: readonly string[], inUse: ReadonlySet<string>): string {
  const code = candidates.find((candidate) => !inUse.has(candidate));
  if (code === undefined) throw new Error('no free redemption code among the candidates; pass more');
  return code;
}

/** What a write's request id must match in the stored event and redemption to be the same write again. */
export type ShopRequestKey =
  | { kind: 'reserved' | 'redeemed'; siteId: string; itemId: string; volunteerId: string }
  | { kind: 'handed-over'; siteId: string; code: string }
  | { kind: 'cancelled' | 'reversed'; redemptionId: string };

function sameRequest(key: ShopRequestKey, event: ShopAuditEvent, redemption: Redemption): boolean {
  if (event.kind !== key.kind) return false;
  switch (key.kind) {
    case 'reserved':
    case 'redeemed':
      return event.itemId === key.itemId && event.siteId === key.siteId && redemption.volunteerId === key.volunteerId;
    case 'handed-over':
      return event.siteId === key.siteId && redemption.code === key.code;
    case 'cancelled':
    case 'reversed':
      return event.redemptionId === key.redemptionId;
  }
}

/** The stored answer to a re-sent request id, `request-id-reused` when it named another write, undefined when new. */
export function replayOutcome(key: ShopRequestKey, prior: ShopAuditEvent | undefined, priorRedemption: Redemption | undefined): ShopOutcome | undefined {
  if (!prior) return undefined;
  if (!priorRedemption || !sameRequest(key, prior, priorRedemption)) return { ok: false, reason: 'request-id-reused' };
  return { ok: true, redemption: priorRedemption, repeated: true };
}

/** A hand-over of a code with no pending reservation: `latest` is the newest redemption with that code at the site. */
export function handOverRefusal(latest: Redemption | undefined): ShopRefusal {
  if (!latest) return 'unknown-redemption';
  return latest.state === 'expired' ? 'reservation-expired' : 'not-pending';
}

/** Its time ran out, even if the expiry timer has not come round yet. */
export function reservationRanOut(pending: Redemption, at: string): boolean {
  return Date.parse(pending.expiresAt!) <= Date.parse(at);
}

/** The three ways a redemption closes, each giving the points and the unit back. */
export type ClosingState = Extract<RedemptionState, 'expired' | 'cancelled' | 'reversed'>;

/** The state each closing leaves from, and what a redemption in another state is told. */
export const CLOSINGS: Record<ClosingState, { from: RedemptionState; otherwise: ShopRefusal }> = {
  expired: { from: 'reserved', otherwise: 'not-pending' },
  cancelled: { from: 'reserved', otherwise: 'not-pending' },
  reversed: { from: 'handed-over', otherwise: 'not-handed-over' },
};

export const EXPIRY_REASON = 'not handed over in time';

export interface ClosingRequest {
  requestId: string;
  to: ClosingState;
  at: string;
  /** Absent when central closes it (expiry). */
  actor?: string;
  reason: string;
  /** A phone closes only its own volunteer's redemptions. */
  volunteerId?: string;
}

/** Why `redemption` cannot close as asked, or undefined. */
export function closingRefusal(request: ClosingRequest, redemption: Redemption | undefined): ShopRefusal | undefined {
  if (!redemption) return 'unknown-redemption';
  if (request.volunteerId !== undefined && redemption.volunteerId !== request.volunteerId) return 'not-yours';
  if (redemption.state !== CLOSINGS[request.to].from) return CLOSINGS[request.to].otherwise;
  return undefined;
}

export function refundReversal(redemption: Redemption, request: ClosingRequest): LedgerReversal {
  return { requestId: `shop-refund:${redemption.id}`, entryId: redemption.debitEntryId, at: request.at, actor: request.actor ?? 'central', reason: request.reason };
}

export function closingEvent(redemption: Redemption, request: ClosingRequest): ShopAuditEvent {
  return {
    requestId: request.requestId,
    kind: request.to,
    siteId: redemption.siteId,
    itemId: redemption.itemId,
    redemptionId: redemption.id,
    // Expiry is central's own: no actor, and the reason is the state itself.
    ...(request.actor !== undefined ? { actor: request.actor, reason: request.reason } : {}),
    at: request.at,
  };
}

export interface CataloguePlan {
  report: CataloguePublishReport;
  /** In catalogue order: insert the new ones, update the others (and their stock when `stockChanged`). */
  writes: { item: CatalogueItem; stock: number; insert: boolean; stockChanged: boolean }[];
  /** Active items left out: now inactive. */
  retire: string[];
  /** The audit lines, in the order to store them. */
  events: ShopAuditEvent[];
}

/**
 * What publishing `items` changes at the site. A stock given is what is on the shelf,
 * including units held by pending reservations (`heldOf`), so the stock to reserve from
 * is shelf − held; no stock keeps the item's count as it is.
 */
export function planCatalogue(
  siteId: string,
  items: readonly CatalogueItem[],
  current: readonly ShopItem[],
  heldOf: (itemId: string) => number,
  by: { actor: string; at: string; newRequestId: () => string },
): CataloguePlan {
  const report: CataloguePublishReport = { siteId, added: [], updated: [], retired: [], corrections: [] };
  const plan: CataloguePlan = { report, writes: [], retire: [], events: [] };
  const currentById = new Map(current.map((item) => [item.id, item]));
  for (const item of items) {
    const existing = currentById.get(item.id);
    const held = heldOf(item.id);
    const stock = item.stock !== undefined ? Math.max(0, item.stock - held) : (existing?.stock ?? 0);
    const from = existing?.stock ?? 0;
    plan.writes.push({ item, stock, insert: !existing, stockChanged: existing !== undefined && stock !== existing.stock });
    (existing ? report.updated : report.added).push(item.id);
    if (item.stock !== undefined && (stock !== from || !existing)) {
      report.corrections.push({ itemId: item.id, from, to: stock });
      plan.events.push({ requestId: by.newRequestId(), kind: 'stock-corrected', siteId, itemId: item.id, actor: by.actor, ...(item.stockReason ? { reason: item.stockReason } : {}), detail: `${from} -> ${stock} (shelf ${item.stock}, held ${held})`, at: by.at });
    }
  }
  const listed = new Set(items.map((item) => item.id));
  for (const item of current) {
    if (!item.active || listed.has(item.id)) continue;
    plan.retire.push(item.id);
    report.retired.push(item.id);
  }
  plan.events.push({
    requestId: by.newRequestId(),
    kind: 'catalogue-published',
    siteId,
    actor: by.actor,
    detail: `${report.added.length} added, ${report.updated.length} updated, ${report.retired.length} retired`,
    at: by.at,
  });
  return plan;
}

export const redemptionListLimit = (limit: number | undefined): number => Math.min(Math.max(1, limit ?? 50), 500);
export const auditListLimit = (limit: number | undefined): number => Math.min(Math.max(1, limit ?? 100), 1000);

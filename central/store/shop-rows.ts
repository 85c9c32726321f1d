/**
 * Rows of the rewards shop's tables as both stores read them (snake_case columns, NULL
 * for absent, `active` as 0/1), and the one SELECT of a redemption with its balance:
 * shared by sqlite-shop.ts and pg/pg-shop.ts, whose tables have the same columns.
 */
import type { Redemption, RedemptionState, ShopAuditEvent, ShopItem } from './shop-store.ts';

export interface ItemRow {
  site_id: string;
  id: string;
  name_zh: string;
  name_en: string;
  price: number;
  photo: string | null;
  monthly_limit: number | null;
  active: number;
  stock: number;
}

export interface RedemptionRow {
  id: string;
  volunteer_id: string;
  site_id: string;
  item_id: string;
  item_name_zh: string;
  item_name_en: string;
  price: number;
  state: RedemptionState;
  code: string | null;
  created_at: string;
  expires_at: string | null;
  handed_over_at: string | null;
  handed_over_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  reason: string | null;
  debit_entry_id: number;
  refund_entry_id: number | null;
  balance_after: number;
}

/** The columns a new redemption is inserted with (the rest start NULL). */
export interface NewRedemptionRow {
  id: string;
  request_id: string;
  volunteer_id: string;
  site_id: string;
  item_id: string;
  item_name_zh: string;
  item_name_en: string;
  price: number;
  local_month: string;
  state: RedemptionState;
  code: string | null;
  created_at: string;
  expires_at: string | null;
  handed_over_at: string | null;
  handed_over_by: string | null;
  debit_entry_id: number;
}

export interface EventRow {
  request_id: string;
  kind: ShopAuditEvent['kind'];
  site_id: string;
  item_id: string | null;
  redemption_id: string | null;
  actor: string | null;
  reason: string | null;
  detail: string | null;
  at: string;
}

/** A redemption and the balance after its latest ledger entry (the refund's, once given back). */
export const REDEMPTION_SELECT = `SELECT r.*, COALESCE(rf.balance_after, d.balance_after) AS balance_after
  FROM shop_redemptions r JOIN ledger_entries d ON d.id = r.debit_entry_id LEFT JOIN ledger_entries rf ON rf.id = r.refund_entry_id`;

export function itemFromRow(row: ItemRow): ShopItem {
  return {
    siteId: row.site_id,
    id: row.id,
    name: { zh: row.name_zh, en: row.name_en },
    price: row.price,
    ...(row.photo !== null ? { photo: row.photo } : {}),
    ...(row.monthly_limit !== null ? { monthlyLimit: row.monthly_limit } : {}),
    active: row.active === 1,
    stock: row.stock,
  };
}

export function redemptionFromRow(row: RedemptionRow): Redemption {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    siteId: row.site_id,
    itemId: row.item_id,
    itemName: { zh: row.item_name_zh, en: row.item_name_en },
    price: row.price,
    state: row.state,
    ...(row.code !== null ? { code: row.code } : {}),
    createdAt: row.created_at,
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.handed_over_at !== null ? { handedOverAt: row.handed_over_at } : {}),
    ...(row.handed_over_by !== null ? { handedOverBy: row.handed_over_by } : {}),
    ...(row.closed_at !== null ? { closedAt: row.closed_at } : {}),
    ...(row.closed_by !== null ? { closedBy: row.closed_by } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    debitEntryId: row.debit_entry_id,
    ...(row.refund_entry_id !== null ? { refundEntryId: row.refund_entry_id } : {}),
    balanceAfter: row.balance_after,
  };
}

export function eventFromRow(row: EventRow): ShopAuditEvent {
  return {
    requestId: row.request_id,
    kind: row.kind,
    siteId: row.site_id,
    ...(row.item_id !== null ? { itemId: row.item_id } : {}),
    ...(row.redemption_id !== null ? { redemptionId: row.redemption_id } : {}),
    ...(row.actor !== null ? { actor: row.actor } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.detail !== null ? { detail: row.detail } : {}),
    at: row.at,
  };
}

export function eventToRow(event: ShopAuditEvent): EventRow {
  return {
    request_id: event.requestId,
    kind: event.kind,
    site_id: event.siteId,
    item_id: event.itemId ?? null,
    redemption_id: event.redemptionId ?? null,
    actor: event.actor ?? null,
    reason: event.reason ?? null,
    detail: event.detail ?? null,
    at: event.at,
  };
}

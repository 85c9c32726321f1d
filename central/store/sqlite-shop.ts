/**
 * The SQLite rewards shop (shop-store.ts). Each write is one IMMEDIATE transaction that
 * holds the ledger entry (`appendInTx`/`reverseInTx` of sqlite-ledger.ts), the stock
 * change and the redemption row together; a refusal found part-way rolls all of it back.
 * Stock and state change by compare-and-set (`WHERE stock > 0`, `WHERE state = ?`). What
 * each step decides is in central/shop/redemption-rules.ts, shared with pg/pg-shop.ts.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  CLOSINGS,
  EXPIRY_REASON,
  auditListLimit,
  closingEvent,
  closingRefusal,
  debitRefusal,
  debitWrite,
  handOverRefusal,
  newRedemptionRow,
  pickFreeCode,
  planCatalogue,
  redemptionListLimit,
  refundReversal,
  replayOutcome,
  reservationRanOut,
  takeEvent,
  takeRefusal,
  type ClosingRequest,
  type ShopRequestKey,
  type TakeRequest,
} from '../shop/redemption-rules.ts';
import { REDEMPTION_SELECT, eventFromRow, eventToRow, itemFromRow, redemptionFromRow, type EventRow, type ItemRow, type NewRedemptionRow, type RedemptionRow } from './shop-rows.ts';
import type { SqliteLedger } from './sqlite-ledger.ts';
import type { Redemption, ShopAuditEvent, ShopOutcome, ShopRefusal, ShopStore } from './shop-store.ts';

/** Thrown inside a transaction to roll it back with a refusal. */
class Refused extends Error {
  constructor(
    readonly reason: ShopRefusal,
    readonly balance?: number,
  ) {
    super(reason);
  }
}

const NEW_REDEMPTION_COLUMNS: readonly (keyof NewRedemptionRow)[] = [
  'id', 'request_id', 'volunteer_id', 'site_id', 'item_id', 'item_name_zh', 'item_name_en', 'price', 'local_month', 'state', 'code',
  'created_at', 'expires_at', 'handed_over_at', 'handed_over_by', 'debit_entry_id',
];

export function createSqliteShop(db: Database.Database, ledger: SqliteLedger): ShopStore {
  const s = {
    item: db.prepare<[string, string], ItemRow>('SELECT * FROM shop_items WHERE site_id = ? AND id = ?'),
    items: db.prepare<[string, number], ItemRow>('SELECT * FROM shop_items WHERE site_id = ? AND active >= ? ORDER BY price, id'),
    sites: db.prepare<[], { site_id: string }>('SELECT DISTINCT site_id FROM shop_items WHERE active = 1 ORDER BY site_id'),
    insertItem: db.prepare(
      `INSERT INTO shop_items (site_id, id, name_zh, name_en, price, photo, monthly_limit, active, stock, updated_at)
       VALUES (@siteId, @id, @nameZh, @nameEn, @price, @photo, @monthlyLimit, 1, @stock, @at)`,
    ),
    updateItem: db.prepare(
      `UPDATE shop_items SET name_zh = @nameZh, name_en = @nameEn, price = @price, photo = @photo, monthly_limit = @monthlyLimit, active = 1, updated_at = @at
       WHERE site_id = @siteId AND id = @id`,
    ),
    retire: db.prepare<[string, string, string]>('UPDATE shop_items SET active = 0, updated_at = ? WHERE site_id = ? AND id = ?'),
    setStock: db.prepare<[number, string, string]>('UPDATE shop_items SET stock = ? WHERE site_id = ? AND id = ?'),
    takeOne: db.prepare<[string, string]>('UPDATE shop_items SET stock = stock - 1 WHERE site_id = ? AND id = ? AND stock > 0'),
    putBack: db.prepare<[string, string]>('UPDATE shop_items SET stock = stock + 1 WHERE site_id = ? AND id = ?'),
    held: db.prepare<[string], { item_id: string; n: number }>("SELECT item_id, COUNT(*) AS n FROM shop_redemptions WHERE site_id = ? AND state = 'reserved' GROUP BY item_id"),
    takenThisMonth: db.prepare<[string, string, string, string], { n: number }>(
      "SELECT COUNT(*) AS n FROM shop_redemptions WHERE volunteer_id = ? AND site_id = ? AND item_id = ? AND local_month = ? AND state IN ('reserved', 'handed-over')",
    ),
    pendingCodes: db.prepare<[string], { code: string }>("SELECT code FROM shop_redemptions WHERE site_id = ? AND state = 'reserved'"),
    redemption: db.prepare<[string], RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.id = ?`),
    pendingByCode: db.prepare<[string, string], RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.site_id = ? AND r.code = ? AND r.state = 'reserved'`),
    latestByCode: db.prepare<[string, string], RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.site_id = ? AND r.code = ? ORDER BY r.created_at DESC LIMIT 1`),
    due: db.prepare<[string], { id: string }>("SELECT id FROM shop_redemptions WHERE state = 'reserved' AND expires_at <= ? ORDER BY expires_at"),
    insertRedemption: db.prepare(`INSERT INTO shop_redemptions (${NEW_REDEMPTION_COLUMNS.join(', ')}) VALUES (${NEW_REDEMPTION_COLUMNS.map((c) => `@${c}`).join(', ')})`),
    handOver: db.prepare<[string, string, string]>("UPDATE shop_redemptions SET state = 'handed-over', handed_over_at = ?, handed_over_by = ? WHERE id = ? AND state = 'reserved'"),
    close: db.prepare<{ id: string; from: string; to: string; at: string; actor: string | null; reason: string | null; refund: number }>(
      'UPDATE shop_redemptions SET state = @to, closed_at = @at, closed_by = @actor, reason = @reason, refund_entry_id = @refund WHERE id = @id AND state = @from',
    ),
    event: db.prepare<[string], EventRow>('SELECT * FROM shop_events WHERE request_id = ?'),
    insertEvent: db.prepare(
      `INSERT INTO shop_events (request_id, kind, site_id, item_id, redemption_id, actor, reason, detail, at)
       VALUES (@request_id, @kind, @site_id, @item_id, @redemption_id, @actor, @reason, @detail, @at)`,
    ),
    audit: db.prepare<[string, number], EventRow>('SELECT * FROM shop_events WHERE site_id = ? ORDER BY at DESC, rowid DESC LIMIT ?'),
  };

  const audit = (event: ShopAuditEvent): void => void s.insertEvent.run(eventToRow(event));
  const findRedemption = (id: string): Redemption | undefined => {
    const row = s.redemption.get(id);
    return row ? redemptionFromRow(row) : undefined;
  };

  /** The stored answer to a re-sent request id, or undefined when the id is new. */
  function replay(requestId: string, key: ShopRequestKey): ShopOutcome | undefined {
    const prior = s.event.get(requestId);
    if (!prior) return undefined;
    return replayOutcome(key, eventFromRow(prior), prior.redemption_id !== null ? findRedemption(prior.redemption_id) : undefined);
  }

  /** Runs `write` in an IMMEDIATE transaction; a Refused thrown inside rolls it back and becomes the answer. */
  function inTransaction(write: () => ShopOutcome): ShopOutcome {
    try {
      return db.transaction(write).immediate();
    } catch (err) {
      if (err instanceof Refused) return { ok: false, reason: err.reason, ...(err.balance !== undefined ? { balance: err.balance } : {}) };
      throw err;
    }
  }

  /** A reservation or a desk redemption: one unit, the debit, the row and its audit line. */
  function take(request: TakeRequest, how: { kind: 'reserved'; codes: readonly string[]; expiresAt: string } | { kind: 'redeemed'; actor: string }): ShopOutcome {
    const repeat = replay(request.requestId, { kind: how.kind, siteId: request.siteId, itemId: request.itemId, volunteerId: request.volunteerId });
    if (repeat) return repeat;
    const row = s.item.get(request.siteId, request.itemId);
    const item = row ? itemFromRow(row) : undefined;
    const refusal = takeRefusal(item, item ? s.takenThisMonth.get(request.volunteerId, request.siteId, request.itemId, request.localMonth)!.n : 0);
    if (refusal) throw new Refused(refusal);
    if (s.takeOne.run(request.siteId, request.itemId).changes === 0) throw new Refused('out-of-stock');
    const redemptionId = randomUUID();
    const debit = ledger.appendInTx(debitWrite(redemptionId, request, item!.price, how.kind === 'redeemed' ? how.actor : undefined));
    if (!debit.ok) {
      const refused = debitRefusal(debit);
      throw new Refused(refused.reason, refused.balance);
    }
    const ids = { redemptionId, debitEntryId: debit.entry.id };
    if (how.kind === 'reserved') {
      const code = pickFreeCode(how.codes, new Set(s.pendingCodes.all(request.siteId).map((r) => r.code)));
      s.insertRedemption.run(newRedemptionRow(request, item!, ids, { kind: 'reserved', code, expiresAt: how.expiresAt }));
    } else {
      s.insertRedemption.run(newRedemptionRow(request, item!, ids, how));
    }
    audit(takeEvent(request, redemptionId, how));
    return { ok: true, redemption: findRedemption(redemptionId)!, repeated: false };
  }

  /** Expiry, cancellation or reversal: the refund, the unit back, the state by compare-and-set, the audit line. */
  function close(redemptionId: string, request: ClosingRequest): ShopOutcome {
    const redemption = findRedemption(redemptionId);
    const refusal = closingRefusal(request, redemption);
    if (refusal) return { ok: false, reason: refusal };
    const refund = ledger.reverseInTx(refundReversal(redemption!, request));
    if (!refund.ok) throw new Error(`refund of redemption ${redemptionId} refused by the ledger: ${refund.reason}`);
    const { from, otherwise } = CLOSINGS[request.to];
    const changed = s.close.run({ id: redemptionId, from, to: request.to, at: request.at, actor: request.actor ?? null, reason: request.reason, refund: refund.entry.id }).changes === 1;
    if (!changed) throw new Refused(otherwise);
    s.putBack.run(redemption!.siteId, redemption!.itemId);
    audit(closingEvent(redemption!, request));
    return { ok: true, redemption: findRedemption(redemptionId)!, repeated: false };
  }

  const expire = (id: string, at: string) => close(id, { requestId: `shop-expire:${id}`, to: 'expired', at, reason: EXPIRY_REASON });

  return {
    async publishCatalogue(siteId, items, actor, at) {
      return db
        .transaction(() => {
          const held = new Map(s.held.all(siteId).map((r) => [r.item_id, r.n]));
          const plan = planCatalogue(siteId, items, s.items.all(siteId, 0).map(itemFromRow), (id) => held.get(id) ?? 0, { actor, at, newRequestId: randomUUID });
          for (const { item, stock, insert, stockChanged } of plan.writes) {
            const fields = { siteId, id: item.id, nameZh: item.name.zh, nameEn: item.name.en, price: item.price, photo: item.photo ?? null, monthlyLimit: item.monthlyLimit ?? null, at };
            if (insert) s.insertItem.run({ ...fields, stock });
            else s.updateItem.run(fields);
            if (stockChanged) s.setStock.run(stock, siteId, item.id);
          }
          for (const id of plan.retire) s.retire.run(at, siteId, id);
          for (const event of plan.events) audit(event);
          return plan.report;
        })
        .immediate();
    },

    async listItems(siteId, options = {}) {
      return s.items.all(siteId, options.includeInactive ? 0 : 1).map(itemFromRow);
    },

    async listSites() {
      return s.sites.all().map((row) => row.site_id);
    },

    async reserve(request) {
      return inTransaction(() => take(request, { kind: 'reserved', codes: request.codes, expiresAt: request.expiresAt }));
    },

    async redeem(request) {
      return inTransaction(() => take(request, { kind: 'redeemed', actor: request.actor }));
    },

    async handOver(request) {
      return inTransaction(() => {
        const repeat = replay(request.requestId, { kind: 'handed-over', siteId: request.siteId, code: request.code });
        if (repeat) return repeat;
        const row = s.pendingByCode.get(request.siteId, request.code);
        if (!row) {
          const latest = s.latestByCode.get(request.siteId, request.code);
          return { ok: false, reason: handOverRefusal(latest ? redemptionFromRow(latest) : undefined) };
        }
        const pending = redemptionFromRow(row);
        if (reservationRanOut(pending, request.at)) {
          // Its time ran out before the timer came round: expire it now, and commit that.
          expire(pending.id, request.at);
          return { ok: false, reason: 'reservation-expired' };
        }
        if (s.handOver.run(request.at, request.actor, pending.id).changes === 0) throw new Refused('not-pending');
        audit({ requestId: request.requestId, kind: 'handed-over', siteId: request.siteId, itemId: pending.itemId, redemptionId: pending.id, actor: request.actor, at: request.at });
        return { ok: true, redemption: findRedemption(pending.id)!, repeated: false };
      });
    },

    async cancel(request) {
      return inTransaction(() => replay(request.requestId, { kind: 'cancelled', redemptionId: request.redemptionId }) ?? close(request.redemptionId, { ...request, to: 'cancelled' }));
    },

    async reverse(request) {
      return inTransaction(() => replay(request.requestId, { kind: 'reversed', redemptionId: request.redemptionId }) ?? close(request.redemptionId, { ...request, to: 'reversed' }));
    },

    async expireDue(at) {
      const expired: Redemption[] = [];
      for (const { id } of s.due.all(at)) {
        // One transaction each: a replica expiring the same one at once finds it no longer reserved.
        const done = inTransaction(() => expire(id, at));
        if (done.ok) expired.push(done.redemption);
      }
      return expired;
    },

    async findRedemption(id) {
      return findRedemption(id);
    },

    async findPendingByCode(siteId, code) {
      const row = s.pendingByCode.get(siteId, code);
      return row ? redemptionFromRow(row) : undefined;
    },

    async listRedemptions(query) {
      const states = query.states ?? [];
      const rows = db
        .prepare<unknown[], RedemptionRow>(
          `${REDEMPTION_SELECT} WHERE (? IS NULL OR r.volunteer_id = ?) AND (? IS NULL OR r.site_id = ?)
           ${states.length > 0 ? `AND r.state IN (${states.map(() => '?').join(', ')})` : ''}
           ORDER BY r.created_at DESC, r.id LIMIT ?`,
        )
        .all(query.volunteerId ?? null, query.volunteerId ?? null, query.siteId ?? null, query.siteId ?? null, ...states, redemptionListLimit(query.limit));
      return rows.map(redemptionFromRow);
    },

    async listAudit(siteId, limit) {
      return s.audit.all(siteId, auditListLimit(limit)).map(eventFromRow);
    },
  };
}

/**
 * The SQLite rewards shop (shop-store.ts). Each write is one IMMEDIATE transaction that
 * holds the ledger entry (`appendInTx`/`reverseInTx` of sqlite-ledger.ts), the stock
 * change and the redemption row together; a refusal found part-way rolls all of it back.
 * Stock and state change by compare-and-set (`WHERE stock > 0`, `WHERE state = ?`), which
 * PostgreSQL honours the same way under concurrent transactions.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { SqliteLedger } from './sqlite-ledger.ts';
import type {
  CatalogueItem,
  CataloguePublishReport,
  Redemption,
  RedemptionState,
  ShopAuditEvent,
  ShopItem,
  ShopOutcome,
  ShopRefusal,
  ShopStore,
} from './shop-store.ts';

interface ItemRow {
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

interface RedemptionRow {
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

interface EventRow {
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

function itemFromRow(row: ItemRow): ShopItem {
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

function redemptionFromRow(row: RedemptionRow): Redemption {
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

function eventFromRow(row: EventRow): ShopAuditEvent {
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

/** Thrown inside a transaction to roll it back with a refusal. */
class Refused extends Error {
  constructor(
    readonly reason: ShopRefusal,
    readonly balance?: number,
  ) {
    super(reason);
  }
}

const REDEMPTION_SELECT = `SELECT r.*, COALESCE(rf.balance_after, d.balance_after) AS balance_after
  FROM shop_redemptions r JOIN ledger_entries d ON d.id = r.debit_entry_id LEFT JOIN ledger_entries rf ON rf.id = r.refund_entry_id`;

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
    heldBy: db.prepare<[string, string], { n: number }>("SELECT COUNT(*) AS n FROM shop_redemptions WHERE site_id = ? AND item_id = ? AND state = 'reserved'"),
    takenThisMonth: db.prepare<[string, string, string, string], { n: number }>(
      "SELECT COUNT(*) AS n FROM shop_redemptions WHERE volunteer_id = ? AND site_id = ? AND item_id = ? AND local_month = ? AND state IN ('reserved', 'handed-over')",
    ),
    redemption: db.prepare<[string], RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.id = ?`),
    pendingByCode: db.prepare<[string, string], RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.site_id = ? AND r.code = ? AND r.state = 'reserved'`),
    latestByCode: db.prepare<[string, string], RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.site_id = ? AND r.code = ? ORDER BY r.created_at DESC LIMIT 1`),
    due: db.prepare<[string], { id: string }>("SELECT id FROM shop_redemptions WHERE state = 'reserved' AND expires_at <= ? ORDER BY expires_at"),
    insertRedemption: db.prepare(
      `INSERT INTO shop_redemptions (id, request_id, volunteer_id, site_id, item_id, item_name_zh, item_name_en, price, local_month, state, code,
         created_at, expires_at, handed_over_at, handed_over_by, debit_entry_id)
       VALUES (@id, @requestId, @volunteerId, @siteId, @itemId, @nameZh, @nameEn, @price, @localMonth, @state, @code,
         @at, @expiresAt, @handedOverAt, @handedOverBy, @debitEntryId)`,
    ),
    handOver: db.prepare<[string, string, string]>("UPDATE shop_redemptions SET state = 'handed-over', handed_over_at = ?, handed_over_by = ? WHERE id = ? AND state = 'reserved'"),
    close: db.prepare<{ id: string; from: RedemptionState; to: RedemptionState; at: string; actor: string | null; reason: string | null; refund: number }>(
      'UPDATE shop_redemptions SET state = @to, closed_at = @at, closed_by = @actor, reason = @reason, refund_entry_id = @refund WHERE id = @id AND state = @from',
    ),
    event: db.prepare<[string], EventRow>('SELECT * FROM shop_events WHERE request_id = ?'),
    insertEvent: db.prepare(
      `INSERT INTO shop_events (request_id, kind, site_id, item_id, redemption_id, actor, reason, detail, at)
       VALUES (@requestId, @kind, @siteId, @itemId, @redemptionId, @actor, @reason, @detail, @at)`,
    ),
    audit: db.prepare<[string, number], EventRow>('SELECT * FROM shop_events WHERE site_id = ? ORDER BY at DESC, rowid DESC LIMIT ?'),
  };

  function audit(event: ShopAuditEvent): void {
    s.insertEvent.run({ itemId: null, redemptionId: null, actor: null, reason: null, detail: null, ...event });
  }

  function redemptionById(id: string): Redemption {
    return redemptionFromRow(s.redemption.get(id)!);
  }

  /** The stored answer to a retried request id, or a refusal when the id was used for something else. */
  function replay(requestId: string, kind: ShopAuditEvent['kind'], matches: (event: EventRow) => boolean): ShopOutcome | undefined {
    const prior = s.event.get(requestId);
    if (!prior) return undefined;
    if (prior.kind !== kind || prior.redemption_id === null || !matches(prior)) return { ok: false, reason: 'request-id-reused' };
    return { ok: true, redemption: redemptionById(prior.redemption_id), repeated: true };
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

  /** Takes one unit and debits the price: the shared first half of a reservation and a desk redemption. */
  function take(request: { requestId: string; volunteerId: string; siteId: string; itemId: string; localMonth: string; at: string }, actor: string | undefined) {
    const row = s.item.get(request.siteId, request.itemId);
    if (!row) throw new Refused('unknown-item');
    const item = itemFromRow(row);
    if (!item.active) throw new Refused('item-inactive');
    if (item.monthlyLimit !== undefined && s.takenThisMonth.get(request.volunteerId, request.siteId, request.itemId, request.localMonth)!.n >= item.monthlyLimit) {
      throw new Refused('monthly-limit');
    }
    if (s.takeOne.run(request.siteId, request.itemId).changes === 0) throw new Refused('out-of-stock');
    const redemptionId = randomUUID();
    const debit = ledger.appendInTx({
      requestId: `shop-debit:${redemptionId}`,
      volunteerId: request.volunteerId,
      kind: 'redeemed',
      points: -item.price,
      at: request.at,
      redemptionId,
      ...(actor !== undefined ? { actor } : {}),
    });
    if (!debit.ok) throw new Refused(debit.reason === 'unknown-volunteer' ? 'unknown-volunteer' : 'insufficient-points', debit.balance);
    return { item, redemptionId, debitEntryId: debit.entry.id };
  }

  /** Gives the points and the unit back and moves the redemption from `from` to `to`; false when it was no longer in `from`. */
  function giveBack(redemption: Redemption, from: RedemptionState, to: RedemptionState, at: string, actor: string | undefined, reason: string): boolean {
    const refund = ledger.reverseInTx({ requestId: `shop-refund:${redemption.id}`, entryId: redemption.debitEntryId, at, actor: actor ?? 'central', reason });
    if (!refund.ok) throw new Error(`refund of redemption ${redemption.id} refused by the ledger: ${refund.reason}`);
    const changed = s.close.run({ id: redemption.id, from, to, at, actor: actor ?? null, reason, refund: refund.entry.id }).changes === 1;
    if (!changed) throw new Refused(from === 'reserved' ? 'not-pending' : 'not-handed-over');
    s.putBack.run(redemption.siteId, redemption.itemId);
    return true;
  }

  function expireOne(id: string, at: string): Redemption | undefined {
    const row = s.redemption.get(id);
    if (!row || row.state !== 'reserved') return undefined;
    const redemption = redemptionFromRow(row);
    giveBack(redemption, 'reserved', 'expired', at, undefined, 'not handed over in time');
    audit({ requestId: `shop-expire:${id}`, kind: 'expired', siteId: redemption.siteId, itemId: redemption.itemId, redemptionId: id, at });
    return redemptionById(id);
  }

  return {
    async publishCatalogue(siteId, items: readonly CatalogueItem[], actor, at): Promise<CataloguePublishReport> {
      return db
        .transaction(() => {
          const report: CataloguePublishReport = { siteId, added: [], updated: [], retired: [], corrections: [] };
          const listed = new Set<string>();
          for (const item of items) {
            listed.add(item.id);
            const fields = { siteId, id: item.id, nameZh: item.name.zh, nameEn: item.name.en, price: item.price, photo: item.photo ?? null, monthlyLimit: item.monthlyLimit ?? null, at };
            const existing = s.item.get(siteId, item.id);
            const held = s.heldBy.get(siteId, item.id)!.n;
            const stock = item.stock !== undefined ? Math.max(0, item.stock - held) : (existing?.stock ?? 0);
            if (!existing) {
              s.insertItem.run({ ...fields, stock });
              report.added.push(item.id);
            } else {
              s.updateItem.run(fields);
              report.updated.push(item.id);
              if (stock !== existing.stock) s.setStock.run(stock, siteId, item.id);
            }
            const from = existing?.stock ?? 0;
            if (item.stock !== undefined && (stock !== from || !existing)) {
              report.corrections.push({ itemId: item.id, from, to: stock });
              audit({ requestId: randomUUID(), kind: 'stock-corrected', siteId, itemId: item.id, actor, detail: `${from} -> ${stock} (shelf ${item.stock}, held ${held})`, at });
            }
          }
          for (const row of s.items.all(siteId, 1)) {
            if (listed.has(row.id)) continue;
            s.retire.run(at, siteId, row.id);
            report.retired.push(row.id);
          }
          audit({ requestId: randomUUID(), kind: 'catalogue-published', siteId, actor, detail: `${report.added.length} added, ${report.updated.length} updated, ${report.retired.length} retired`, at });
          return report;
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
      return inTransaction(() => {
        const repeat = replay(request.requestId, 'reserved', (e) => e.item_id === request.itemId && e.site_id === request.siteId && redemptionById(e.redemption_id!).volunteerId === request.volunteerId);
        if (repeat) return repeat;
        const { item, redemptionId, debitEntryId } = take(request, undefined);
        const code = request.codes.find((candidate) => !s.pendingByCode.get(request.siteId, candidate));
        if (code === undefined) throw new Error('no free redemption code among the candidates; pass more');
        s.insertRedemption.run({
          id: redemptionId,
          requestId: request.requestId,
          volunteerId: request.volunteerId,
          siteId: request.siteId,
          itemId: item.id,
          nameZh: item.name.zh,
          nameEn: item.name.en,
          price: item.price,
          localMonth: request.localMonth,
          state: 'reserved',
          code,
          at: request.at,
          expiresAt: request.expiresAt,
          handedOverAt: null,
          handedOverBy: null,
          debitEntryId,
        });
        audit({ requestId: request.requestId, kind: 'reserved', siteId: request.siteId, itemId: item.id, redemptionId, actor: `volunteer:${request.volunteerId}`, at: request.at });
        return { ok: true, redemption: redemptionById(redemptionId), repeated: false };
      });
    },

    async redeem(request) {
      return inTransaction(() => {
        const repeat = replay(request.requestId, 'redeemed', (e) => e.item_id === request.itemId && e.site_id === request.siteId && redemptionById(e.redemption_id!).volunteerId === request.volunteerId);
        if (repeat) return repeat;
        const { item, redemptionId, debitEntryId } = take(request, request.actor);
        s.insertRedemption.run({
          id: redemptionId,
          requestId: request.requestId,
          volunteerId: request.volunteerId,
          siteId: request.siteId,
          itemId: item.id,
          nameZh: item.name.zh,
          nameEn: item.name.en,
          price: item.price,
          localMonth: request.localMonth,
          state: 'handed-over',
          code: null,
          at: request.at,
          expiresAt: null,
          handedOverAt: request.at,
          handedOverBy: request.actor,
          debitEntryId,
        });
        audit({ requestId: request.requestId, kind: 'redeemed', siteId: request.siteId, itemId: item.id, redemptionId, actor: request.actor, at: request.at });
        return { ok: true, redemption: redemptionById(redemptionId), repeated: false };
      });
    },

    async handOver(request) {
      return inTransaction(() => {
        const repeat = replay(request.requestId, 'handed-over', (e) => e.site_id === request.siteId && redemptionById(e.redemption_id!).code === request.code);
        if (repeat) return repeat;
        const pending = s.pendingByCode.get(request.siteId, request.code);
        if (!pending) {
          const latest = s.latestByCode.get(request.siteId, request.code);
          if (!latest) return { ok: false, reason: 'unknown-redemption' };
          return { ok: false, reason: latest.state === 'expired' ? 'reservation-expired' : 'not-pending' };
        }
        if (Date.parse(pending.expires_at!) <= Date.parse(request.at)) {
          // Its time ran out before the timer came round: expire it now, and commit that.
          expireOne(pending.id, request.at);
          return { ok: false, reason: 'reservation-expired' };
        }
        if (s.handOver.run(request.at, request.actor, pending.id).changes === 0) throw new Refused('not-pending');
        audit({ requestId: request.requestId, kind: 'handed-over', siteId: request.siteId, itemId: pending.item_id, redemptionId: pending.id, actor: request.actor, at: request.at });
        return { ok: true, redemption: redemptionById(pending.id), repeated: false };
      });
    },

    async cancel(request) {
      return inTransaction(() => {
        const repeat = replay(request.requestId, 'cancelled', (e) => e.redemption_id === request.redemptionId);
        if (repeat) return repeat;
        const row = s.redemption.get(request.redemptionId);
        if (!row) return { ok: false, reason: 'unknown-redemption' };
        if (request.volunteerId !== undefined && row.volunteer_id !== request.volunteerId) return { ok: false, reason: 'not-yours' };
        if (row.state !== 'reserved') return { ok: false, reason: 'not-pending' };
        giveBack(redemptionFromRow(row), 'reserved', 'cancelled', request.at, request.actor, request.reason);
        audit({ requestId: request.requestId, kind: 'cancelled', siteId: row.site_id, itemId: row.item_id, redemptionId: row.id, actor: request.actor, reason: request.reason, at: request.at });
        return { ok: true, redemption: redemptionById(row.id), repeated: false };
      });
    },

    async reverse(request) {
      return inTransaction(() => {
        const repeat = replay(request.requestId, 'reversed', (e) => e.redemption_id === request.redemptionId);
        if (repeat) return repeat;
        const row = s.redemption.get(request.redemptionId);
        if (!row) return { ok: false, reason: 'unknown-redemption' };
        if (row.state !== 'handed-over') return { ok: false, reason: 'not-handed-over' };
        giveBack(redemptionFromRow(row), 'handed-over', 'reversed', request.at, request.actor, request.reason);
        audit({ requestId: request.requestId, kind: 'reversed', siteId: row.site_id, itemId: row.item_id, redemptionId: row.id, actor: request.actor, reason: request.reason, at: request.at });
        return { ok: true, redemption: redemptionById(row.id), repeated: false };
      });
    },

    async expireDue(at) {
      const expired: Redemption[] = [];
      for (const { id } of s.due.all(at)) {
        // One transaction each: a replica expiring the same one at once finds it no longer reserved.
        const done = db.transaction(() => expireOne(id, at)).immediate();
        if (done) expired.push(done);
      }
      return expired;
    },

    async findRedemption(id) {
      const row = s.redemption.get(id);
      return row ? redemptionFromRow(row) : undefined;
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
        .all(query.volunteerId ?? null, query.volunteerId ?? null, query.siteId ?? null, query.siteId ?? null, ...states, Math.min(Math.max(1, query.limit ?? 50), 500));
      return rows.map(redemptionFromRow);
    },

    async listAudit(siteId, limit = 100) {
      return s.audit.all(siteId, Math.min(Math.max(1, limit), 1000)).map(eventFromRow);
    },
  };
}

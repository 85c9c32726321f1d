/**
 * The PostgreSQL rewards shop (shop-store.ts), deciding as the SQLite one does through
 * central/shop/redemption-rules.ts. Each write is one SERIALIZABLE transaction
 * (pg-tx.ts) holding the ledger entry, the stock change and the redemption row. Of two
 * replicas taking the last unit at once, both read stock 1; the second's
 * `UPDATE … WHERE stock > 0` waits for the first's row lock, and when the first commits
 * PostgreSQL aborts the second (40001). Its retry reads stock 0 and answers
 * `out-of-stock`, so stock never goes below 0 and one debit is written. A state change
 * (hand-over, cancel, reversal, expiry) is a compare-and-set on `state` decided the same
 * way: once. Shop events are keyed by the request id, so a request re-sent to another
 * replica finds the stored answer.
 */
import type pg from 'pg';
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
} from '../../shop/redemption-rules.ts';
import { REDEMPTION_SELECT, eventFromRow, eventToRow, itemFromRow, redemptionFromRow, type EventRow, type ItemRow, type NewRedemptionRow, type RedemptionRow } from '../shop-rows.ts';
import type { Redemption, ShopAuditEvent, ShopOutcome, ShopRefusal, ShopStore } from '../shop-store.ts';
import type { PgLedger } from './pg-ledger.ts';
import { inTransaction, registerRuleIndexes, type PgTx } from './pg-tx.ts';

// Two replicas reserving at one site may both read a code as free and both insert it:
// the loser's retry reads the winner's reservation and takes the next candidate.
registerRuleIndexes('shop_pending_codes');

/** Thrown inside a transaction to roll it back and answer with `outcome` (a refusal, or a write stored meanwhile). */
class Answer extends Error {
  constructor(readonly outcome: ShopOutcome) {
    super(outcome.ok ? 'stored meanwhile' : outcome.reason);
  }
}

const refuse = (reason: ShopRefusal, balance?: number): Answer => new Answer({ ok: false, reason, ...(balance !== undefined ? { balance } : {}) });

type Queryable = pg.Pool | PgTx;

/** `INSERT INTO table (columns) VALUES ($1 …)` for one row given as column → value. */
function insertSql(table: string, row: object): { text: string; values: unknown[] } {
  const columns = Object.keys(row);
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, values: Object.values(row) };
}

async function redemptionById(db: Queryable, id: string): Promise<Redemption | undefined> {
  const { rows } = await db.query<RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.id = $1`, [id]);
  return rows[0] ? redemptionFromRow(rows[0]) : undefined;
}

async function pendingByCode(db: Queryable, siteId: string, code: string): Promise<Redemption | undefined> {
  const { rows } = await db.query<RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.site_id = $1 AND r.code = $2 AND r.state = 'reserved'`, [siteId, code]);
  return rows[0] ? redemptionFromRow(rows[0]) : undefined;
}

/**
 * Idempotent: `ON CONFLICT DO NOTHING`, then false when the request id was stored already.
 * Under SERIALIZABLE a row another transaction is inserting aborts this one (40001) instead,
 * so false means it was committed before; the caller then answers with what is stored.
 */
async function insertOnce(tx: PgTx, table: string, row: object, key: string): Promise<boolean> {
  const insert = insertSql(table, row);
  const done = await tx.query(`${insert.text} ON CONFLICT (${key}) DO NOTHING`, insert.values);
  return done.rowCount === 1;
}

async function audit(tx: PgTx, event: ShopAuditEvent, key: ShopRequestKey | undefined): Promise<void> {
  if (await insertOnce(tx, 'shop_events', eventToRow(event), 'request_id')) return;
  // Not reached while every write reads its request id first, as they all do; kept so a
  // request id is decided once even if one did not.
  throw new Answer((key && (await replay(tx, event.requestId, key))) ?? { ok: false, reason: 'request-id-reused' });
}

/** The stored answer to a re-sent request id, or undefined when the id is new. */
async function replay(tx: PgTx, requestId: string, key: ShopRequestKey): Promise<ShopOutcome | undefined> {
  const { rows } = await tx.query<EventRow>('SELECT * FROM shop_events WHERE request_id = $1', [requestId]);
  const prior = rows[0];
  if (!prior) return undefined;
  return replayOutcome(key, eventFromRow(prior), prior.redemption_id !== null ? await redemptionById(tx, prior.redemption_id) : undefined);
}

export function createPgShop(pool: pg.Pool, ledger: PgLedger): ShopStore {
  /** Runs `fn` in a SERIALIZABLE transaction; an Answer thrown inside rolls it back and becomes the answer. */
  async function write(fn: (tx: PgTx) => Promise<ShopOutcome>): Promise<ShopOutcome> {
    try {
      return await inTransaction(pool, fn);
    } catch (err) {
      if (err instanceof Answer) return err.outcome;
      throw err;
    }
  }

  /** A reservation or a desk redemption: one unit, the debit, the row and its audit line. */
  async function take(tx: PgTx, request: TakeRequest, how: { kind: 'reserved'; codes: readonly string[]; expiresAt: string } | { kind: 'redeemed'; actor: string }): Promise<ShopOutcome> {
    const key: ShopRequestKey = { kind: how.kind, siteId: request.siteId, itemId: request.itemId, volunteerId: request.volunteerId };
    const repeat = await replay(tx, request.requestId, key);
    if (repeat) return repeat;
    const found = await tx.query<ItemRow>('SELECT * FROM shop_items WHERE site_id = $1 AND id = $2', [request.siteId, request.itemId]);
    const item = found.rows[0] ? itemFromRow(found.rows[0]) : undefined;
    let taken = 0;
    if (item?.monthlyLimit !== undefined) {
      const counted = await tx.query<{ n: number }>(
        "SELECT COUNT(*)::integer AS n FROM shop_redemptions WHERE volunteer_id = $1 AND site_id = $2 AND item_id = $3 AND local_month = $4 AND state IN ('reserved', 'handed-over')",
        [request.volunteerId, request.siteId, request.itemId, request.localMonth],
      );
      taken = counted.rows[0]!.n;
    }
    const refusal = takeRefusal(item, taken);
    if (refusal) throw refuse(refusal);
    const took = await tx.query('UPDATE shop_items SET stock = stock - 1 WHERE site_id = $1 AND id = $2 AND stock > 0', [request.siteId, request.itemId]);
    if (took.rowCount === 0) throw refuse('out-of-stock');
    const redemptionId = randomUUID();
    const debit = await ledger.appendInTx(tx, debitWrite(redemptionId, request, item!.price, how.kind === 'redeemed' ? how.actor : undefined));
    if (!debit.ok) {
      const refused = debitRefusal(debit);
      throw refuse(refused.reason, refused.balance);
    }
    const ids = { redemptionId, debitEntryId: debit.entry.id };
    let row: NewRedemptionRow;
    if (how.kind === 'reserved') {
      const used = await tx.query<{ code: string }>("SELECT code FROM shop_redemptions WHERE site_id = $1 AND state = 'reserved' AND code = ANY($2::text[])", [request.siteId, how.codes]);
      const code = pickFreeCode(how.codes, new Set(used.rows.map((r) => r.code)));
      row = newRedemptionRow(request, item!, ids, { kind: 'reserved', code, expiresAt: how.expiresAt });
    } else {
      row = newRedemptionRow(request, item!, ids, how);
    }
    if (!(await insertOnce(tx, 'shop_redemptions', row, 'request_id'))) throw new Answer((await replay(tx, request.requestId, key)) ?? { ok: false, reason: 'request-id-reused' });
    await audit(tx, takeEvent(request, redemptionId, how), key);
    return { ok: true, redemption: (await redemptionById(tx, redemptionId))!, repeated: false };
  }

  /** Expiry, cancellation or reversal: the refund, the unit back, the state by compare-and-set, the audit line. */
  async function close(tx: PgTx, redemptionId: string, request: ClosingRequest): Promise<ShopOutcome> {
    const redemption = await redemptionById(tx, redemptionId);
    const refusal = closingRefusal(request, redemption);
    if (refusal) return { ok: false, reason: refusal };
    const refund = await ledger.reverseInTx(tx, refundReversal(redemption!, request));
    if (!refund.ok) throw new Error(`refund of redemption ${redemptionId} refused by the ledger: ${refund.reason}`);
    const { from, otherwise } = CLOSINGS[request.to];
    const changed = await tx.query(
      'UPDATE shop_redemptions SET state = $1, closed_at = $2, closed_by = $3, reason = $4, refund_entry_id = $5 WHERE id = $6 AND state = $7',
      [request.to, request.at, request.actor ?? null, request.reason, refund.entry.id, redemptionId, from],
    );
    if (changed.rowCount !== 1) throw refuse(otherwise);
    await tx.query('UPDATE shop_items SET stock = stock + 1 WHERE site_id = $1 AND id = $2', [redemption!.siteId, redemption!.itemId]);
    await audit(tx, closingEvent(redemption!, request), request.to === 'expired' ? undefined : { kind: request.to, redemptionId });
    return { ok: true, redemption: (await redemptionById(tx, redemptionId))!, repeated: false };
  }

  const expire = (tx: PgTx, id: string, at: string) => close(tx, id, { requestId: `shop-expire:${id}`, to: 'expired', at, reason: EXPIRY_REASON });

  async function listItems(siteId: string, includeInactive: boolean, db: Queryable = pool) {
    const { rows } = await db.query<ItemRow>('SELECT * FROM shop_items WHERE site_id = $1 AND active >= $2 ORDER BY price, id COLLATE "C"', [siteId, includeInactive ? 0 : 1]);
    return rows.map(itemFromRow);
  }

  return {
    async publishCatalogue(siteId, items, actor, at) {
      return inTransaction(pool, async (tx) => {
        const held = await tx.query<{ item_id: string; n: number }>(
          "SELECT item_id, COUNT(*)::integer AS n FROM shop_redemptions WHERE site_id = $1 AND state = 'reserved' GROUP BY item_id",
          [siteId],
        );
        const heldOf = new Map(held.rows.map((r) => [r.item_id, r.n]));
        const plan = planCatalogue(siteId, items, await listItems(siteId, true, tx), (id) => heldOf.get(id) ?? 0, { actor, at, newRequestId: randomUUID });
        for (const { item, stock, insert, stockChanged } of plan.writes) {
          const fields = [siteId, item.id, item.name.zh, item.name.en, item.price, item.photo ?? null, item.monthlyLimit ?? null, at];
          if (insert) {
            await tx.query(
              `INSERT INTO shop_items (site_id, id, name_zh, name_en, price, photo, monthly_limit, updated_at, active, stock) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)`,
              [...fields, stock],
            );
          } else {
            await tx.query(
              `UPDATE shop_items SET name_zh = $3, name_en = $4, price = $5, photo = $6, monthly_limit = $7, updated_at = $8, active = 1
                 ${stockChanged ? ', stock = $9' : ''} WHERE site_id = $1 AND id = $2`,
              stockChanged ? [...fields, stock] : fields,
            );
          }
        }
        if (plan.retire.length > 0) await tx.query('UPDATE shop_items SET active = 0, updated_at = $1 WHERE site_id = $2 AND id = ANY($3::text[])', [at, siteId, plan.retire]);
        for (const event of plan.events) await audit(tx, event, undefined);
        return plan.report;
      });
    },

    async listItems(siteId, options = {}) {
      return listItems(siteId, options.includeInactive === true);
    },

    async listSites() {
      const { rows } = await pool.query<{ site_id: string }>('SELECT site_id FROM shop_items WHERE active = 1 GROUP BY site_id ORDER BY site_id COLLATE "C"');
      return rows.map((row) => row.site_id);
    },

    async reserve(request) {
      return write((tx) => take(tx, request, { kind: 'reserved', codes: request.codes, expiresAt: request.expiresAt }));
    },

    async redeem(request) {
      return write((tx) => take(tx, request, { kind: 'redeemed', actor: request.actor }));
    },

    async handOver(request) {
      return write(async (tx) => {
        const key: ShopRequestKey = { kind: 'handed-over', siteId: request.siteId, code: request.code };
        const repeat = await replay(tx, request.requestId, key);
        if (repeat) return repeat;
        const pending = await pendingByCode(tx, request.siteId, request.code);
        if (!pending) {
          const latest = await tx.query<RedemptionRow>(`${REDEMPTION_SELECT} WHERE r.site_id = $1 AND r.code = $2 ORDER BY r.created_at DESC LIMIT 1`, [request.siteId, request.code]);
          return { ok: false, reason: handOverRefusal(latest.rows[0] ? redemptionFromRow(latest.rows[0]) : undefined) };
        }
        if (reservationRanOut(pending, request.at)) {
          // Its time ran out before the timer came round: expire it now, and commit that.
          await expire(tx, pending.id, request.at);
          return { ok: false, reason: 'reservation-expired' };
        }
        const handed = await tx.query("UPDATE shop_redemptions SET state = 'handed-over', handed_over_at = $1, handed_over_by = $2 WHERE id = $3 AND state = 'reserved'", [
          request.at,
          request.actor,
          pending.id,
        ]);
        if (handed.rowCount === 0) throw refuse('not-pending');
        await audit(tx, { requestId: request.requestId, kind: 'handed-over', siteId: request.siteId, itemId: pending.itemId, redemptionId: pending.id, actor: request.actor, at: request.at }, key);
        return { ok: true, redemption: (await redemptionById(tx, pending.id))!, repeated: false };
      });
    },

    async cancel(request) {
      return write(async (tx) => (await replay(tx, request.requestId, { kind: 'cancelled', redemptionId: request.redemptionId })) ?? close(tx, request.redemptionId, { ...request, to: 'cancelled' }));
    },

    async reverse(request) {
      return write(async (tx) => (await replay(tx, request.requestId, { kind: 'reversed', redemptionId: request.redemptionId })) ?? close(tx, request.redemptionId, { ...request, to: 'reversed' }));
    },

    async expireDue(at) {
      const due = await pool.query<{ id: string }>("SELECT id FROM shop_redemptions WHERE state = 'reserved' AND expires_at <= $1 ORDER BY expires_at", [at]);
      const expired: Redemption[] = [];
      for (const { id } of due.rows) {
        // One transaction each: a replica expiring the same one at once finds it no longer reserved.
        const done = await write((tx) => expire(tx, id, at));
        if (done.ok) expired.push(done.redemption);
      }
      return expired;
    },

    async findRedemption(id) {
      return redemptionById(pool, id);
    },

    async findPendingByCode(siteId, code) {
      return pendingByCode(pool, siteId, code);
    },

    async listRedemptions(query) {
      const { rows } = await pool.query<RedemptionRow>(
        `${REDEMPTION_SELECT} WHERE ($1::text IS NULL OR r.volunteer_id = $1) AND ($2::text IS NULL OR r.site_id = $2)
           AND (cardinality($3::text[]) = 0 OR r.state = ANY($3::text[]))
         ORDER BY r.created_at DESC, r.id COLLATE "C" LIMIT $4`,
        [query.volunteerId ?? null, query.siteId ?? null, query.states ?? [], redemptionListLimit(query.limit)],
      );
      return rows.map(redemptionFromRow);
    },

    async listAudit(siteId, limit) {
      const { rows } = await pool.query<EventRow>('SELECT * FROM shop_events WHERE site_id = $1 ORDER BY at DESC, seq DESC LIMIT $2', [siteId, auditListLimit(limit)]);
      return rows.map(eventFromRow);
    },
  };
}

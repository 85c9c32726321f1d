/**
 * The rewards shop and the review queue on PostgreSQL: the same contract suites as the
 * SQLite store, then two PgStores on one database (two pools, as two central replicas)
 * racing for the last unit of a site and deciding one review item at the same moment.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../../central/store/pg/pg-migrations.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { describeReviewsContract } from './reviews-contract.ts';
import { describeShopContract } from './shop-contract.ts';

const postgres = usePostgres();
const NOW = '2026-11-29T12:00:00.000Z';
const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };

async function freshStore(): Promise<PgStore> {
  return PgStore.connect(await postgres.freshDatabaseUrl());
}

describeShopContract('PostgreSQL', freshStore);
describeReviewsContract('PostgreSQL', freshStore);

describe('PostgreSQL shop and reviews across two replicas', () => {
  const opened: PgStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  /** Two stores, each with its own pool, on one fresh database. */
  async function twoReplicas(): Promise<[PgStore, PgStore]> {
    const url = await postgres.freshDatabaseUrl();
    const a = await PgStore.connect(url);
    const b = await PgStore.connect(url);
    opened.push(a, b);
    await Promise.all([a.migrate(), b.migrate()]);
    return [a, b];
  }

  async function seedLastUnit(store: PgStore, volunteers: readonly string[]): Promise<void> {
    await store.upsertVolunteers(volunteers.map((id) => ({ id, name: `Volunteer ${id}`, cards: [] })));
    for (const id of volunteers) await store.ledger.append({ requestId: `seed-${id}`, volunteerId: id, kind: 'adjusted', points: 50, at: NOW, actor: 'alice', reason: 'opening balance' });
    await store.shop.publishCatalogue('SITE-A', [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 1 }], 'alice', NOW);
  }

  async function debitsOf(store: PgStore): Promise<number> {
    const { rows } = await store.pool.query<{ n: number }>("SELECT COUNT(*)::integer AS n FROM ledger_entries WHERE kind = 'redeemed'");
    return rows[0]!.n;
  }

  it('migration 2 holds the shop and review tables', () => {
    const migration = PG_MIGRATIONS.find((m) => m.version === 2);
    for (const table of ['shop_items', 'shop_redemptions', 'shop_events', 'correction_requests', 'review_decisions']) expect(migration?.sql).toContain(`CREATE TABLE ${table}`);
  });

  it('two replicas redeeming the last unit at once: exactly one wins, the other is told out-of-stock, one debit', async () => {
    const [a, b] = await twoReplicas();
    await seedLastUnit(a, ['V-1', 'V-2']);
    const redeem = (store: PgStore, volunteerId: string, actor: string) =>
      store.shop.redeem({ requestId: randomUUID(), volunteerId, siteId: 'SITE-A', itemId: 'rice', localMonth: '2026-11', at: NOW, actor });
    const outcomes = await Promise.all([redeem(a, 'V-1', 'desk-a'), redeem(b, 'V-2', 'desk-b')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'out-of-stock' }]);
    expect((await b.shop.listItems('SITE-A'))[0]?.stock).toBe(0);
    expect(await debitsOf(a)).toBe(1);
    expect((await a.ledger.balance('V-1')) + (await b.ledger.balance('V-2'))).toBe(70);
  });

  it('two replicas reserving the last unit at once, with the same code candidates: one reservation, one debit', async () => {
    const [a, b] = await twoReplicas();
    await seedLastUnit(a, ['V-1', 'V-2']);
    const reserve = (store: PgStore, volunteerId: string) =>
      store.shop.reserve({ requestId: randomUUID(), volunteerId, siteId: 'SITE-A', itemId: 'rice', localMonth: '2026-11', at: NOW, expiresAt: '2026-11-29T12:15:00.000Z', codes: ['123456'] });
    const outcomes = await Promise.all([reserve(a, 'V-1'), reserve(b, 'V-2')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'out-of-stock' }]);
    expect((await a.shop.listItems('SITE-A'))[0]?.stock).toBe(0);
    expect(await debitsOf(b)).toBe(1);
    expect(await a.shop.listRedemptions({ siteId: 'SITE-A' })).toHaveLength(1);
  });

  it('two replicas reserving two items of one site at once with the same code candidates: each gets its own code', async () => {
    const [a, b] = await twoReplicas();
    await seedLastUnit(a, ['V-1', 'V-2']);
    const items = ['rice', 'oil'].map((id) => ({ id, name: { zh: id, en: id }, price: 10, stock: 5 }));
    await a.shop.publishCatalogue('SITE-A', items, 'alice', NOW);
    const reserve = (store: PgStore, volunteerId: string, itemId: string) =>
      store.shop.reserve({ requestId: randomUUID(), volunteerId, siteId: 'SITE-A', itemId, localMonth: '2026-11', at: NOW, expiresAt: '2026-11-29T12:15:00.000Z', codes: ['111111', '222222'] });
    const outcomes = await Promise.all([reserve(a, 'V-1', 'rice'), reserve(b, 'V-2', 'oil')]);
    expect(outcomes.map((o) => (o.ok ? o.redemption.code : o.reason)).sort()).toEqual(['111111', '222222']);
    expect((await a.shop.listItems('SITE-A')).map((i) => i.stock)).toEqual([4, 4]);
  });

  it('one request id sent to both replicas at once is one redemption, answered alike', async () => {
    const [a, b] = await twoReplicas();
    await seedLastUnit(a, ['V-1']);
    const request = { requestId: randomUUID(), volunteerId: 'V-1', siteId: 'SITE-A', itemId: 'rice', localMonth: '2026-11', at: NOW, actor: 'desk-a' };
    const [first, second] = await Promise.all([a.shop.redeem(request), b.shop.redeem(request)]);
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect([first, second].map((o) => o.ok && o.repeated).sort()).toEqual([false, true]);
    expect(first.ok && second.ok && first.redemption.id === second.redemption.id).toBe(true);
    expect(await debitsOf(a)).toBe(1);
    expect(await b.ledger.balance('V-1')).toBe(20);
  });

  it('a review item decided on two replicas at once is decided once, and credited once', async () => {
    const [a, b] = await twoReplicas();
    await a.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
    await a.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: 1, at: '2026-11-29T01:00:00.000Z' }], rules, NOW);
    await a.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:30:00.000Z'));
    const [held] = await b.reviews.list();
    expect(held?.reasons).toEqual(['auto-cutoff']);
    const credit = (store: PgStore, endedAt: string, actor: string) =>
      store.reviews.decide({ requestId: randomUUID(), itemId: held!.id, outcome: 'credit', endedAt, reason: 'checked the sign-in sheet', actor, at: '2026-11-30T01:00:00.000Z' }, rules);
    const outcomes = await Promise.all([credit(a, '2026-11-29T04:00:00.000Z', 'manager:alice'), credit(b, '2026-11-29T06:00:00.000Z', 'manager:bob')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason)).toEqual(['already-decided']);
    const winner = outcomes.find((o) => o.ok);
    const points = winner?.ok ? winner.decision.new.points : undefined;
    expect((await a.ledger.entries('V-1')).entries.map((e) => [e.kind, e.points])).toEqual([['earned', points]]);
    expect(await b.reviews.list({ state: 'credited' })).toHaveLength(1);
    expect((await a.phone.listAudit({ volunteerId: 'V-1' })).filter((e) => e.action === 'review-credited')).toHaveLength(1);
  });
});

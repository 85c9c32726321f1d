/**
 * SQLite specifics of the rewards shop: two store instances (two connections, as two
 * central processes on one box) on the same file race for the last unit, and
 * migration 7 is applied whatever migrations come after it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../central/store/sqlite-migrations.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';

const NOW = '2026-11-29T12:00:00.000Z';

describe('SQLite rewards shop', () => {
  const opened: SqliteStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  async function openStore(dir: string): Promise<SqliteStore> {
    const store = SqliteStore.open(dir);
    opened.push(store);
    await store.migrate();
    return store;
  }

  it('migration 7 creates the shop tables', () => {
    const migration = SQLITE_MIGRATIONS.find((m) => m.version === 7);
    expect(migration?.sql).toContain('CREATE TABLE shop_items');
    expect(migration?.sql).toContain('CREATE TABLE shop_redemptions');
    expect(migration?.sql).toContain('CREATE TABLE shop_events');
  });

  it('two store instances on one file: the last unit goes to exactly one, the other is told out-of-stock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-shop-'));
    const deskA = await openStore(dir);
    const deskB = await openStore(dir);
    await deskA.upsertVolunteers([
      { id: 'V-1', name: '张三丰', cards: [] },
      { id: 'V-2', name: 'John Smith', cards: [] },
    ]);
    for (const id of ['V-1', 'V-2']) await deskA.ledger.append({ requestId: `seed-${id}`, volunteerId: id, kind: 'adjusted', points: 50, at: NOW, actor: 'alice', reason: 'opening balance' });
    await deskA.shop.publishCatalogue('SITE-A', [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, stock: 1 }], 'alice', NOW);
    const take = (store: SqliteStore, volunteerId: string, actor: string) =>
      store.shop.redeem({ requestId: randomUUID(), volunteerId, siteId: 'SITE-A', itemId: 'rice', localMonth: '2026-11', at: NOW, actor });
    const outcomes = await Promise.all([take(deskA, 'V-1', 'desk-a'), take(deskB, 'V-2', 'desk-b')]);
    expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
    expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'out-of-stock' });
    const [item] = await deskB.shop.listItems('SITE-A');
    expect(item?.stock).toBe(0);
    expect((await deskA.ledger.balance('V-1')) + (await deskB.ledger.balance('V-2'))).toBe(70);
  });
});

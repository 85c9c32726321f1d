// Two replicas on one store: exactly one runs the run-once jobs; when it dies (stops
// renewing without a word) the other takes over within ttl + renew, and runs them at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobLeader } from '../../../central/jobs/job-leader.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';
import type { LeaseStore } from '../../../central/store/lease-store.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';

const log = createCentralLogger('silent');

describe('the run-once jobs leader', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoStores(): Promise<[SqliteStore, SqliteStore]> {
    const dir = mkdtempSync(join(tmpdir(), 'central-leader-'));
    const pair: [SqliteStore, SqliteStore] = [SqliteStore.open(dir), SqliteStore.open(dir)];
    for (const store of pair) {
      await store.migrate();
      cleanups.push(() => store.close());
    }
    return pair;
  }

  it('lets one replica hold the jobs, and moves them to the other when the holder dies', async () => {
    const [storeA, storeB] = await twoStores();
    const gained: string[] = [];
    // Replica a's process dies: from then on it never reaches the store again.
    let aAlive = true;
    const aLeases: LeaseStore = {
      hold: (...args) => (aAlive ? storeA.leases.hold(...args) : Promise.reject(new Error('dead'))),
      release: (...args) => (aAlive ? storeA.leases.release(...args) : Promise.reject(new Error('dead'))),
    };
    const a = new JobLeader({ leases: aLeases, log, holder: 'a', ttlMs: 600, renewEveryMs: 100, onGained: () => gained.push('a') });
    const b = new JobLeader({ leases: storeB.leases, log, holder: 'b', ttlMs: 600, renewEveryMs: 100, onGained: () => gained.push('b') });
    await a.start();
    await b.start();
    cleanups.push(() => a.stop(), () => b.stop());
    expect([a.holds(), b.holds()]).toEqual([true, false]);
    expect(gained).toEqual(['a']);
    aAlive = false;
    await expect.poll(() => b.holds(), { timeout: 10_000, interval: 50 }).toBe(true);
    expect(gained).toEqual(['a', 'b']);
    // a's own belief lapses too, so the two never both run the jobs for long.
    await expect.poll(() => a.holds(), { timeout: 10_000, interval: 50 }).toBe(false);
  });

  it('hands over at once on a clean stop', async () => {
    const [storeA, storeB] = await twoStores();
    const a = new JobLeader({ leases: storeA.leases, log, holder: 'a', ttlMs: 60_000, renewEveryMs: 100 });
    const b = new JobLeader({ leases: storeB.leases, log, holder: 'b', ttlMs: 60_000, renewEveryMs: 100 });
    await a.start();
    await b.start();
    cleanups.push(() => b.stop());
    expect(b.holds()).toBe(false);
    await a.stop();
    expect(a.holds()).toBe(false);
    await expect.poll(() => b.holds(), { timeout: 10_000, interval: 50 }).toBe(true);
  });

  it('stops believing it holds the lease when the store stops answering, after the ttl', async () => {
    let clock = 0;
    let answering = true;
    const leases: LeaseStore = {
      hold: async () => {
        if (!answering) throw new Error('connection refused');
        return true;
      },
      release: async () => undefined,
    };
    const leader = new JobLeader({ leases, log, holder: 'a', ttlMs: 1_000, renewEveryMs: 200, nowMs: () => clock });
    await leader.tryHold();
    expect(leader.holds()).toBe(true);
    answering = false;
    clock = 500;
    await leader.tryHold();
    expect(leader.holds()).toBe(true);
    clock = 1_000;
    expect(leader.holds()).toBe(false);
  });

  it('refuses a renew interval that leaves no margin before the lease lapses', () => {
    expect(() => new JobLeader({ leases: { hold: async () => true, release: async () => undefined }, log, ttlMs: 1_000, renewEveryMs: 800 })).toThrow(/at most half of ttlMs/);
  });
});

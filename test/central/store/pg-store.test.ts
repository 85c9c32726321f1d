import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreSchemaError } from '../../../central/errors.ts';
import type { CardCheckInRequest, RecordOutcome } from '../../../central/store/central-store.ts';
import { PG_MIGRATIONS } from '../../../central/store/pg/pg-migrations.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { describeStoreContract } from './store-contract.ts';
import { describeLeaseContract } from './lease-contract.ts';
import { describeDeskSessionContract } from './desk-session-contract.ts';
import { describeAlertContract } from './alert-contract.ts';
import { describeContentVersionContract } from './content-version-contract.ts';
import { describeUptimeContract } from './uptime-contract.ts';
import { describeAlertSubscriptionContract } from './alert-subscription-contract.ts';
import { describePlayContract } from './play-contract.ts';
import { describeMediaContract } from './media-contract.ts';

const postgres = usePostgres();

const freshStore = async (): Promise<PgStore> => PgStore.connect(await postgres.freshDatabaseUrl());

describeStoreContract('PostgreSQL', freshStore, ['trusted-time', 'ledger', 'bank']);

describeLeaseContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describeUptimeContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describePlayContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describeMediaContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describeContentVersionContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describeDeskSessionContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describeAlertContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

describeAlertSubscriptionContract('PostgreSQL', async () => {
  const url = await postgres.freshDatabaseUrl();
  return [await PgStore.connect(url), await PgStore.connect(url)];
});

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
const NOW = '2026-11-29T12:00:00.000Z';
const tap = (cardUid: string, at: string, seq: number, stationId = 'ST-0001'): CardCheckInRequest => ({ id: randomUUID(), stationId, method: 'card', cardUid, seq, at });
const resultOf = (outcome: RecordOutcome | undefined) => (outcome?.kind === 'recorded' ? outcome.result : undefined);

describe('PostgreSQL store: several replicas on one database', () => {
  const open: PgStore[] = [];
  /** Two stores with a pool each, as two central replicas would have. */
  async function replicas(count = 2): Promise<PgStore[]> {
    const url = await postgres.freshDatabaseUrl();
    const stores = await Promise.all(Array.from({ length: count }, () => PgStore.connect(url)));
    open.push(...stores);
    return stores;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  it('two replicas migrating the same empty database at once: one schema, both ready', async () => {
    const [a, b] = await replicas();
    const versions = await Promise.all([a!.migrate(), b!.migrate()]);
    const latest = PG_MIGRATIONS.at(-1)!.version;
    expect(versions).toEqual([latest, latest]);
    const applied = await a!.pool.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
    expect(applied.rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    // Both are usable: one writes, the other reads it.
    await a!.setMeta('k', 'v');
    expect(await b!.getMeta('k')).toBe('v');
  });

  it('refuses a database written by a newer schema version', async () => {
    const [store] = await replicas(1);
    await store!.migrate();
    await store!.pool.query(`INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')`);
    await expect(store!.migrate()).rejects.toThrow(StoreSchemaError);
  });

  it('connect() names the store URL, without its password, when the server is not there', async () => {
    const url = new URL(await postgres.freshDatabaseUrl());
    url.password = 'secret-pass';
    url.port = '1';
    const error = await PgStore.connect(url.toString()).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot reach the PostgreSQL store at postgres:\/\/.*:1\/.*store\.url/);
    expect((error as Error).message).not.toContain('secret-pass');
  });

  it('the ledger refuses edits and deletes in the schema itself', async () => {
    const [store] = await replicas(1);
    await store!.migrate();
    await store!.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: [] }]);
    await store!.ledger.append({ requestId: 'r1', volunteerId: 'V-1', kind: 'adjusted', points: 5, at: NOW, actor: 'manager:alice', reason: 'paper sheet' });
    await expect(store!.pool.query('UPDATE ledger_entries SET points = 50')).rejects.toThrow(/never edited/);
    await expect(store!.pool.query('DELETE FROM ledger_entries')).rejects.toThrow(/never deleted/);
    await expect(store!.pool.query('TRUNCATE ledger_entries CASCADE')).rejects.toThrow(/never deleted/);
    await expect(store!.pool.query(`INSERT INTO ledger_entries (request_id, volunteer_id, kind, points, balance_after, at) VALUES ('r2', 'V-1', 'redeemed', -9, -4, 'x')`)).rejects.toThrow(/check constraint/);
    expect(await store!.ledger.balance('V-1')).toBe(5);
  });

  it('two replicas recording the same check-in id at once: one record, the same Result for both', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    await a!.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
    for (let round = 0; round < 10; round++) {
      const request = tap('04A1B2C3', new Date(Date.parse('2026-11-29T01:00:00.000Z') + round * 10 * 60_000).toISOString(), round + 1);
      const [[fromA], [fromB]] = await Promise.all([a!.recordCheckIns([request], rules, NOW), b!.recordCheckIns([request], rules, NOW)]);
      expect(resultOf(fromA)).toBeDefined();
      expect(resultOf(fromA)).toEqual(resultOf(fromB));
      expect([fromA, fromB].map((o) => o?.kind === 'recorded' && o.repeated).sort()).toEqual([false, true]);
    }
    const checkins = await a!.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM checkins');
    expect(checkins.rows[0]!.n).toBe(10);
    // Alternating in/out, as if recorded one at a time: 5 sessions, all closed.
    const sessions = await a!.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' });
    expect(sessions.map((s) => s.minutes)).toEqual([10, 10, 10, 10, 10]);
  });

  it('two taps of one volunteer on two replicas at once: never two open sessions', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    const volunteers = Array.from({ length: 10 }, (_, i) => ({ id: `V-${i}`, name: `Volunteer ${i}`, cards: [`CA${String(i).padStart(6, '0')}`] }));
    await a!.upsertVolunteers(volunteers);
    const at = '2026-11-29T01:00:00.000Z';
    for (const [i, volunteer] of volunteers.entries()) {
      // Different check-ins (two stations), the same volunteer, the same moment.
      const [[fromA], [fromB]] = await Promise.all([
        a!.recordCheckIns([tap(volunteer.cards[0]!, at, i + 1, 'ST-0001')], rules, NOW),
        b!.recordCheckIns([tap(volunteer.cards[0]!, at, i + 1, 'ST-0002')], rules, NOW),
      ]);
      // One opened the session; the other, serialised after it, is its duplicate.
      expect([resultOf(fromA)?.status, resultOf(fromB)?.status].sort()).toEqual(['accepted', 'duplicate']);
    }
    const openSessions = await a!.pool.query<{ volunteer_id: string; n: number }>('SELECT volunteer_id, count(*)::int AS n FROM sessions WHERE ended_at IS NULL GROUP BY 1 ORDER BY 1');
    expect(openSessions.rows.map((r) => r.n)).toEqual(volunteers.map(() => 1));
  });

  it('one station\'s seqs recorded by two replicas in any order: no gap is left once all arrived', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    // A fixed shuffle of 1..40, each seq to the replica of its parity. Each replica records
    // one transaction at a time, as its check-in consumer does; the two run side by side.
    const seqs = Array.from({ length: 40 }, (_, i) => ((i * 17) % 40) + 1);
    const consume = async (store: PgStore, mine: number[]) => {
      const outcomes: RecordOutcome[] = [];
      for (const seq of mine) outcomes.push(...(await store.recordCheckIns([tap('DEADBEEF', NOW, seq)], rules, NOW)));
      return outcomes;
    };
    const outcomes = await Promise.all([consume(a!, seqs.filter((q) => q % 2 === 0)), consume(b!, seqs.filter((q) => q % 2 === 1))]);
    expect(outcomes.flat().filter((o) => o.kind === 'recorded')).toHaveLength(40);
    expect(await a!.listSeqGaps()).toEqual([]);
    expect(await b!.listStationActivity()).toEqual([{ stationId: 'ST-0001', lastCheckInAt: NOW, maxSeq: 40 }]);
  });

  it('two replicas recording batches that share volunteers and stations in opposite orders: every tap, seq and session kept', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    // The batches lock their rows (pg-checkin-locks.ts): in opposite orders they must
    // neither deadlock for good nor lose a station's seq or open two sessions.
    const volunteers = Array.from({ length: 20 }, (_, i) => ({ id: `V-${i}`, name: `Volunteer ${i}`, cards: [`CC${String(i).padStart(6, '0')}`] }));
    await a!.upsertVolunteers(volunteers);
    const station = (i: number) => `ST-${String(i + 1).padStart(4, '0')}`;
    for (let round = 0; round < 3; round++) {
      const at = new Date(Date.parse('2026-11-29T01:00:00.000Z') + round * 30 * 60_000).toISOString();
      // Station i gets seq 2·round+1 through replica a and 2·round+2 through b, volunteer i a tap through each.
      const batchA = volunteers.map((v, i) => tap(v.cards[0]!, at, 2 * round + 1, station(i)));
      const batchB = volunteers.map((v, i) => tap(v.cards[0]!, at, 2 * round + 2, station(i))).reverse();
      const [fromA, fromB] = await Promise.all([a!.recordCheckIns(batchA, rules, NOW), b!.recordCheckIns(batchB, rules, NOW)]);
      expect([...fromA, ...fromB].every((o) => resultOf(o) !== undefined)).toBe(true);
      // Round 0: per volunteer one tap opens the session and the other, the same moment, is its duplicate.
      if (round === 0) expect([...fromA, ...fromB].filter((o) => resultOf(o)?.status === 'duplicate')).toHaveLength(20);
    }
    const openSessions = await a!.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE ended_at IS NULL GROUP BY volunteer_id');
    expect(openSessions.rows.every((r) => r.n === 1)).toBe(true);
    expect(await a!.listSeqGaps()).toEqual([]);
    const activity = await b!.listStationActivity();
    expect(activity.map((s) => [s.stationId, s.maxSeq]).sort()).toEqual(volunteers.map((_, i) => [station(i), 6]));
    const checkins = await a!.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM checkins');
    expect(checkins.rows[0]!.n).toBe(120);
  });

  it('a tap closing a session while the cutoff job closes it on another replica: closed once, credited at most once', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    const volunteers = Array.from({ length: 10 }, (_, i) => ({ id: `V-${i}`, name: `Volunteer ${i}`, cards: [`CD${String(i).padStart(6, '0')}`] }));
    await a!.upsertVolunteers(volunteers);
    await a!.recordCheckIns(volunteers.map((v, i) => tap(v.cards[0]!, '2026-11-29T01:00:00.000Z', i + 1)), rules, NOW);
    // The check-out is dated before the cutoff; the job runs as if the cutoff had passed.
    const checkOuts = volunteers.map((v, i) => tap(v.cards[0]!, '2026-11-29T06:00:00.000Z', 100 + i, 'ST-0002'));
    await Promise.all([a!.recordCheckIns(checkOuts, rules, NOW), b!.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:30:00.000Z'))]);
    const sessions = await a!.pool.query<{ volunteer_id: string; closed_by: string; points: number; ended_at: string | null }>(
      `SELECT volunteer_id, closed_by, points, ended_at FROM sessions ORDER BY volunteer_id, started_at`,
    );
    for (const volunteer of volunteers) {
      const mine = sessions.rows.filter((r) => r.volunteer_id === volunteer.id);
      // Either the tap closed the session (10 points), or the job did and the tap opened a new one.
      const byTap = mine.filter((r) => r.closed_by === 'tap');
      const byJob = mine.filter((r) => r.closed_by === 'auto-cutoff');
      expect(byTap.length + byJob.length).toBe(1);
      expect(mine.filter((r) => r.ended_at === null)).toHaveLength(byJob.length);
      expect(await a!.ledger.balance(volunteer.id)).toBe(byTap.length * 10);
    }
  });

  it('the cutoff job on two replicas at once closes each open session once', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    const volunteers = Array.from({ length: 6 }, (_, i) => ({ id: `V-${i}`, name: `Volunteer ${i}`, cards: [`CB${String(i).padStart(6, '0')}`] }));
    await a!.upsertVolunteers(volunteers);
    await a!.recordCheckIns(volunteers.map((v, i) => tap(v.cards[0]!, '2026-11-29T01:00:00.000Z', i + 1)), rules, NOW);
    const cutoff = Date.parse('2026-11-29T15:30:00.000Z');
    const closed = await Promise.all([a!.autoCloseDueSessions(rules, cutoff), b!.autoCloseDueSessions(rules, cutoff)]);
    expect(closed[0]! + closed[1]!).toBe(6);
    const sessions = await a!.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' });
    expect(sessions.map((s) => [s.closedBy, s.reviewReasons])).toEqual(volunteers.map(() => ['auto-cutoff', ['auto-cutoff']]));
  });

  it('points expiry on two replicas at once expires each earned entry once', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    await a!.upsertVolunteers([
      { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
      { id: 'V-2', name: 'John Smith', cards: ['11223344'] },
    ]);
    // Two 5-hour sessions each in 2022: 10 points per session.
    for (const [i, day] of ['2022-01-10', '2022-01-11'].entries()) {
      for (const [j, card] of ['04A1B2C3', '11223344'].entries()) {
        const start = `${day}T01:00:00.000Z`;
        const end = `${day}T06:00:00.000Z`;
        await a!.recordCheckIns([tap(card, start, i * 4 + j * 2 + 1), tap(card, end, i * 4 + j * 2 + 2)], rules, end);
      }
    }
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    const counts = await Promise.all([a!.bank.expirePoints(now, 3), b!.bank.expirePoints(now, 3)]);
    expect(counts[0]! + counts[1]!).toBe(4);
    expect(await a!.ledger.balance('V-1')).toBe(0);
    expect(await a!.ledger.balance('V-2')).toBe(0);
  });

  it('concurrent ledger appends on two replicas: every balance is the sum of its entries, and never below 0', async () => {
    const [a, b] = await replicas();
    await a!.migrate();
    await b!.migrate();
    await a!.upsertVolunteers([
      { id: 'V-1', name: '张三丰', cards: [] },
      { id: 'V-2', name: 'John Smith', cards: [] },
    ]);
    await a!.ledger.append({ requestId: 'seed', volunteerId: 'V-2', kind: 'adjusted', points: 5, at: NOW, actor: 'manager:alice', reason: 'start' });
    const writes = Array.from({ length: 20 }, (_, i) => ({ store: i % 2 === 0 ? a! : b!, i }));
    // Four writes in flight per volunteer at a time (two per replica): as many as HTTP
    // requests for one volunteer plausibly overlap, and within the transaction's retries.
    const inWaves = async <T,>(run: (write: (typeof writes)[number]) => Promise<T>): Promise<T[]> => {
      const done: T[] = [];
      for (let i = 0; i < writes.length; i += 4) done.push(...(await Promise.all(writes.slice(i, i + 4).map(run))));
      return done;
    };
    const [credits, spends] = await Promise.all([
      // V-1: 20 credits of 1..20, half through each replica.
      inWaves(({ store, i }) => store.ledger.append({ requestId: `credit-${i}`, volunteerId: 'V-1', kind: 'adjusted', points: i + 1, at: NOW, actor: 'manager:alice', reason: 'paper sheet' })),
      // V-2: 20 spends of 1 against a balance of 5: exactly 5 can succeed.
      inWaves(({ store, i }) => store.ledger.append({ requestId: `spend-${i}`, volunteerId: 'V-2', kind: 'redeemed', points: -1, at: NOW })),
    ]);
    expect(credits.every((o) => o.ok)).toBe(true);
    expect(spends.filter((o) => o.ok)).toHaveLength(5);
    expect(spends.filter((o) => !o.ok).map((o) => !o.ok && o.reason)).toEqual(Array(15).fill('insufficient-points'));
    expect(await a!.ledger.balance('V-1')).toBe(210);
    expect(await b!.ledger.balance('V-2')).toBe(0);
    // In append order, each entry's balance is the one before plus its points.
    for (const volunteerId of ['V-1', 'V-2']) {
      const { entries } = await a!.ledger.entries(volunteerId, { limit: 500 });
      let balance = 0;
      for (const entry of entries.reverse()) {
        balance += entry.points;
        expect(entry.balanceAfter).toBe(balance);
      }
      expect(balance).toBe(await a!.ledger.balance(volunteerId));
    }
  });
});

describe('pg driver', () => {
  it('parses bigint columns as numbers', async () => {
    const client = new pg.Client({ connectionString: await postgres.freshDatabaseUrl() });
    await client.connect();
    // PgStore sets the INT8 parser for the process when its module loads.
    const { rows } = await client.query<{ n: unknown }>('SELECT 9007199254740991::bigint AS n');
    await client.end();
    expect(rows[0]!.n).toBe(Number.MAX_SAFE_INTEGER);
  });
});

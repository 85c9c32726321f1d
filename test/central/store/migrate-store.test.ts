// `central migrate-store`: a SQLite district store copied into a real PostgreSQL, twice, and
// read back through PgStore; then the real `central` binary, and a mismatch it must report.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore } from '../../../central/store/central-store.ts';
import { formatMigrateReport, migrateSqliteToPostgres, MigrateStoreError } from '../../../central/store/migrate-store.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../central/store/sqlite-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';
import { STATION_SECRETS } from '../../helpers/central-fixture.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
const BIN = join(import.meta.dirname, '..', '..', '..', 'central', 'bin', 'central.js');
const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 * 400 };
const NOW = Date.parse('2026-11-29T12:00:00.000Z');
let seq = 0;
const tap = (at: string, cardUid: string): CardCheckInRequest => ({ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid, seq: ++seq, at });

/** A district's store with something in every part that PostgreSQL has a table for. */
async function districtStore(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'migrate-store-'));
  const store = SqliteStore.open(dataDir);
  await store.migrate();
  await store.upsertVolunteers([
    { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'], teamId: 'T-1' },
    { id: 'V-2', name: 'John Smith', cards: ['11223344'] },
  ]);
  await store.bank.upsertTeams([{ id: 'T-1', name: 'Riverside', leaderVolunteerId: 'V-1' }]);
  // Two closed sessions (earned points) and one left open, auto-closed for review.
  await store.recordCheckIns([tap('2026-11-02T01:00:00.000Z', '04A1B2C3'), tap('2026-11-02T03:00:00.000Z', '04A1B2C3')], rules, '2026-11-02T04:00:00.000Z');
  await store.recordCheckIns([tap('2026-11-03T01:00:00.000Z', '11223344'), tap('2026-11-03T02:30:00.000Z', '11223344'), tap('2026-11-04T01:00:00.000Z', '11223344')], rules, '2026-11-04T02:00:00.000Z');
  await store.autoCloseDueSessions(rules, Date.parse('2026-11-04T15:30:00.000Z'));
  const adjusted = await store.ledger.append({ requestId: 'adj-1', volunteerId: 'V-2', kind: 'adjusted', points: 5, at: '2026-11-05T00:00:00.000Z', actor: 'manager:alice', reason: 'paper sheet' });
  expect(adjusted.ok).toBe(true);
  if (adjusted.ok) await store.ledger.reverse({ requestId: 'rev-1', entryId: adjusted.entry.id, at: '2026-11-06T00:00:00.000Z', actor: 'manager:alice', reason: 'entered twice' });
  await store.phone.startPairing({ id: 'p1', volunteerId: 'V-1', stationId: 'ST-0001', deviceHash: 'device-1', code: '1234', state: 'awaiting-tap', createdAtMs: NOW, expiresAtMs: NOW + 120_000 }, 3, NOW);
  await store.phone.offerPairings(['p1'], { checkinId: 'tap-1', choices: ['1234', '0000'], expiresAtMs: NOW + 60_000 }, NOW);
  await store.phone.completePairing({ pairingId: 'p1', declineIds: [], bindingId: 'b1', actor: 'kiosk:K-1', nowMs: NOW, maxPhones: 3 });
  await store.phone.addPasskey({ credentialId: 'cred-1', bindingId: 'b1', publicKey: new Uint8Array([0, 1, 254, 255]), counter: 3, transports: ['internal'], createdAtMs: NOW }, NOW);
  await store.phone.recordFailedAttempt([{ scope: 'address', key: '10.0.0.1' }], NOW, { windowMs: 60_000, maxFailures: 10, blockMs: 60_000 });
  await store.certificates.insert({ id: 'C-AAAAAAAAAAAAAAAA', volunteerId: 'V-1', keyId: 'k', statement: '{"certificateId":"C-AAAAAAAAAAAAAAAA"}', signature: 'sig', issuedAt: '2026-11-30T00:00:00.000Z' });
  // The review queue: V-2's auto-closed session credited by a manager, V-1's correction waiting.
  const held = (await store.listSessions({ fromDate: '2026-11-04', toDate: '2026-11-04' })).find((x) => x.closedBy === 'auto-cutoff')!;
  expect((await store.reviews.decide({ requestId: 'dec-1', itemId: `session:${held.id}`, outcome: 'credit', endedAt: '2026-11-04T03:00:00.000Z', reason: 'on the sheet', actor: 'manager:alice', at: '2026-11-05T01:00:00.000Z' }, rules)).ok).toBe(true);
  const missing = { requestId: 'cor-1', volunteerId: 'V-1', kind: 'missing-session', stationId: 'ST-0001', startedAt: '2026-11-27T01:00:00.000Z', endedAt: '2026-11-27T02:00:00.000Z', at: '2026-11-28T00:00:00.000Z' } as const;
  expect((await store.reviews.requestCorrection(missing)).ok).toBe(true);
  // The shop: one reservation waiting at the desk, one hand-over, so stock and points moved.
  await store.shop.publishCatalogue('SITE-A', [{ id: 'towel', name: { zh: '毛巾', en: 'Towel' }, price: 1, stock: 5, monthlyLimit: 2, photo: 'rewards/towel.webp' }], 'content:rewards.json', '2026-11-06T00:00:00.000Z');
  const shopAt = { siteId: 'SITE-A', itemId: 'towel', localMonth: '2026-11', at: '2026-11-06T01:00:00.000Z' };
  expect((await store.shop.reserve({ ...shopAt, requestId: 'res-1', volunteerId: 'V-1', expiresAt: '2026-11-06T01:15:00.000Z', codes: ['123456'] })).ok).toBe(true);
  expect((await store.shop.redeem({ ...shopAt, requestId: 'red-1', volunteerId: 'V-1', actor: 'desk-a' })).ok).toBe(true);
  await store.uptime.recordTransition({ deviceKind: 'station', deviceId: 'ST-0001', siteId: 'SITE-A', state: 'online', atMs: NOW });
  await store.uptime.recordTransition({ deviceKind: 'station', deviceId: 'ST-0001', siteId: 'SITE-A', state: 'offline', atMs: NOW + 60_000 });
  await store.alertSubscriptions.replaceFor('alice', [{ email: 'ops@example.org', sites: ['SITE-A'], quietHours: { from: '22:00', to: '07:00' }, immediate: true, digestAt: '08:00' }], NOW);
  await store.play.recordHour({ kioskId: 'K-0001', stationId: 'ST-0001', siteId: 'SITE-A', hourMs: NOW - (NOW % 3_600_000), entries: [{ screen: 'home', appVersion: '1.0.0', durationMs: 3_600_000 }], receivedAtMs: NOW });
  await store.setMeta('district', 'riverside');
  await store.close();
  return dataDir;
}

/** What a replica would answer from either store: the same for both after a migration. */
async function view(store: CentralStore) {
  const range = { fromDate: '2026-11-01', toDate: '2026-11-30' };
  return {
    sessions: await store.listSessions(range),
    ledger: [await store.ledger.entries('V-1'), await store.ledger.entries('V-2')],
    balances: [await store.ledger.balance('V-1'), await store.ledger.balance('V-2')],
    figures: await store.reports.serviceFigures(range),
    teams: await store.bank.listTeams(),
    reportTeams: await store.reports.teams(),
    top: await store.reports.topVolunteers(range, 10),
    bindings: await store.phone.bindingsOfVolunteer('V-1'),
    passkey: await store.phone.passkeyById('cred-1'),
    counters: await store.phone.attemptCounters([{ scope: 'address', key: '10.0.0.1' }]),
    audit: await store.phone.listAudit({}),
    certificates: await store.certificates.listOfVolunteer('V-1'),
    gaps: await store.listSeqGaps(),
    stations: await store.listStationActivity(),
    meta: await store.getMeta('district'),
    reviews: await store.reviews.list({ state: 'all' }),
    corrections: await store.reviews.correctionsOf('V-1'),
    items: await store.shop.listItems('SITE-A', { includeInactive: true }),
    redemptions: await store.shop.listRedemptions({}),
    shopAudit: await store.shop.listAudit('SITE-A'),
    uptime: await store.uptime.transitionsFor({ fromMs: 0, toMs: NOW + 86_400_000 }),
    play: await store.play.hoursFor({ fromMs: 0, toMs: NOW + 86_400_000 }),
  };
}

function central(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('migrate-store: SQLite -> PostgreSQL', () => {
  it('copies every row, verifies counts and balances, and a second run copies nothing and still verifies', async () => {
    const dataDir = await districtStore();
    const url = await postgres.freshDatabaseUrl();
    const first = await migrateSqliteToPostgres({ dataDir, postgresUrl: url });
    expect(first.ok).toBe(true);
    expect(first.balanceMismatches).toEqual([]);
    expect(first.volunteersChecked).toBe(2);
    const counted = Object.fromEntries(first.tables.map((t) => [t.table, t.postgres]));
    expect(counted).toMatchObject({
      volunteers: 2,
      teams: 1,
      cards: 2,
      checkins: 5,
      sessions: 3,
      session_review_flags: 1,
      ledger_entries: 7,
      phone_bindings: 1,
      phone_passkeys: 1,
      certificates: 1,
      uptime_transitions: 2,
      alert_subscriptions: 1,
      play_hours: 1,
      review_decisions: 1,
      correction_requests: 1,
      shop_items: 1,
      shop_redemptions: 2,
    });
    expect(first.skipped).toEqual([]);
    expect(first.tables.every((t) => t.copied === t.sqlite && t.sqlite === t.postgres)).toBe(true);

    const again = await migrateSqliteToPostgres({ dataDir, postgresUrl: url });
    expect(again.ok).toBe(true);
    expect(again.tables.map((t) => t.copied)).toEqual(again.tables.map(() => 0));
    expect(formatMigrateReport(again)).toMatch(/ledger_entries\s+7\s+0\s+7\s+ok/);

    const sqlite = SqliteStore.open(dataDir);
    const pg = await PgStore.connect(url);
    try {
      await sqlite.migrate();
      await pg.migrate();
      expect(await view(pg)).toEqual(await view(sqlite));
      // Generated ids continue after the copied ones, in both stores alike.
      const next = { requestId: 'adj-2', volunteerId: 'V-1', kind: 'adjusted', points: 1, at: '2026-11-07T00:00:00.000Z', actor: 'manager:alice', reason: 'r' } as const;
      const [a, b] = [await sqlite.ledger.append(next), await pg.ledger.append(next)];
      expect(a.ok && b.ok && a.entry.id === b.entry.id).toBe(true);
    } finally {
      await sqlite.close();
      await pg.close();
    }
  });

  it('central migrate-store prints the table, exits 0, and exits 1 when PostgreSQL holds what SQLite does not', async () => {
    const dataDir = await districtStore();
    const url = await postgres.freshDatabaseUrl();
    const config = join(dataDir, 'central.json');
    writeFileSync(join(dataDir, 'stations.json'), JSON.stringify({ 'ST-0001': { siteId: 'SITE-01', secret: STATION_SECRETS['ST-0001'], name: { zh: '一号站', en: 'Station 1' } } }));
    writeFileSync(config, JSON.stringify({ broker: { url: 'mqtt://127.0.0.1:1' }, dataDir: '.', http: { port: 0 }, stationsFile: 'stations.json' }));
    const ok = await central(['migrate-store', '--from', 'sqlite', '--to', 'postgres', '--to-url', url, '--config', config]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/volunteers\s+2\s+2\s+2\s+ok/);
    expect(ok.stdout).toMatch(/every table and balance matches/);
    expect(ok.stdout).not.toContain('张三丰');

    const pg = await PgStore.connect(url);
    await pg.migrate();
    await pg.upsertVolunteers([{ id: 'V-9', name: 'Someone Else', cards: [] }]);
    await pg.close();
    const bad = await central(['migrate-store', '--from', 'sqlite', '--to', 'postgres', '--config', config], { VS_CENTRAL_STORE_URL: url });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/volunteers\s+2\s+0\s+3\s+MISMATCH/);
    expect(bad.stdout).toMatch(/V-9: sqlite absent; postgres points 0, ledger 0/);

    const usage = await central(['migrate-store', '--from', 'postgres', '--to', 'sqlite', '--config', config]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/give --from sqlite --to postgres/);
  });

  it('refuses, copying nothing, a SQLite table it has no place for, and a folder with no store', async () => {
    const dataDir = await districtStore();
    const raw = new Database(join(dataDir, SQLITE_FILE_NAME));
    raw.exec('ANALYZE'); // sqlite_stat1 is SQLite's own, and no reason to refuse
    raw.exec(`CREATE TABLE local_notes (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO local_notes (note) VALUES ('x')`);
    raw.close();
    const url = await postgres.freshDatabaseUrl();
    const refused = migrateSqliteToPostgres({ dataDir, postgresUrl: url });
    await expect(refused).rejects.toThrow(MigrateStoreError);
    await expect(refused).rejects.toThrow(/nothing was copied:\n {2}SQLite table local_notes is not one this central knows how to move/);
    expect(((await refused.catch((e: unknown) => e)) as Error).message).not.toContain('sqlite_stat1');
    const pg = await PgStore.connect(url);
    await pg.migrate();
    expect(await pg.findVolunteer('V-1')).toBeUndefined();
    await pg.close();
    await expect(migrateSqliteToPostgres({ dataDir: mkdtempSync(join(tmpdir(), 'empty-')), postgresUrl: url })).rejects.toThrow(/no SQLite store at .*central\.sqlite: check dataDir/);
  });
});

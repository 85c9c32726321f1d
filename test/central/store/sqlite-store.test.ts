import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, SqliteStore } from '../../../central/store/sqlite-store.ts';
import { StoreSchemaError } from '../../../central/errors.ts';
import { SQLITE_MIGRATIONS } from '../../../central/store/sqlite-migrations.ts';
import { describeStoreContract } from './store-contract.ts';
import { describeLeaseContract } from './lease-contract.ts';
import { describeDeskSessionContract } from './desk-session-contract.ts';
import { describeAlertContract } from './alert-contract.ts';
import { describeContentVersionContract } from './content-version-contract.ts';
import { describeUptimeContract } from './uptime-contract.ts';
import { describeAlertSubscriptionContract } from './alert-subscription-contract.ts';
import { describePlayContract } from './play-contract.ts';
import { describeMediaContract } from './media-contract.ts';

describeStoreContract('SQLite file', async () => SqliteStore.open(mkdtempSync(join(tmpdir(), 'central-store-'))));

describe('SQLite store specifics', () => {
  it('uses WAL and keeps data across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-store-'));
    const store = SqliteStore.open(dir);
    await store.migrate();
    await store.setMeta('k', 'v');
    await store.close();
    const raw = new Database(join(dir, SQLITE_FILE_NAME));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.at(-1)!.version);
    raw.close();
    const again = SqliteStore.open(dir);
    await again.migrate();
    expect(await again.getMeta('k')).toBe('v');
    await again.close();
  });

  it('refuses a database written by a newer schema version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-store-'));
    const raw = new Database(join(dir, SQLITE_FILE_NAME));
    raw.pragma('user_version = 99');
    raw.close();
    const store = SqliteStore.open(dir);
    await expect(store.migrate()).rejects.toThrow(StoreSchemaError);
    await store.close();
  });
});

describeLeaseContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-leases-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describeDeskSessionContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-desk-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describeAlertContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-alerts-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describeUptimeContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-uptime-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describePlayContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-play-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describeMediaContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-media-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describeContentVersionContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-content-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

describeAlertSubscriptionContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-alert-subscriptions-'));
  return [SqliteStore.open(dir), SqliteStore.open(dir)];
});

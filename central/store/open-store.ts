/**
 * Opens the store central's config names (`store`, central/config.ts): the SQLite file
 * in `dataDir`, or PostgreSQL at `store.url`. `central run` and every CLI command that
 * touches data go through here, so they all open the same store. Not migrated yet:
 * the caller runs migrate().
 */
import type { StoreLocation } from '../config.ts';
import type { CentralStore } from './central-store.ts';
import { PgStore, redactUrl } from './pg/pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';

export async function openStore(loaded: { store: StoreLocation }): Promise<CentralStore> {
  return loaded.store.kind === 'postgres' ? PgStore.connect(loaded.store.url) : SqliteStore.open(loaded.store.dataDir);
}

/** Where the store is, for logs: the folder, or the URL without its password. */
export function describeStoreLocation(store: StoreLocation): { store: 'sqlite'; dataDir: string } | { store: 'postgres'; url: string } {
  return store.kind === 'postgres' ? { store: 'postgres', url: redactUrl(store.url) } : { store: 'sqlite', dataDir: store.dataDir };
}

import { describe, expect, it } from 'vitest';
import type { PhoneBindingStore } from '../../../central/store/phone-binding-store.ts';
import { listAudit } from '../../../central/store/pg/pg-audit.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { describeStoreContract } from './store-contract.ts';

const postgres = usePostgres();

/**
 * The bank contract reads the audit trail through `store.phone.listAudit`. Until the PG
 * phone store exists (pg-phone), give the store just that; migrate() replaces it with the
 * real one once PgStore builds `phone` itself.
 */
async function freshStore(): Promise<PgStore> {
  const store = await PgStore.connect(await postgres.freshDatabaseUrl());
  store.phone = { listAudit: (query) => listAudit(store.pool, query) } as Pick<PhoneBindingStore, 'listAudit'> as PhoneBindingStore;
  return store;
}

describeStoreContract('PostgreSQL', freshStore, ['trusted-time', 'ledger', 'bank']);

describe('PostgreSQL store specifics', () => {
  it('placeholder', () => {
    expect(PgStore).toBeDefined();
  });
});

/**
 * For the contracts about several replicas (leases, desk sessions): two stores on one
 * database, as two central processes have, migrated and closed after each test.
 */
import { afterEach } from 'vitest';
import type { CentralStore } from '../../../central/store/central-store.ts';

export type OpenTwo = () => Promise<[CentralStore, CentralStore]>;

/** Call inside a describe; the returned function opens and migrates a fresh pair. */
export function useTwoReplicas(openTwo: OpenTwo): () => Promise<[CentralStore, CentralStore]> {
  let stores: CentralStore[] = [];
  afterEach(async () => {
    for (const store of stores) await store.close();
    stores = [];
  });
  return async () => {
    const pair = await openTwo();
    stores.push(...pair);
    for (const store of pair) await store.migrate();
    return pair;
  };
}

/**
 * A real PostgreSQL for a test file: one private server (demo/private-postgres.ts),
 * started in beforeAll and stopped in afterAll, and a fresh empty database per call
 * of `freshDatabaseUrl()`, so every store under test starts from nothing.
 */
import { afterAll, beforeAll } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../../demo/private-postgres.ts';

export interface PostgresForTests {
  /** A new empty database on the file's server. */
  freshDatabaseUrl(): Promise<string>;
  server(): PrivatePostgres;
}

export function usePostgres(): PostgresForTests {
  let server: PrivatePostgres | undefined;
  let count = 0;
  beforeAll(async () => {
    server = await startPrivatePostgres({ fsync: false });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    freshDatabaseUrl: async () => {
      if (!server) throw new Error('usePostgres(): the server starts in beforeAll; call freshDatabaseUrl() inside a test or hook');
      count += 1;
      return server.createDatabase(`t${process.pid}_${count}`);
    },
    server: () => {
      if (!server) throw new Error('usePostgres(): the server is not started yet');
      return server;
    },
  };
}

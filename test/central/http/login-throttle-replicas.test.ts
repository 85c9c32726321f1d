// Manager logins behind a load balancer: two replicas (two store handles on one
// database, as two central processes have) count wrong passwords into one budget, so
// spreading guesses over replicas buys an attacker nothing. SQLite and PostgreSQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagerAuthenticator } from '../../../central/http/basic-auth.ts';
import { HttpError } from '../../../central/http/http-helpers.ts';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';
import { AttemptGuard } from '../../../central/phone/attempt-guard.ts';
import type { CentralStore } from '../../../central/store/central-store.ts';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const PASSWORD = 'correct horse';
const managers = { alice: hashManagerPassword(PASSWORD, { N: 1024, r: 8, p: 1 }) };
const postgres = usePostgres();

/** What authenticate reads of a request: the Authorization header and the client address. */
function loginRequest(name: string, password: string, ip: string): FastifyRequest {
  return { ip, headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` } } as FastifyRequest;
}

async function statusOf(auth: ManagerAuthenticator, request: FastifyRequest): Promise<number> {
  try {
    await auth.authenticate(request);
    return 200;
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
}

const stores: CentralStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe.each([
  ['SQLite file', async (): Promise<[CentralStore, CentralStore]> => {
    const dir = mkdtempSync(join(tmpdir(), 'central-throttle-'));
    return [SqliteStore.open(dir), SqliteStore.open(dir)];
  }],
  ['PostgreSQL', async (): Promise<[CentralStore, CentralStore]> => {
    const url = await postgres.freshDatabaseUrl();
    return [await PgStore.connect(url), await PgStore.connect(url)];
  }],
])('%s: the manager login throttle across two replicas', (_name, openTwo) => {
  it('locks a name after 10 wrong passwords spread over both replicas, on both, the right password included, for a minute', async () => {
    const pair = await openTwo();
    stores.push(...pair);
    for (const store of pair) await store.migrate();
    let nowMs = Date.parse('2026-12-02T08:00:00.000Z');
    const log = createCentralLogger('silent');
    const [a, b] = pair.map((store) => new ManagerAuthenticator({ managers, log, attempts: new AttemptGuard(store.phone, () => nowMs) })) as [ManagerAuthenticator, ManagerAuthenticator];

    for (let i = 0; i < 10; i++) {
      expect(await statusOf(i % 2 === 0 ? a : b, loginRequest('alice', `guess ${i}`, `10.0.0.${i}`)), `guess ${i + 1}`).toBe(401);
    }
    // A limit per replica would allow 10 more guesses on each; the shared one allows none.
    expect(await statusOf(a, loginRequest('alice', PASSWORD, '10.0.1.1'))).toBe(429);
    expect(await statusOf(b, loginRequest('alice', PASSWORD, '10.0.1.2'))).toBe(429);
    // Another name from an address that never failed is not locked.
    expect(await statusOf(b, loginRequest('bob', 'x', '10.0.1.3'))).toBe(401);
    nowMs += 61_000;
    expect(await statusOf(b, loginRequest('alice', PASSWORD, '10.0.1.2'))).toBe(200);
  });
});

// Central on PostgreSQL while its database goes away (a failover, a restart): the
// connections are cut and new ones refused. A check-in central cannot store gets no
// Result, so the agent keeps it and republishes; once the database takes connections
// again the republished check-in is recorded once and answered. Real PostgreSQL, real
// Mosquitto; the outage is made on the server (connections refused and terminated).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../../../central/store/pg/pg-store.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.server().adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('central when its PostgreSQL goes away and comes back', () => {
  let f: CentralFixture;
  let url: string;
  let database: string;
  beforeAll(async () => {
    url = await postgres.freshDatabaseUrl();
    database = new URL(url).pathname.slice(1);
    f = await startCentralFixture({ deps: { store: await PgStore.connect(url) } });
  }, 60_000);
  afterAll(async () => {
    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await f?.stop();
  });

  const count = async (id: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM checkins WHERE id = $1', [id])).rows[0]!.n);
    } finally {
      await client.end();
    }
  };

  it('answers nothing it could not store, and records the republished check-in once when the database is back', async () => {
    const before = await f.publishCheckIn({ seq: 1 });
    await eventually(() => f.results.find((r) => r.result.id === before.id), 10_000, 'a Result while the database is up');

    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);
    const during = await f.publishCheckIn({ seq: 2 });
    await eventually(() => f.logLines().find((l) => l.msg === 'recording a check-in failed; the agent will resend' && l.id === during.id), 15_000, 'the failed write logged');
    // Give a wrong Result time to show up.
    await new Promise((r) => setTimeout(r, 500));
    expect(f.results.some((r) => r.result.id === during.id)).toBe(false);

    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    // The agent republishes the same check-in after its ack timeout; here twice, as a slow link might.
    await f.publishCheckIn(during);
    await f.publishCheckIn(during);
    await eventually(() => f.results.find((r) => r.result.id === during.id), 15_000, 'a Result for the republished check-in');
    expect(await count(during.id)).toBe(1);
    expect(await count(before.id)).toBe(1);
  }, 60_000);
});

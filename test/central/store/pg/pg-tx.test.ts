import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, isRetryableTxError } from '../../../../central/store/pg/pg-tx.ts';
import { usePostgres } from '../../../helpers/postgres.ts';

const postgres = usePostgres();

/** An error as node-postgres raises it: SQLSTATE in `code`, the index in `constraint`. */
const pgError = (code: string, constraint?: string) => Object.assign(new Error(`sqlstate ${code}`), { code, ...(constraint ? { constraint } : {}) });

describe('inTransaction', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await postgres.freshDatabaseUrl() });
    // As PgStore.connect does: an idle client told the server is going away (57P01 when the
    // file's server stops) is not an error of any test.
    pool.on('error', () => {});
    await pool.query('CREATE TABLE t (n integer PRIMARY KEY)');
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('runs in SERIALIZABLE and commits what the function wrote', async () => {
    const level = await inTransaction(pool, async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
      return (await tx.query<{ transaction_isolation: string }>('SHOW transaction_isolation')).rows[0]!.transaction_isolation;
    });
    expect(level).toBe('serializable');
    expect((await pool.query('SELECT n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('runs the whole function again after a serialization failure or a deadlock, and rolls back each failed try', async () => {
    let calls = 0;
    const value = await inTransaction(pool, async (tx) => {
      calls++;
      await tx.query('INSERT INTO t VALUES (2)');
      if (calls === 1) throw pgError('40001');
      if (calls === 2) throw pgError('40P01');
      return 'done';
    });
    expect([value, calls]).toEqual(['done', 3]);
    expect((await pool.query('SELECT count(*)::int AS n FROM t WHERE n = 2')).rows[0].n).toBe(1);
  });

  it('gives up after 10 tries with the last error, and never retries other errors', async () => {
    let calls = 0;
    await expect(
      inTransaction(pool, async () => {
        calls++;
        throw pgError('40001');
      }),
    ).rejects.toMatchObject({ code: '40001' });
    expect(calls).toBe(10);
    calls = 0;
    await expect(
      inTransaction(pool, async (tx) => {
        calls++;
        await tx.query('INSERT INTO t VALUES (3)');
        await tx.query('INSERT INTO t VALUES (3)');
      }),
    ).rejects.toMatchObject({ code: '23505', constraint: 't_pkey' });
    expect(calls).toBe(1);
    expect((await pool.query('SELECT count(*)::int AS n FROM t WHERE n = 3')).rows[0].n).toBe(0);
  });

  it('treats a unique violation as a lost race only on the check-first rule indexes', () => {
    expect(isRetryableTxError(pgError('23505', 'sessions_one_open_per_volunteer'))).toBe(true);
    expect(isRetryableTxError(pgError('23505', 'checkins_pkey'))).toBe(false);
    expect(isRetryableTxError(pgError('23503'))).toBe(false);
    expect(isRetryableTxError(new Error('no code'))).toBe(false);
  });
});

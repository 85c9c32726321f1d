/**
 * `central migrate-store --from sqlite --to postgres`: copies a district's SQLite store into
 * a PostgreSQL store, table by table, then verifies it. Both schemas keep the same table and
 * column names (pg/pg-*-schema.ts), so each row maps 1:1; the columns copied are those the
 * SQLite table has, read from both catalogues rather than listed here.
 *
 * Safe to re-run: every batch is one transaction of `INSERT … ON CONFLICT DO NOTHING`, so a
 * row already copied is left as it is and an interrupted run continues where it stopped.
 * Central must be stopped meanwhile: rows written to SQLite during the copy may be missed,
 * and the count check then says so.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type pg from 'pg';
import { PgStore } from './pg/pg-store.ts';
import { inTransaction } from './pg/pg-tx.ts';
import { SQLITE_FILE_NAME, SqliteStore } from './sqlite-store.ts';

/**
 * Every table of the store, parents before children (foreign keys). One cycle remains,
 * teams.leader_volunteer_id -> volunteers -> teams: see LATE_COLUMNS.
 */
export const MIGRATED_TABLES = [
  'meta',
  'teams',
  'volunteers',
  'cards',
  'checkins',
  'sessions',
  'session_review_flags',
  'station_seq',
  'seq_gaps',
  'qr_tokens',
  'audit_log',
  'ledger_entries',
  'volunteer_stars',
  'star_applications',
  'shop_items',
  'shop_redemptions',
  'shop_events',
  'correction_requests',
  'review_decisions',
  'phone_pairings',
  'phone_bindings',
  'phone_passkeys',
  'webauthn_challenges',
  'attempt_counters',
  'certificates',
  'alert_episodes',
  'alert_deliveries',
  'content_versions',
  'uptime_transitions',
  'alert_subscriptions',
  'play_hours',
  'media',
] as const;

/**
 * Run-time state, not data: the jobs lease belongs to whichever replica runs now
 * (lease-store.ts); a desk session lasts minutes and none is open while central is stopped.
 */
const NOT_MIGRATED = new Set(['job_leases', 'desk_sessions']);

/** Copied as NULL with their row, and set once every table is in (only where still NULL). */
const LATE_COLUMNS: Record<string, { key: string; column: string }> = { teams: { key: 'id', column: 'leader_volunteer_id' } };

/** SQLite's own tables (sqlite_sequence, sqlite_stat1 after ANALYZE …): not data. */
const isSqliteInternal = (name: string) => name.startsWith('sqlite_');

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Rows per INSERT, under PostgreSQL's 65,535 bind parameters. */
const MAX_PARAMS = 60_000;
const MAX_BATCH_ROWS = 1_000;
/** A line of progress per this many rows of one table, so a city's store shows it is moving. */
const PROGRESS_EVERY_ROWS = 50_000;

export interface TableCheck {
  table: string;
  sqlite: number;
  /** Rows this run inserted (0 on a re-run). */
  copied: number;
  postgres: number;
}

export interface BalanceMismatch {
  volunteerId: string;
  sqlite: { points: number; ledger: number } | undefined;
  postgres: { points: number; ledger: number } | undefined;
}

export interface MigrateStoreReport {
  tables: TableCheck[];
  /** Empty SQLite tables the PostgreSQL schema does not have (yet). */
  skipped: string[];
  volunteersChecked: number;
  balanceMismatches: BalanceMismatch[];
  ok: boolean;
}

/** A schema difference found before anything is copied. */
export class MigrateStoreError extends Error {}

interface PgColumn {
  name: string;
  /** GENERATED ALWAYS identity: an explicit value needs OVERRIDING SYSTEM VALUE and a setval after. */
  identity: boolean;
}

async function pgColumns(pool: pg.Pool): Promise<Map<string, PgColumn[]>> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; is_identity: string }>(
    `SELECT table_name, column_name, is_identity FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const row of rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), { name: row.column_name, identity: row.is_identity === 'YES' }]);
  return tables;
}

function sqliteTables(db: Database.Database): Map<string, string[]> {
  const names = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
  return new Map(names.filter(({ name }) => !isSqliteInternal(name)).map(({ name }) => [name, db.prepare<[], { name: string }>(`PRAGMA table_info(${JSON.stringify(name)})`).all().map((c) => c.name)]));
}

interface CopyStep {
  table: string;
  columns: string[];
  identity: string[];
}

const countSqlite = (db: Database.Database, table: string) => db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`).get()!.n;

/** Refuses, before copying anything, a table or column that would have nowhere to go. */
function planCopy(db: Database.Database, source: Map<string, string[]>, target: Map<string, PgColumn[]>): { plan: CopyStep[]; skipped: string[] } {
  const known = new Set<string>(MIGRATED_TABLES);
  const problems: string[] = [];
  for (const table of source.keys()) {
    if (!known.has(table) && !NOT_MIGRATED.has(table)) problems.push(`SQLite table ${table} is not one this central knows how to move; upgrade central before migrating`);
  }
  const plan: CopyStep[] = [];
  const skipped: string[] = [];
  for (const table of MIGRATED_TABLES) {
    const columns = source.get(table);
    if (!columns) continue;
    const targetColumns = target.get(table);
    if (!targetColumns) {
      // An empty table has nothing to lose; one with rows must not be left behind.
      if (countSqlite(db, table) === 0) skipped.push(table);
      else problems.push(`the PostgreSQL store has no table ${table}, and the SQLite one has rows in it; upgrade central, whose migrate creates it`);
      continue;
    }
    const missing = columns.filter((c) => !targetColumns.some((t) => t.name === c));
    if (missing.length > 0) problems.push(`the PostgreSQL table ${table} has no column ${missing.join(', ')}`);
    plan.push({ table, columns, identity: targetColumns.filter((t) => t.identity && columns.includes(t.name)).map((t) => t.name) });
  }
  if (problems.length > 0) throw new MigrateStoreError(`nothing was copied:\n  ${problems.join('\n  ')}`);
  return { plan, skipped };
}

async function copyTable(db: Database.Database, pool: pg.Pool, step: CopyStep, progress?: (line: string) => void): Promise<number> {
  const late = LATE_COLUMNS[step.table];
  const batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMS / step.columns.length)));
  const select = db.prepare<[number, number], Record<string, unknown> & { _rowid: number }>(
    `SELECT rowid AS _rowid, ${step.columns.map(quote).join(', ')} FROM ${quote(step.table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  const overriding = step.identity.length > 0 ? ' OVERRIDING SYSTEM VALUE' : '';
  const total = progress ? countSqlite(db, step.table) : 0;
  let copied = 0;
  let read = 0;
  // In rowid order, so identity columns PostgreSQL adds (an order SQLite kept by rowid) keep it.
  for (let after = 0; ; ) {
    const rows = select.all(after, batchRows);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!._rowid;
    const params = rows.flatMap((row) => step.columns.map((c) => (late?.column === c ? null : row[c])));
    const values = rows.map((_, r) => `(${step.columns.map((_, c) => `$${r * step.columns.length + c + 1}`).join(', ')})`).join(', ');
    const sql = `INSERT INTO ${quote(step.table)} (${step.columns.map(quote).join(', ')})${overriding} VALUES ${values} ON CONFLICT DO NOTHING`;
    copied += await inTransaction(pool, async (tx) => (await tx.query(sql, params)).rowCount ?? 0);
    read += rows.length;
    if (Math.floor(read / PROGRESS_EVERY_ROWS) > Math.floor((read - rows.length) / PROGRESS_EVERY_ROWS)) progress?.(`${step.table}: ${read} of ${total} row(s) read`);
  }
  // The next generated value follows the copied ones.
  for (const column of step.identity) {
    await pool.query(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${quote(column)}) FROM ${quote(step.table)}), 1), (SELECT count(*) > 0 FROM ${quote(step.table)}))`, [
      step.table,
      column,
    ]);
  }
  return copied;
}

async function setLateColumns(db: Database.Database, pool: pg.Pool, table: string, late: { key: string; column: string }): Promise<void> {
  const rows = db.prepare<[], { key: string; value: unknown }>(`SELECT ${quote(late.key)} AS key, ${quote(late.column)} AS value FROM ${quote(table)} WHERE ${quote(late.column)} IS NOT NULL`).all();
  for (let i = 0; i < rows.length; i += MAX_BATCH_ROWS) {
    const batch = rows.slice(i, i + MAX_BATCH_ROWS);
    await inTransaction(pool, (tx) =>
      tx.query(
        `UPDATE ${quote(table)} t SET ${quote(late.column)} = u.value FROM unnest($1::text[], $2::text[]) AS u(key, value) WHERE t.${quote(late.key)} = u.key AND t.${quote(late.column)} IS NULL`,
        [batch.map((r) => String(r.key)), batch.map((r) => String(r.value))],
      ),
    );
  }
}

const BALANCES_SQL = 'SELECT v.id, v.points, COALESCE((SELECT SUM(l.points) FROM ledger_entries l WHERE l.volunteer_id = v.id), 0) AS ledger FROM volunteers v';

async function checkBalances(db: Database.Database, pool: pg.Pool): Promise<{ checked: number; mismatches: BalanceMismatch[] }> {
  const sqlite = new Map(db.prepare<[], { id: string; points: number; ledger: number }>(BALANCES_SQL).all().map((r) => [r.id, { points: r.points, ledger: r.ledger }]));
  const { rows } = await pool.query<{ id: string; points: number; ledger: string | number }>(BALANCES_SQL);
  // SUM over bigint is numeric, which pg reads as a string.
  const postgres = new Map(rows.map((r) => [r.id, { points: Number(r.points), ledger: Number(r.ledger) }]));
  const mismatches: BalanceMismatch[] = [];
  for (const id of new Set([...sqlite.keys(), ...postgres.keys()])) {
    const a = sqlite.get(id);
    const b = postgres.get(id);
    if (a?.points !== b?.points || a?.ledger !== b?.ledger || b?.points !== b?.ledger) mismatches.push({ volunteerId: id, sqlite: a, postgres: b });
  }
  return { checked: sqlite.size, mismatches };
}

export async function migrateSqliteToPostgres(input: { dataDir: string; postgresUrl: string; progress?: (line: string) => void }): Promise<MigrateStoreReport> {
  const file = join(input.dataDir, SQLITE_FILE_NAME);
  if (!existsSync(file)) throw new MigrateStoreError(`no SQLite store at ${file}: check dataDir in the config (the folder central run writes ${SQLITE_FILE_NAME} to)`);
  // First bring the file to this central's schema, as `central run` would.
  const source = SqliteStore.open(input.dataDir);
  await source.migrate();
  await source.close();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const target = await PgStore.connect(input.postgresUrl);
  try {
    await target.migrate();
    const { plan, skipped } = planCopy(db, sqliteTables(db), await pgColumns(target.pool));
    const copied = new Map<string, number>();
    for (const step of plan) copied.set(step.table, await copyTable(db, target.pool, step, input.progress));
    for (const [table, late] of Object.entries(LATE_COLUMNS)) if (copied.has(table)) await setLateColumns(db, target.pool, table, late);
    const tables: TableCheck[] = [];
    for (const { table } of plan) {
      const sqlite = countSqlite(db, table);
      const postgres = Number((await target.pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`)).rows[0]!.n);
      tables.push({ table, sqlite, copied: copied.get(table) ?? 0, postgres });
    }
    const balances = await checkBalances(db, target.pool);
    return {
      tables,
      skipped,
      volunteersChecked: balances.checked,
      balanceMismatches: balances.mismatches,
      ok: tables.every((t) => t.sqlite === t.postgres) && balances.mismatches.length === 0,
    };
  } finally {
    db.close();
    await target.close();
  }
}

/** The report as a table for the terminal; volunteer ids only, never names. */
export function formatMigrateReport(report: MigrateStoreReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'sqlite'.padStart(9)}  ${'copied'.padStart(9)}  ${'postgres'.padStart(9)}  check`];
  for (const t of report.tables) {
    lines.push(`${t.table.padEnd(width)}  ${String(t.sqlite).padStart(9)}  ${String(t.copied).padStart(9)}  ${String(t.postgres).padStart(9)}  ${t.sqlite === t.postgres ? 'ok' : 'MISMATCH'}`);
  }
  if (report.skipped.length > 0) lines.push(`skipped, empty in SQLite and not in this PostgreSQL schema: ${report.skipped.join(', ')}`);
  lines.push(`balances: ${report.volunteersChecked} volunteer(s) checked (points and ledger sum, in both stores), ${report.balanceMismatches.length} mismatch(es)`);
  const show = (b: { points: number; ledger: number } | undefined) => (b ? `points ${b.points}, ledger ${b.ledger}` : 'absent');
  for (const m of report.balanceMismatches.slice(0, 20)) lines.push(`  ${m.volunteerId}: sqlite ${show(m.sqlite)}; postgres ${show(m.postgres)}`);
  if (report.balanceMismatches.length > 20) lines.push(`  … and ${report.balanceMismatches.length - 20} more`);
  lines.push(
    report.ok
      ? 'migrate-store: every table and balance matches; point central at PostgreSQL (store.url) and start it'
      : 'migrate-store: MISMATCH — do not switch central to PostgreSQL yet; was central still running? stop it and run migrate-store again',
  );
  return lines.join('\n');
}

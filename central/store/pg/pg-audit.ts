/**
 * The audit log of the PostgreSQL store (table `audit_log`, migration 1): who did what to
 * which volunteer. Written inside the transaction of the change it records; the bank, the
 * phone bindings, reviews and certificates all write it through `appendAuditInTx`.
 */
import type pg from 'pg';
import type { AuditEntry } from '../phone-binding-store.ts';
import { auditColumns, auditFromRow, type AuditRow } from '../phone-rows.ts';
import type { PgTx } from './pg-tx.ts';

export async function appendAuditInTx(tx: PgTx | pg.Pool, entry: AuditEntry): Promise<void> {
  await tx.query('INSERT INTO audit_log (at, actor, action, volunteer_id, detail) VALUES ($1, $2, $3, $4, $5)', auditColumns(entry));
}

/** Newest first; `limit` defaults to 100. */
export async function listAudit(db: PgTx | pg.Pool, query: { volunteerId?: string; limit?: number }): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditRow>(
    'SELECT at, actor, action, volunteer_id, detail FROM audit_log WHERE ($1::text IS NULL OR volunteer_id = $1) ORDER BY id DESC LIMIT $2',
    [query.volunteerId ?? null, query.limit ?? 100],
  );
  return rows.map(auditFromRow);
}

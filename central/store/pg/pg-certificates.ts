/**
 * The PostgreSQL CertificateStore (certificate-store.ts), with the semantics of
 * sqlite-certificates.ts: stored once, revoked once by a compare-and-set on revoked_at,
 * with its audit entry in the same SERIALIZABLE transaction (pg-tx.ts).
 */
import type pg from 'pg';
import { certificateFromRow, certificateIdTaken, certificateRevokedAudit, type CertificateRow } from '../certificate-rows.ts';
import type { CertificateStore, RevokeOutcome } from '../certificate-store.ts';
import { appendAuditInTx } from './pg-audit.ts';
import { inTransaction } from './pg-tx.ts';

export function createPgCertificates(pool: pg.Pool): CertificateStore {
  return {
    insert(certificate) {
      return inTransaction(pool, async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO certificates (id, volunteer_id, key_id, statement, signature, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [certificate.id, certificate.volunteerId, certificate.keyId, certificate.statement, certificate.signature, certificate.issuedAt],
        );
        if (inserted.rowCount === 0) throw certificateIdTaken(certificate.id);
      });
    },
    async find(id) {
      const { rows } = await pool.query<CertificateRow>('SELECT * FROM certificates WHERE id = $1', [id]);
      return rows[0] ? certificateFromRow(rows[0]) : undefined;
    },
    async listOfVolunteer(volunteerId) {
      const { rows } = await pool.query<CertificateRow>('SELECT * FROM certificates WHERE volunteer_id = $1 ORDER BY issued_at COLLATE "C" DESC, id COLLATE "C"', [volunteerId]);
      return rows.map(certificateFromRow);
    },
    revoke(id, by) {
      return inTransaction(pool, async (tx): Promise<RevokeOutcome> => {
        const changed = (await tx.query('UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_at IS NULL', [by.at, by.actor, by.reason, id])).rowCount;
        const row = (await tx.query<CertificateRow>('SELECT * FROM certificates WHERE id = $1', [id])).rows[0];
        if (!row) return { kind: 'unknown' };
        if (changed === 0) return { kind: 'already-revoked', certificate: certificateFromRow(row) };
        await appendAuditInTx(tx, certificateRevokedAudit(row, by));
        return { kind: 'revoked', certificate: certificateFromRow(row) };
      });
    },
  };
}

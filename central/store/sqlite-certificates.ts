/** The SQLite certificate store (certificate-store.ts). */
import type Database from 'better-sqlite3';
import type { CertificateStore } from './certificate-store.ts';
import { certificateFromRow, certificateIdTaken, certificateRevokedAudit, type CertificateRow } from './certificate-rows.ts';
import { auditColumns } from './phone-rows.ts';

export function createSqliteCertificates(db: Database.Database): CertificateStore {
  const s = {
    insert: db.prepare(
      `INSERT INTO certificates (id, volunteer_id, key_id, statement, signature, issued_at)
       VALUES (@id, @volunteerId, @keyId, @statement, @signature, @issuedAt) ON CONFLICT (id) DO NOTHING`,
    ),
    byId: db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE id = ?'),
    ofVolunteer: db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE volunteer_id = ? ORDER BY issued_at DESC, id'),
    revoke: db.prepare('UPDATE certificates SET revoked_at = @at, revoked_by = @actor, revoke_reason = @reason WHERE id = @id AND revoked_at IS NULL'),
    audit: db.prepare('INSERT INTO audit_log (at, actor, action, volunteer_id, detail) VALUES (?, ?, ?, ?, ?)'),
  };
  const revoke = db.transaction((id: string, by: { actor: string; reason: string; at: string }) => {
    const changed = s.revoke.run({ id, ...by }).changes;
    const row = s.byId.get(id);
    if (!row) return { kind: 'unknown' } as const;
    if (changed === 0) return { kind: 'already-revoked', certificate: certificateFromRow(row) } as const;
    s.audit.run(...auditColumns(certificateRevokedAudit(row, by)));
    return { kind: 'revoked', certificate: certificateFromRow(row) } as const;
  });
  return {
    async insert(certificate) {
      if (s.insert.run(certificate).changes === 0) throw certificateIdTaken(certificate.id);
    },
    async find(id) {
      const row = s.byId.get(id);
      return row ? certificateFromRow(row) : undefined;
    },
    async listOfVolunteer(volunteerId) {
      return s.ofVolunteer.all(volunteerId).map(certificateFromRow);
    },
    async revoke(id, by) {
      return revoke.immediate(id, by);
    },
  };
}

/** The SQLite certificate store (certificate-store.ts). */
import type Database from 'better-sqlite3';
import type { CertificateStore, StoredCertificate } from './certificate-store.ts';

interface CertificateRow {
  id: string;
  volunteer_id: string;
  key_id: string;
  statement: string;
  signature: string;
  issued_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

function certificateFromRow(row: CertificateRow): StoredCertificate {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    keyId: row.key_id,
    statement: row.statement,
    signature: row.signature,
    issuedAt: row.issued_at,
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
    ...(row.revoked_by !== null ? { revokedBy: row.revoked_by } : {}),
    ...(row.revoke_reason !== null ? { revokeReason: row.revoke_reason } : {}),
  };
}

export function createSqliteCertificates(db: Database.Database): CertificateStore {
  const s = {
    insert: db.prepare(
      `INSERT INTO certificates (id, volunteer_id, key_id, statement, signature, issued_at)
       VALUES (@id, @volunteerId, @keyId, @statement, @signature, @issuedAt)`,
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
    s.audit.run(by.at, by.actor, 'certificate-revoked', row.volunteer_id, JSON.stringify({ certificateId: id, reason: by.reason }));
    return { kind: 'revoked', certificate: certificateFromRow(row) } as const;
  });
  return {
    async insert(certificate) {
      s.insert.run(certificate);
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

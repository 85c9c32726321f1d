/**
 * Certificate rows as both stores read them, and the audit entry of a revocation: shared
 * by sqlite-certificates.ts and pg/pg-certificates.ts.
 */
import type { StoredCertificate } from './certificate-store.ts';
import type { AuditEntry } from './phone-binding-store.ts';

export interface CertificateRow {
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

export function certificateFromRow(row: CertificateRow): StoredCertificate {
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

export function certificateRevokedAudit(row: CertificateRow, by: { actor: string; reason: string; at: string }): AuditEntry {
  return { at: by.at, actor: by.actor, action: 'certificate-revoked', volunteerId: row.volunteer_id, detail: { certificateId: row.id, reason: by.reason } };
}

/** Ids are random (80 bits), so a second insert of one is a bug upstream, never a retry. */
export function certificateIdTaken(id: string): Error {
  return new Error(`certificate ${id} is already stored; certificate ids are never reused, so issue a new one`);
}

/**
 * Issued service certificates (protocol v2 §Time bank: certificates): the exact signed
 * statement text, its signature and the key that made it, kept so that the public
 * verify page can answer for them and a manager can revoke one. A certificate is never
 * edited or deleted; revoking it records who, when and why, and is audited.
 */
export interface StoredCertificate {
  id: string;
  volunteerId: string;
  keyId: string;
  /** The statement JSON exactly as signed. */
  statement: string;
  signature: string;
  issuedAt: string;
  revokedAt?: string;
  revokedBy?: string;
  revokeReason?: string;
}

export type RevokeOutcome = { kind: 'revoked'; certificate: StoredCertificate } | { kind: 'already-revoked'; certificate: StoredCertificate } | { kind: 'unknown' };

export interface CertificateStore {
  /** Stores a new certificate; an id used before is an error (ids are random, 80 bits). */
  insert(certificate: Omit<StoredCertificate, 'revokedAt' | 'revokedBy' | 'revokeReason'>): Promise<void>;
  find(id: string): Promise<StoredCertificate | undefined>;
  /** Newest first. */
  listOfVolunteer(volunteerId: string): Promise<StoredCertificate[]>;
  /** Revokes once (compare-and-set on revoked_at), with an audit entry in the same transaction. */
  revoke(id: string, by: { actor: string; reason: string; at: string }): Promise<RevokeOutcome>;
}

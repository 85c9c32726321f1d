/**
 * Pure rules of the service certificate: the statement built from a volunteer's figures,
 * its signed text, and the verdict on a stored certificate. The signed text is the
 * statement's JSON in a fixed key order; the verifier checks the signature over the
 * stored bytes and only then parses them, so no canonical form is ever recomputed.
 */
import { SERVICE_CATEGORY_IDS, type CertificateStatement, type CertificateVerdict, type LocalizedText, type ServiceCategoryId } from '../../shared/index.ts';
import type { StoredCertificate } from '../store/certificate-store.ts';
import type { ServiceFigureRow } from '../store/report-store.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `C-` and 16 base32 characters from 10 random bytes: 80 bits, so ids cannot be guessed to read names off the verify page. */
export function certificateIdFrom(random: Uint8Array): string {
  if (random.length !== 10) throw new Error('a certificate id takes 10 random bytes');
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      id += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `C-${id}`;
}

export interface StatementInput {
  certificateId: string;
  volunteer: { id: string; name: string };
  from: string;
  to: string;
  issuedAt: string;
  programme: LocalizedText;
  keyId: string;
  /** The volunteer's figures in the range (ReportStore.serviceFigures). */
  figures: readonly ServiceFigureRow[];
}

export function buildStatement(input: StatementInput): CertificateStatement {
  const byCategory = new Map<ServiceCategoryId, { minutes: number; events: number }>();
  for (const row of input.figures) {
    const sum = byCategory.get(row.category) ?? { minutes: 0, events: 0 };
    sum.minutes += row.minutes;
    sum.events += row.events;
    byCategory.set(row.category, sum);
  }
  const categories = SERVICE_CATEGORY_IDS.flatMap((category) => {
    const sum = byCategory.get(category);
    return sum ? [{ category, minutes: sum.minutes, events: sum.events }] : [];
  });
  // Key order is fixed here: the signed text is this object's JSON.
  return {
    v: 1,
    certificateId: input.certificateId,
    volunteerId: input.volunteer.id,
    name: input.volunteer.name,
    from: input.from,
    to: input.to,
    issuedAt: input.issuedAt,
    programme: { zh: input.programme.zh, en: input.programme.en },
    categories,
    totalMinutes: categories.reduce((total, c) => total + c.minutes, 0),
    events: categories.reduce((total, c) => total + c.events, 0),
    keyId: input.keyId,
  };
}

export function signedTextOf(statement: CertificateStatement): string {
  return JSON.stringify(statement);
}

export interface Verifier {
  keyId: string;
  verify(text: string, signature: string): boolean;
}

export type Verification = { verdict: 'unknown' } | { verdict: 'not-genuine' } | { verdict: 'genuine' | 'revoked'; statement: CertificateStatement; revokedAt?: string };

/**
 * Genuine: signed by central's key over exactly the stored text, and the text names this
 * certificate. Revoked: genuine, and a manager revoked it. Anything else is not genuine,
 * and its contents are not repeated to the verifier.
 */
export function verifyStored(id: string, stored: StoredCertificate | undefined, verifier: Verifier): Verification {
  if (!stored) return { verdict: 'unknown' };
  if (stored.keyId !== verifier.keyId || !verifier.verify(stored.statement, stored.signature)) return { verdict: 'not-genuine' };
  let statement: CertificateStatement;
  try {
    statement = JSON.parse(stored.statement) as CertificateStatement;
  } catch {
    return { verdict: 'not-genuine' };
  }
  if (statement.certificateId !== id || statement.keyId !== stored.keyId || statement.volunteerId !== stored.volunteerId) return { verdict: 'not-genuine' };
  const verdict: CertificateVerdict = stored.revokedAt !== undefined ? 'revoked' : 'genuine';
  return verdict === 'revoked' ? { verdict, statement, revokedAt: stored.revokedAt! } : { verdict, statement };
}

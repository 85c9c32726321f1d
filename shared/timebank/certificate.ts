/**
 * The service certificate (志愿服务证明, protocol v2): what central states and signs for
 * a volunteer and a date range, and the replies of the phone API and the public verify
 * page. The statement travels as the exact JSON text that was signed (Ed25519); a
 * verifier checks the signature over those bytes before reading them.
 */
import * as v from 'valibot';
import { LocalDateSchema, type LocalizedText } from '../schema-kit.ts';
import type { ServiceCategoryId } from './categories.ts';

/** Ten years: a school or an employer asks for a range, never for more than this. */
export const MAX_CERTIFICATE_RANGE_DAYS = 3660;

export const CertificateRequestSchema = v.pipe(
  v.strictObject({ from: LocalDateSchema, to: LocalDateSchema }),
  v.forward(
    v.check((r) => r.from <= r.to, 'must not be before from'),
    ['to'],
  ),
  v.forward(
    v.check((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_CERTIFICATE_RANGE_DAYS * 86_400_000, `the range may span at most ${MAX_CERTIFICATE_RANGE_DAYS} days`),
    ['to'],
  ),
);
export type CertificateRequest = v.InferOutput<typeof CertificateRequestSchema>;

export const CertificateIdSchema = v.pipe(v.string(), v.regex(/^C-[A-Z2-7]{16}$/, 'must be a certificate id such as C-ABCDEFGHIJKLMNOP'));

/** What a certificate states. Minutes, not hours, so nothing is rounded before it is signed. */
export interface CertificateStatement {
  v: 1;
  certificateId: string;
  volunteerId: string;
  /** The volunteer's name as registered: the verifier matches it against the person. */
  name: string;
  from: string;
  to: string;
  issuedAt: string;
  programme: LocalizedText;
  /** Every category with service in the range, in the order of SERVICE_CATEGORY_IDS. */
  categories: { category: ServiceCategoryId; minutes: number; events: number }[];
  totalMinutes: number;
  /** Service events (场次): closed, credited sessions. */
  events: number;
  /** The signing key's id (hex SHA-256 of its public key, first 16 digits). */
  keyId: string;
}

/** A certificate as the phone gets it. */
export interface CertificateView {
  statement: CertificateStatement;
  /** The exact signed text and its signature (base64url), for anyone checking offline. */
  signedText: string;
  signature: string;
  verifyUrl: string;
  revoked: boolean;
}

export type CertificateVerdict = 'genuine' | 'revoked' | 'not-genuine' | 'unknown';

/** `GET /verify/{id}` with `accept: application/json`. */
export interface CertificateVerifyReply {
  certificateId: string;
  verdict: CertificateVerdict;
  /** Present for genuine and revoked certificates only: a forged one states nothing. */
  statement?: CertificateStatement;
  revokedAt?: string;
}

export const CertificateRevokeRequestSchema = v.strictObject({
  reason: v.pipe(v.string(), v.trim(), v.minLength(3, 'say why, in a few words'), v.maxLength(500)),
});

/** Hours with one decimal, as certificates print them. */
export function hoursOf(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toFixed(1);
}

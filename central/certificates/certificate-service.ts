/**
 * Issues, lists, verifies and revokes service certificates: the figures come from the
 * report store, the signature from central's key (signing-key.ts), and the certificate
 * is stored before it is handed out, so every QR in circulation has a verify answer.
 */
import { randomBytes } from 'node:crypto';
import type { CertificateRequest, CertificateView, LocalizedText } from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { StoredCertificate } from '../store/certificate-store.ts';
import { buildStatement, certificateIdFrom, signedTextOf, verifyStored, type Verification } from './certificate-statement.ts';
import { loadOrCreateSigningKey, type CertificateSigner } from './signing-key.ts';
import type { LoadedCentralConfig } from '../config.ts';

export interface CertificateServiceDeps {
  store: CentralStore;
  /** Loaded on first use, so a central that never issues one never creates a key. */
  signer: () => CertificateSigner;
  programme: LocalizedText;
  /** Where verify links point: `{base}/verify/{id}`; without it, the page's own origin. */
  publicBaseUrl?: string;
  now?: () => Date;
}

export class CertificateService {
  constructor(private readonly deps: CertificateServiceDeps) {}

  publicKeyPem(): string {
    return this.deps.signer().publicKeyPem;
  }

  verifyUrl(id: string, requestOrigin: string): string {
    const base = this.deps.publicBaseUrl ? new URL(this.deps.publicBaseUrl).origin : requestOrigin;
    return `${base}/verify/${id}`;
  }

  async issue(volunteerId: string, range: CertificateRequest, requestOrigin: string): Promise<CertificateView | undefined> {
    const volunteer = await this.deps.store.findVolunteer(volunteerId);
    if (!volunteer) return undefined;
    const signer = this.deps.signer();
    const figures = await this.deps.store.reports.serviceFigures({ fromDate: range.from, toDate: range.to, volunteerId });
    const statement = buildStatement({
      certificateId: certificateIdFrom(randomBytes(10)),
      volunteer,
      from: range.from,
      to: range.to,
      issuedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      programme: this.deps.programme,
      keyId: signer.keyId,
      figures,
    });
    const signedText = signedTextOf(statement);
    const signature = signer.sign(signedText);
    await this.deps.store.certificates.insert({ id: statement.certificateId, volunteerId, keyId: signer.keyId, statement: signedText, signature, issuedAt: statement.issuedAt });
    return { statement, signedText, signature, verifyUrl: this.verifyUrl(statement.certificateId, requestOrigin), revoked: false };
  }

  async listOf(volunteerId: string, requestOrigin: string): Promise<CertificateView[]> {
    const stored = await this.deps.store.certificates.listOfVolunteer(volunteerId);
    return stored.flatMap((certificate) => {
      const view = this.viewOf(certificate, requestOrigin);
      return view ? [view] : [];
    });
  }

  async verify(id: string): Promise<Verification> {
    const stored = await this.deps.store.certificates.find(id);
    // An unknown id needs no key: a central that never issued one never creates it.
    return stored ? verifyStored(id, stored, this.deps.signer()) : { verdict: 'unknown' };
  }

  private viewOf(stored: StoredCertificate, requestOrigin: string): CertificateView | undefined {
    const checked = verifyStored(stored.id, stored, this.deps.signer());
    if (checked.verdict !== 'genuine' && checked.verdict !== 'revoked') return undefined;
    return { statement: checked.statement, signedText: stored.statement, signature: stored.signature, verifyUrl: this.verifyUrl(stored.id, requestOrigin), revoked: checked.verdict === 'revoked' };
  }
}

/** The service central/main.ts builds: the key in `dataDir`, loaded on first use. */
export function createCertificateService(loaded: LoadedCentralConfig, store: CentralStore, now?: () => Date): CertificateService {
  let signer: CertificateSigner | undefined;
  return new CertificateService({
    store,
    signer: () => (signer ??= loadOrCreateSigningKey(loaded.dataDir)),
    programme: loaded.config.programme.name,
    ...(loaded.config.publicBaseUrl ? { publicBaseUrl: loaded.config.publicBaseUrl } : {}),
    ...(now ? { now } : {}),
  });
}

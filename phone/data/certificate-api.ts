/**
 * The phone's service certificates (protocol v2 §Time bank: certificates): make one for
 * a date range, list this volunteer's. Resolves, never rejects, like phone-api.ts.
 */
import type { CertificateView, LocalizedText } from '../../shared/index.ts';

export type CertificateAnswer<T> = ({ ok: true } & T) | { ok: false; message: LocalizedText };

const OFFLINE = { zh: '连接不上服务。请检查网络后再试。', en: 'Could not reach the service. Check your connection and try again.' };

async function call<T>(method: 'GET' | 'POST', body?: unknown): Promise<CertificateAnswer<T>> {
  let response: Response;
  try {
    response = await fetch('/phone/api/certificates', {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, message: OFFLINE };
  }
  const parsed = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!parsed) return { ok: false, message: OFFLINE };
  if (response.ok) return { ok: true, ...(parsed as T) };
  if (parsed.message && typeof parsed.message === 'object') return { ok: false, message: parsed.message as LocalizedText };
  const issues = Array.isArray(parsed.issues) ? ` (${parsed.issues.join('; ')})` : '';
  return { ok: false, message: { zh: `无法开具证明：请检查日期。${issues}`, en: `The certificate could not be made: check the dates.${issues}` } };
}

export const issueCertificate = (from: string, to: string) => call<{ certificate: CertificateView }>('POST', { from, to });
export const listCertificates = () => call<{ certificates: CertificateView[] }>('GET');

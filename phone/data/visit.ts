/**
 * This visit, as central served it: the QR token is the last part of the page's path
 * (protocol v1 §Rotating check-in code), the ticket and the station are in the
 * `vs-visit` meta tag. Opened as `/phone/` there is no visit: the page then only shows
 * what this phone is linked to.
 */
import type { LocalizedText } from '../../shared/index.ts';

export interface Visit {
  token: string;
  ticket: string;
  stationId: string;
  stationName: LocalizedText;
}

export function readVisit(doc: Document, location: Location): Visit | undefined {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="vs-visit"]')?.content;
  if (!content || !location.pathname.startsWith('/c/')) return undefined;
  try {
    const meta = JSON.parse(content) as Partial<Visit>;
    const token = decodeURIComponent(location.pathname.split('/').pop() ?? '');
    if (typeof meta.ticket !== 'string' || typeof meta.stationId !== 'string' || !meta.stationName || !token) return undefined;
    return { token, ticket: meta.ticket, stationId: meta.stationId, stationName: meta.stationName };
  } catch {
    return undefined;
  }
}

/**
 * This visit, as central served it: the QR token is the last part of the page's path
 * (protocol v1 §Rotating check-in code), the ticket and the station are in the
 * `vs-visit` meta tag. Opened as `/phone/` there is no visit: the page then only shows
 * what this phone is linked to. Protocol v2 adds the station's category and today's
 * activities one may check in for; an older central sends neither.
 */
import { isServiceCategory, type CheckInActivity, type LocalizedText, type ServiceCategoryId } from '../../shared/index.ts';

export interface Visit {
  token: string;
  ticket: string;
  stationId: string;
  stationName: LocalizedText;
  stationCategory?: ServiceCategoryId;
  activities: CheckInActivity[];
}

function isText(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && typeof (value as LocalizedText).zh === 'string' && typeof (value as LocalizedText).en === 'string';
}

function isActivity(value: unknown): value is CheckInActivity {
  const a = value as Partial<CheckInActivity> | null;
  return typeof a === 'object' && a !== null && typeof a.id === 'string' && isText(a.title) && isServiceCategory(a.category) && typeof a.time === 'string';
}

export function readVisit(doc: Document, location: Location): Visit | undefined {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="vs-visit"]')?.content;
  if (!content || !location.pathname.startsWith('/c/')) return undefined;
  try {
    const meta = JSON.parse(content) as Partial<Record<keyof Visit, unknown>>;
    const token = decodeURIComponent(location.pathname.split('/').pop() ?? '');
    if (typeof meta.ticket !== 'string' || typeof meta.stationId !== 'string' || !isText(meta.stationName) || !token) return undefined;
    const activities = Array.isArray(meta.activities) ? meta.activities.filter(isActivity) : [];
    return {
      token,
      ticket: meta.ticket,
      stationId: meta.stationId,
      stationName: meta.stationName,
      ...(isServiceCategory(meta.stationCategory) ? { stationCategory: meta.stationCategory } : {}),
      activities,
    };
  } catch {
    return undefined;
  }
}

/**
 * The programme's ten service categories (seed article: 文明旅游 … 社会治安). A session
 * carries one, from its station's default or the activity checked in for; hours are
 * reported per category. The ids are the wire form (protocol v2); the labels are what
 * people read.
 */
import type { LocalizedText } from '../schema-kit.ts';

export const SERVICE_CATEGORY_IDS = [
  'civilised-tourism',
  'civilised-traffic',
  'culture-arts',
  'education',
  'elderly-care',
  'mental-health',
  'environment',
  'legal-aid',
  'science',
  'public-safety',
] as const;

export type ServiceCategoryId = (typeof SERVICE_CATEGORY_IDS)[number];

export const SERVICE_CATEGORY_LABELS: Record<ServiceCategoryId, LocalizedText> = {
  'civilised-tourism': { zh: '文明旅游', en: 'Civilised tourism' },
  'civilised-traffic': { zh: '文明交通', en: 'Civilised traffic' },
  'culture-arts': { zh: '文化文艺', en: 'Culture and arts' },
  education: { zh: '助学支教', en: 'Tutoring and teaching' },
  'elderly-care': { zh: '智慧助老', en: 'Helping older people' },
  'mental-health': { zh: '心理健康', en: 'Mental health' },
  environment: { zh: '环境保护', en: 'Environmental protection' },
  'legal-aid': { zh: '法律援助', en: 'Legal aid' },
  science: { zh: '科学普及', en: 'Science outreach' },
  'public-safety': { zh: '社会治安', en: 'Public safety' },
};

/** Sessions whose station names no category, and rows from before protocol v2. */
export const DEFAULT_SERVICE_CATEGORY: ServiceCategoryId = 'civilised-tourism';

export function isServiceCategory(value: unknown): value is ServiceCategoryId {
  return typeof value === 'string' && (SERVICE_CATEGORY_IDS as readonly string[]).includes(value);
}

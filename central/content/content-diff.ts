/**
 * What changed between two content files, item by item: activities and directory
 * stations per site, perks, rewards, the recruitment panel and the announcements per site. Pure; the store keeps the summary text with each
 * content version, and the admin API returns the changes when a publish is refused
 * because someone else published meanwhile.
 */
import type { ContentFile } from '../../shared/index.ts';

export type ContentSection = 'activities' | 'directory' | 'perks' | 'rewards' | 'recruitment' | 'announcements';

export interface ContentChange {
  section: ContentSection;
  /** For activities, directory stations, rewards and recruitment: the site whose list (or panel) changed. */
  siteId?: string;
  /** Item ids (activity id, station id, perk id, reward item id), sorted. */
  added: string[];
  removed: string[];
  changed: string[];
}

type Keyed = { readonly [key: string]: unknown };

export function diffContent(before: ContentFile | undefined, after: ContentFile): ContentChange[] {
  const changes: ContentChange[] = [];
  const push = (section: ContentSection, siteId: string | undefined, a: readonly Keyed[], b: readonly Keyed[], key: string) => {
    const change = diffList(a, b, key);
    if (change.added.length + change.removed.length + change.changed.length > 0) changes.push({ section, ...(siteId === undefined ? {} : { siteId }), ...change });
  };
  for (const siteId of siteIds(before?.activities, after.activities)) {
    push('activities', siteId, before?.activities[siteId] ?? [], after.activities[siteId] ?? [], 'id');
  }
  // The directory is listed per site too, so a site's staff can be held to their own stations.
  const stationsBySite = (file: ContentFile | undefined) => {
    const bySite: Record<string, ContentFile['directory']> = {};
    for (const station of file?.directory ?? []) (bySite[station.siteId] ??= []).push(station);
    return bySite;
  };
  const beforeStations = stationsBySite(before);
  const afterStations = stationsBySite(after);
  for (const siteId of siteIds(beforeStations, afterStations)) push('directory', siteId, beforeStations[siteId] ?? [], afterStations[siteId] ?? [], 'stationId');
  push('perks', undefined, before?.perks ?? [], after.perks ?? [], 'id');
  for (const siteId of siteIds(before?.rewards, after.rewards)) {
    push('rewards', siteId, before?.rewards?.[siteId] ?? [], after.rewards?.[siteId] ?? [], 'id');
  }
  // A site's "Join us" panel is one item, `panel`.
  const panel = (file: ContentFile | undefined, siteId: string) => (file?.recruitment?.[siteId] ? [{ id: 'panel', ...file.recruitment[siteId] }] : []);
  for (const siteId of siteIds(before?.recruitment, after.recruitment)) push('recruitment', siteId, panel(before, siteId), panel(after, siteId), 'id');
  for (const siteId of siteIds(before?.announcements, after.announcements)) {
    push('announcements', siteId, before?.announcements?.[siteId] ?? [], after.announcements?.[siteId] ?? [], 'id');
  }
  return changes;
}

/** One line for a version list, e.g. `activities SITE-1: +2 -1 ~1; perks: +1`; `no changes` when there are none. */
export function summarizeChanges(changes: readonly ContentChange[]): string {
  if (changes.length === 0) return 'no changes';
  return changes
    .map((change) => {
      const counts = [['+', change.added], ['-', change.removed], ['~', change.changed]]
        .filter(([, ids]) => ids!.length > 0)
        .map(([sign, ids]) => `${sign as string}${(ids as string[]).length}`)
        .join(' ');
      return `${change.section}${change.siteId === undefined ? '' : ` ${change.siteId}`}: ${counts}`;
    })
    .join('; ');
}

function siteIds(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] {
  return [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
}

function diffList(before: readonly Keyed[], after: readonly Keyed[], key: string): Omit<ContentChange, 'section' | 'siteId'> {
  const old = new Map(before.map((item) => [String(item[key]), item]));
  const now = new Map(after.map((item) => [String(item[key]), item]));
  const added = [...now.keys()].filter((id) => !old.has(id));
  const removed = [...old.keys()].filter((id) => !now.has(id));
  const changed = [...now.keys()].filter((id) => old.has(id) && canonical(old.get(id)) !== canonical(now.get(id)));
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}

/** JSON with object keys sorted, so key order alone is no change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

const SECTION_NAMES: Record<ContentSection, { zh: string; en: string }> = {
  activities: { zh: '活动', en: 'activities' },
  directory: { zh: '站点目录', en: 'station directory' },
  perks: { zh: '星级礼遇', en: 'perks' },
  rewards: { zh: '爱心超市', en: 'rewards' },
  recruitment: { zh: '招募志愿者', en: '"Join us" panel' },
  announcements: { zh: '通知', en: 'announcements' },
};

/** One change in words, both languages, e.g. `activities SITE-01: added A-2; changed A-1`. */
export function describeChange(change: ContentChange): { zh: string; en: string } {
  const name = SECTION_NAMES[change.section];
  const site = change.siteId === undefined ? '' : ` ${change.siteId}`;
  const parts = (words: [string, string, string]) =>
    [
      [words[0], change.added],
      [words[1], change.removed],
      [words[2], change.changed],
    ]
      .filter(([, ids]) => ids!.length > 0)
      .map(([word, ids]) => `${word as string} ${(ids as string[]).join(', ')}`);
  return {
    zh: `${name.zh}${site}：${parts(['新增', '删除', '修改']).join('；')}`,
    en: `${name.en}${site}: ${parts(['added', 'removed', 'changed']).join('; ')}`,
  };
}

import { describe, expect, it } from 'vitest';
import type { ContentFile } from '../../../shared/index.ts';
import { diffContent, summarizeChanges } from '../../../central/content/content-diff.ts';
import { sampleActivities } from '../../helpers/kiosk-sample-content.ts';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const [a1, a2, a3] = sampleActivities(NOW).items;

// The diff reads only item ids and compares items whole, so plain items stand in for the rest.
function content(parts: Partial<ContentFile>): ContentFile {
  return { v: 2, activities: {}, directory: [], ...parts } as ContentFile;
}

describe('diffContent', () => {
  it('lists everything as added against no previous version', () => {
    const first = content({ activities: { 'SITE-01': [a1!, a2!] }, directory: [{ stationId: 'ST-0001', siteId: 'SITE-01' }] as ContentFile['directory'] });
    expect(diffContent(undefined, first)).toEqual([
      { section: 'activities', siteId: 'SITE-01', added: ['A-1', 'A-2'], removed: [], changed: [] },
      { section: 'directory', siteId: 'SITE-01', added: ['ST-0001'], removed: [], changed: [] },
    ]);
  });

  it("lists the directory per site, so a station moved to another site leaves one and joins the other", () => {
    const st1 = { stationId: 'ST-0001', siteId: 'SITE-01', hours: [] };
    const st2 = { stationId: 'ST-0002', siteId: 'SITE-01', hours: [] };
    const before = content({ directory: [st1, st2] as unknown as ContentFile['directory'] });
    const after = content({ directory: [{ ...st1, hours: [{ days: [1], opens: '09:00', closes: '17:00' }] }, { ...st2, siteId: 'SITE-02' }] as unknown as ContentFile['directory'] });
    const changes = diffContent(before, after);
    expect(changes).toEqual([
      { section: 'directory', siteId: 'SITE-01', added: [], removed: ['ST-0002'], changed: ['ST-0001'] },
      { section: 'directory', siteId: 'SITE-02', added: ['ST-0002'], removed: [], changed: [] },
    ]);
    expect(summarizeChanges(changes)).toBe('directory SITE-01: -1 ~1; directory SITE-02: +1');
  });

  it('tells added, removed and changed items apart per site, and ignores key order', () => {
    const before = content({ activities: { 'SITE-01': [a1!, a2!], 'SITE-02': [a3!] } });
    const reordered = Object.fromEntries(Object.entries(a1!).reverse()) as typeof a1;
    const after = content({ activities: { 'SITE-01': [reordered!, { ...a2!, place: { zh: '新地点', en: 'New place' } }, a3!] } });
    expect(diffContent(before, after)).toEqual([
      { section: 'activities', siteId: 'SITE-01', added: ['A-3'], removed: [], changed: ['A-2'] },
      { section: 'activities', siteId: 'SITE-02', added: [], removed: ['A-3'], changed: [] },
    ]);
  });

  it('covers perks and rewards, and finds nothing between equal files', () => {
    const perk = { id: 'P-1', stars: 1 } as unknown as NonNullable<ContentFile['perks']>[number];
    const item = { id: 'R-1', points: 10 } as unknown as NonNullable<ContentFile['rewards']>[string][number];
    const before = content({ perks: [perk], rewards: { 'SITE-01': [item] } });
    const after = content({ perks: [], rewards: { 'SITE-01': [{ ...item, points: 12 } as typeof item] } });
    const changes = diffContent(before, after);
    expect(changes).toEqual([
      { section: 'perks', added: [], removed: ['P-1'], changed: [] },
      { section: 'rewards', siteId: 'SITE-01', added: [], removed: [], changed: ['R-1'] },
    ]);
    expect(summarizeChanges(changes)).toBe('perks: -1; rewards SITE-01: ~1');
    expect(diffContent(after, after)).toEqual([]);
    expect(summarizeChanges([])).toBe('no changes');
  });
});

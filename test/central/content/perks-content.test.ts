// The content file's star perks (protocol v2): every problem listed, nothing published on any; a valid section becomes one retained Perks on R/perks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentMessages, loadContentFile } from '../../../central/content/publish-content.ts';
import { topicsFor } from '../../../shared/index.ts';

const bus = { id: 'bus', partner: { zh: '市公交公司', en: 'City Bus Company' }, offer: { zh: '免费乘车', en: 'Free rides' }, minStar: 3, kind: 'transport', validUntil: '2027-12-31' };

function fileWith(extra: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vs-content-')), 'content.json');
  writeFileSync(file, JSON.stringify({ v: 1, activities: {}, directory: [], ...extra }));
  return file;
}

describe('content file: star perks', () => {
  it('a valid perks section is published retained on R/perks; a file without one publishes no perks', () => {
    const content = loadContentFile(fileWith({ perks: [bus, { ...bus, id: 'cinema', minStar: 1, kind: 'cinema' }] }));
    const messages = contentMessages(content, topicsFor('vs/v1'), '2026-12-01T00:00:00.000Z');
    expect(messages.find((m) => m.topic === 'vs/v1/perks')?.payload).toEqual({ v: 1, updatedAt: '2026-12-01T00:00:00.000Z', items: content.perks });
    const without = contentMessages(loadContentFile(fileWith({})), topicsFor('vs/v1'), '2026-12-01T00:00:00.000Z');
    expect(without.map((m) => m.topic)).not.toContain('vs/v1/perks');
  });

  it('refuses invalid perks with every problem listed', () => {
    const perks = [
      { ...bus, minStar: 0 },
      { ...bus, id: 'books', minStar: 2.5, partner: { zh: '书店' } },
      { ...bus, id: 'scenic', validFrom: '2027-05-01', validUntil: '2027-04-30', kind: 'zoo' },
      { ...bus, id: 'bus2', offer: { zh: '', en: 'x' }, validUntil: '2027-02-30' },
      { ...bus },
    ];
    let issues: readonly string[] = [];
    try {
      loadContentFile(fileWith({ perks }));
    } catch (err) {
      issues = (err as { issues: readonly string[] }).issues;
    }
    expect(issues).toEqual(
      expect.arrayContaining([
        'perks.0.minStar: must be 1 to 5',
        'perks.1.minStar: must be a whole number 1 to 5',
        expect.stringMatching(/^perks\.1\.partner\.en/),
        'perks.2.kind: must be one of transport, scenic-spot, cinema, books, other',
        'perks.3.offer.zh: must not be empty',
        'perks.3.validUntil: must be a calendar date YYYY-MM-DD',
      ]),
    );
    expect(issues.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a perk id used twice, naming both places', () => {
    expect(() => loadContentFile(fileWith({ perks: [bus, { ...bus }] }))).toThrow(expect.objectContaining({ issues: ['perks.1.id: bus is already used at perks.0'] }));
    expect(() => loadContentFile(fileWith({ perks: [{ ...bus, validFrom: '2027-05-01', validUntil: '2027-04-30' }] }))).toThrow(
      expect.objectContaining({ issues: [expect.stringMatching(/^perks\.0.*validUntil must not be before validFrom/)] }),
    );
  });
});

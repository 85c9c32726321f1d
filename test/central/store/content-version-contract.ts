/**
 * The content version contract (central/store/content-version-store.ts), for every store:
 * two stores on one database stand for two replicas (or two managers' requests).
 */
import { describe, expect, it } from 'vitest';
import type { ContentFile } from '../../../shared/index.ts';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

const fileWith = (activityIds: string[]) =>
  ({ v: 2, activities: { 'SITE-01': activityIds.map((id) => ({ id })) }, directory: [] }) as unknown as ContentFile;

export function describeContentVersionContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: content versions`, () => {
    const two = useTwoReplicas(openTwo);

    it('numbers publishes 1, 2, … and keeps who, when, the summary and the whole file', async () => {
      const [a, b] = await two();
      expect(await a.contentVersions.latest()).toBeUndefined();
      expect(await a.contentVersions.list()).toEqual([]);
      const first = await a.contentVersions.append({ baseVersion: 0, at: '2026-12-02T08:00:00.000Z', by: 'cli:ops', summary: 'activities SITE-01: +1', content: fileWith(['A-1']) });
      expect(first).toEqual({ kind: 'appended', version: { version: 1, at: '2026-12-02T08:00:00.000Z', by: 'cli:ops', summary: 'activities SITE-01: +1' } });
      await b.contentVersions.append({ baseVersion: 1, at: '2026-12-02T09:00:00.000Z', by: 'Wang Manager', summary: 'activities SITE-01: +1', content: fileWith(['A-1', 'A-2']) });
      expect(await a.contentVersions.latest()).toEqual({ version: 2, at: '2026-12-02T09:00:00.000Z', by: 'Wang Manager', summary: 'activities SITE-01: +1', content: fileWith(['A-1', 'A-2']) });
      expect((await b.contentVersions.get(1))?.content).toEqual(fileWith(['A-1']));
      expect(await b.contentVersions.get(3)).toBeUndefined();
      expect((await a.contentVersions.list()).map((v) => [v.version, v.by])).toEqual([[2, 'Wang Manager'], [1, 'cli:ops']]);
    });

    it('refuses a publish made from an older version and answers with the current one', async () => {
      const [a, b] = await two();
      expect((await a.contentVersions.append({ baseVersion: 3, at: '2026-12-02T08:00:00.000Z', by: 'x', summary: 's', content: fileWith([]) })).kind).toBe('conflict');
      await a.contentVersions.append({ baseVersion: 0, at: '2026-12-02T08:00:00.000Z', by: 'Li', summary: 's1', content: fileWith(['A-1']) });
      await a.contentVersions.append({ baseVersion: 1, at: '2026-12-02T08:05:00.000Z', by: 'Li', summary: 's2', content: fileWith(['A-2']) });
      const stale = await b.contentVersions.append({ baseVersion: 1, at: '2026-12-02T08:06:00.000Z', by: 'Wang', summary: 's3', content: fileWith(['A-3']) });
      expect(stale).toEqual({ kind: 'conflict', current: { version: 2, at: '2026-12-02T08:05:00.000Z', by: 'Li', summary: 's2' } });
      expect((await b.contentVersions.latest())?.content).toEqual(fileWith(['A-2']));
    });

    it('lets exactly one of many publishes from the same version through', async () => {
      const [a, b] = await two();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).contentVersions.append({ baseVersion: 0, at: '2026-12-02T08:00:00.000Z', by: `m${i}`, summary: 's', content: fileWith([`A-${i}`]) })),
      );
      expect(outcomes.filter((o) => o.kind === 'appended')).toHaveLength(1);
      expect(await a.contentVersions.list()).toHaveLength(1);
    });
  });
}

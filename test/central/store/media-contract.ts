/**
 * The photos contract (central/store/media-store.ts), for every store: two stores on one
 * database stand for two replicas, or central before and after a restart.
 */
import { describe, expect, it } from 'vitest';
import type { MediaUpload } from '../../../central/store/media-store.ts';
import { useTwoReplicas, type OpenTwo } from './two-replicas.ts';

const ID = 'a1'.repeat(32);
const upload = (by = 'manager:lin', bytesOf = (n: number) => Buffer.alloc(n, n % 251)): MediaUpload => ({
  id: ID,
  contentType: 'image/webp',
  variants: [
    { width: 480, height: 320, bytes: bytesOf(300) },
    { width: 960, height: 640, bytes: bytesOf(900) },
  ],
  by,
  createdAtMs: Date.parse('2026-12-01T08:00:00.000Z'),
});

export function describeMediaContract(name: string, openTwo: OpenTwo): void {
  describe(`${name}: photos`, () => {
    const two = useTwoReplicas(openTwo);

    it('keeps every width byte for byte, and serves the widest when no width is asked', async () => {
      const [a, b] = await two();
      expect(await a.media.put(upload())).toEqual({ created: true });
      expect(await b.media.get(ID, 480)).toEqual({ width: 480, height: 320, contentType: 'image/webp', bytes: Buffer.alloc(300, 300 % 251) });
      expect((await b.media.get(ID))?.width).toBe(960);
      expect(await b.media.sizes(ID)).toEqual([
        { width: 480, height: 320, bytes: 300 },
        { width: 960, height: 640, bytes: 900 },
      ]);
    });

    it('stores the same upload once: a repeat on either replica changes nothing and says so', async () => {
      const [a, b] = await two();
      await a.media.put(upload());
      expect(await b.media.put(upload('manager:wang', (n) => Buffer.alloc(n, 7)))).toEqual({ created: false });
      expect((await a.media.get(ID, 960))?.bytes).toEqual(Buffer.alloc(900, 900 % 251));
    });

    it('says which ids it knows, and nothing of an unknown id or width', async () => {
      const [a] = await two();
      await a.media.put(upload());
      const other = 'b2'.repeat(32);
      expect(await a.media.known([ID, other])).toEqual(new Set([ID]));
      expect(await a.media.known([])).toEqual(new Set());
      expect(await a.media.get(other)).toBeUndefined();
      expect(await a.media.get(ID, 123)).toBeUndefined();
      expect(await a.media.sizes(other)).toEqual([]);
    });
  });
}

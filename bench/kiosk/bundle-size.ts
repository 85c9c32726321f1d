/** Gzip sizes of the built kiosk JavaScript: all of it, and what loads before the QR is visible. */
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

export interface BundleSizes {
  totalGzipBytes: number;
  files: { name: string; gzipBytes: number }[];
}

export function gzipBytes(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** Every kiosk JS file in dist (the fleet console's own chunks are not the kiosk's). */
export function kioskBundleSizes(dist: string): BundleSizes {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets)
    .filter((name) => name.endsWith('.js') && !name.startsWith('console'))
    .map((name) => ({ name, gzipBytes: gzipBytes(join(assets, name)) }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), files };
}

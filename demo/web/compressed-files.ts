/**
 * Compressed copies of the built files, made once per file version and kept in memory:
 * Brotli where the browser accepts it, else gzip. The build is a few hundred KB, so
 * compressing each file the first time it is asked for costs a few milliseconds once
 * and saves every later visitor most of the transfer (a kiosk on a slow site link, a
 * phone on a mobile network).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Text formats; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt', '.ico']);
/** Below this a compressed body plus its header is no smaller. */
const MIN_BYTES = 1024;

/** The encoding to send for an Accept-Encoding header, or undefined for none. Honours `q=0`. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

export function isCompressible(path: string): boolean {
  return COMPRESSIBLE.has(extname(path));
}

export class CompressedFiles {
  private readonly cache = new Map<string, { version: string; body: Buffer }>();

  /** The compressed body of `path`, or undefined when it is not worth compressing. */
  get(path: string, encoding: Encoding): Buffer | undefined {
    if (!isCompressible(path)) return undefined;
    const stat = statSync(path);
    if (stat.size < MIN_BYTES) return undefined;
    const key = `${encoding}:${path}`;
    const version = `${stat.mtimeMs}:${stat.size}`;
    const cached = this.cache.get(key);
    if (cached?.version === version) return cached.body;
    const raw = readFileSync(path);
    const body = encoding === 'br' ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : gzipSync(raw, { level: 9 });
    this.cache.set(key, { version, body });
    return body;
  }
}

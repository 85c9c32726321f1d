/** Feeds byte chunks into a parser and collects what it pushes and what it counts as errors. */
import type { Transform } from 'node:stream';
import type { FrameErrorKind } from '../../station-agent/readers/card-read.ts';

export function feed<T>(make: (onFrameError: (kind: FrameErrorKind) => void) => Transform, chunks: (Buffer | number[])[]): { out: T[]; errors: FrameErrorKind[] } {
  const errors: FrameErrorKind[] = [];
  const parser = make((kind) => errors.push(kind));
  const out: T[] = [];
  parser.on('data', (item: T) => out.push(item));
  for (const chunk of chunks) parser.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return { out, errors };
}

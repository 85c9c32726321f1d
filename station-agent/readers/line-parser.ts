/**
 * Parser for readers that print one uid per CR/LF-terminated line, either as hex or
 * as a 10-digit decimal of the 4 tag bytes. Lines over 256 bytes are dropped whole.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { cardUidFromDecimal, normaliseCardUid } from '../../shared/index.ts';
import type { CardRead, FrameErrorKind } from './card-read.ts';

export const MAX_LINE_BYTES = 256;
const CR = 0x0d;
const LF = 0x0a;

export type LineFormat = 'hex' | 'decimal10';

export interface LineParserOptions {
  format: LineFormat;
  onFrameError?: (kind: FrameErrorKind) => void;
}

export function decodeLine(line: string, format: LineFormat): CardRead | null {
  try {
    if (format === 'decimal10') return /^\d{10}$/.test(line) ? { uid: cardUidFromDecimal(line), tech: 'other' } : null;
    return { uid: normaliseCardUid(line), tech: 'other' };
  } catch {
    return null;
  }
}

export class LineParser extends Transform {
  private line: number[] = [];
  private overlong = false;
  private readonly onFrameError: (kind: FrameErrorKind) => void;

  constructor(private readonly options: LineParserOptions) {
    super({ readableObjectMode: true });
    this.onFrameError = options.onFrameError ?? (() => undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const byte of chunk) {
      if (byte === CR || byte === LF) this.endLine();
      else if (this.overlong) continue;
      else if (this.line.length >= MAX_LINE_BYTES) {
        this.overlong = true;
        this.line = [];
        this.onFrameError('overlong');
      } else this.line.push(byte);
    }
    done();
  }

  private endLine(): void {
    const bytes = this.line;
    const wasOverlong = this.overlong;
    this.line = [];
    this.overlong = false;
    if (wasOverlong || bytes.length === 0) return;
    const text = Buffer.from(bytes).toString('latin1').trim();
    if (text === '') return;
    const read = decodeLine(text, this.options.format);
    if (read === null) this.onFrameError('malformed');
    else this.push(read);
  }
}

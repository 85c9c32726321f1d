/**
 * PN532 stream parser: finds the `00 FF` start code, tells ACK, NACK and information
 * frames apart, verifies both checksums and resyncs after garbage. Bad or truncated
 * frames are counted, never passed on.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { FrameErrorKind } from './card-read.ts';
import { Pn532Frame } from './pn532-frame.ts';

export type Pn532Message = { kind: 'ack' } | { kind: 'nack' } | { kind: 'frame'; frame: Pn532Frame };

const MAX_BUFFER = 1024;

export interface Pn532ParserOptions {
  onFrameError?: (kind: FrameErrorKind) => void;
}

export class Pn532Parser extends Transform {
  private buffer = Buffer.alloc(0);
  private readonly onFrameError: (kind: FrameErrorKind) => void;

  constructor(options: Pn532ParserOptions = {}) {
    super({ readableObjectMode: true });
    this.onFrameError = options.onFrameError ?? (() => undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.drain();
    if (this.buffer.length > MAX_BUFFER) {
      this.onFrameError('overlong');
      this.buffer = Buffer.alloc(0);
    }
    done();
  }

  /** Drops what is buffered (a new command after a timeout must not see a stale half frame). */
  reset(): void {
    if (this.buffer.some((b) => b !== 0x00)) this.onFrameError('truncated');
    this.buffer = Buffer.alloc(0);
  }

  private discard(count: number): void {
    // Zeros are preamble and postamble; anything else before a start code is noise.
    if (this.buffer.subarray(0, count).some((b) => b !== 0x00)) this.onFrameError('noise');
    this.buffer = this.buffer.subarray(count);
  }

  private drain(): void {
    for (;;) {
      const start = this.buffer.indexOf(Buffer.from([0x00, 0xff]));
      if (start < 0) {
        // Keep a trailing 0x00: it may be the first half of a start code.
        this.discard(this.buffer.length > 0 && this.buffer[this.buffer.length - 1] === 0x00 ? this.buffer.length - 1 : this.buffer.length);
        return;
      }
      this.discard(start);
      if (this.buffer.length < 4) return;
      const len = this.buffer[2]!;
      const lcs = this.buffer[3]!;
      if (len === 0x00 && lcs === 0xff) {
        this.buffer = this.buffer.subarray(4);
        this.push({ kind: 'ack' } satisfies Pn532Message);
        continue;
      }
      if (len === 0xff && lcs === 0x00) {
        this.buffer = this.buffer.subarray(4);
        this.push({ kind: 'nack' } satisfies Pn532Message);
        continue;
      }
      if (((len + lcs) & 0xff) !== 0) {
        this.onFrameError('checksum');
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      if (this.buffer.length < 4 + len + 1) return;
      try {
        const frame = Pn532Frame.fromBuffer(this.buffer.subarray(0, 4 + len + 1));
        this.buffer = this.buffer.subarray(4 + len + 1);
        this.push({ kind: 'frame', frame } satisfies Pn532Message);
      } catch {
        this.onFrameError('checksum');
        this.buffer = this.buffer.subarray(2);
      }
    }
  }
}

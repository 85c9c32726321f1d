/**
 * RDM6300 (EM4100, 125 kHz) stream parser. A frame is
 * `0x02`, 10 ASCII hex (version byte + 4 tag bytes), 2 ASCII hex checksum
 * (XOR of those 5 bytes), `0x03`: 14 bytes, 14.6 ms at 9600 8N1.
 * Resyncs on the next `0x02`; a bad frame is counted, never a read.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { CardRead, FrameErrorKind } from './card-read.ts';

const STX = 0x02;
const ETX = 0x03;
const BODY_LENGTH = 12;
const HEX = /^[0-9A-Fa-f]+$/;

export interface Rdm6300ParserOptions {
  onFrameError?: (kind: FrameErrorKind) => void;
}

/** Decodes the 12 ASCII body characters; null when the checksum does not match. */
export function decodeRdm6300Body(body: string): CardRead | null {
  if (body.length !== BODY_LENGTH || !HEX.test(body)) return null;
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(body.slice(i, i + 2), 16);
  if (xor !== parseInt(body.slice(10, 12), 16)) return null;
  return { uid: body.slice(0, 10).toUpperCase(), tech: 'em4100' };
}

/** Builds a wire frame for a 10-hex-digit EM4100 uid (for emulators and fixtures). */
export function encodeRdm6300Frame(uid: string, corruptChecksum = false): Buffer {
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(uid.slice(i, i + 2), 16);
  if (corruptChecksum) xor ^= 0xff;
  const body = uid.toUpperCase() + xor.toString(16).toUpperCase().padStart(2, '0');
  return Buffer.concat([Buffer.from([STX]), Buffer.from(body, 'ascii'), Buffer.from([ETX])]);
}

export class Rdm6300Parser extends Transform {
  private body: number[] | null = null;
  private inNoise = false;
  private readonly onFrameError: (kind: FrameErrorKind) => void;

  constructor(options: Rdm6300ParserOptions = {}) {
    super({ readableObjectMode: true });
    this.onFrameError = options.onFrameError ?? (() => undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const byte of chunk) this.consume(byte);
    done();
  }

  private consume(byte: number): void {
    if (byte === STX) {
      if (this.body !== null) this.onFrameError('truncated');
      this.body = [];
      this.inNoise = false;
      return;
    }
    if (this.body === null) {
      // One count per run of garbage between frames, not per byte.
      if (!this.inNoise) this.onFrameError('noise');
      this.inNoise = true;
      return;
    }
    if (this.body.length < BODY_LENGTH) {
      this.body.push(byte);
      return;
    }
    const body = Buffer.from(this.body).toString('latin1');
    this.body = null;
    if (byte !== ETX) {
      this.onFrameError('malformed');
      this.inNoise = true;
      return;
    }
    const read = HEX.test(body) ? decodeRdm6300Body(body) : null;
    if (read === null) this.onFrameError(HEX.test(body) ? 'checksum' : 'malformed');
    else this.push(read);
  }
}

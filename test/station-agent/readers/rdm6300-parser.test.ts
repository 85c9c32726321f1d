import { describe, expect, it } from 'vitest';
import { Rdm6300Parser, decodeRdm6300Body } from '../../../station-agent/readers/rdm6300-parser.ts';
import type { CardRead } from '../../../station-agent/readers/card-read.ts';
import { rdm6300FrameBytes } from '../../helpers/rdm6300-emulator.ts';
import { feed } from '../../helpers/collect.ts';

// A real capture: tag 0x62E3086CED read by an RDM6300 (version 0x62), checksum 0x08.
const FRAME = Buffer.from([0x02, ...Buffer.from('62E3086CED08', 'ascii'), 0x03]);
const OTHER = rdm6300FrameBytes('0A00B1C2D3');
const run = (...chunks: (Buffer | number[])[]) => feed<CardRead>((onFrameError) => new Rdm6300Parser({ onFrameError }), chunks);

/** `length` bytes from xorshift32 (Marsaglia 2003), the same on every run; `keep` filters them. */
function seededBytes(seed: number, length: number, keep: (byte: number) => boolean = () => true): Buffer {
  let state = seed >>> 0;
  const bytes: number[] = [];
  while (bytes.length < length) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const byte = state >>> 24;
    if (keep(byte)) bytes.push(byte);
  }
  return Buffer.from(bytes);
}

describe('Rdm6300Parser', () => {
  it('decodes one frame into the 10-hex-digit uid, tech em4100', () => {
    expect(run(FRAME)).toEqual({ out: [{ uid: '62E3086CED', tech: 'em4100' }], errors: [] });
  });

  it('decodes two frames in one chunk', () => {
    expect(run(Buffer.concat([FRAME, OTHER])).out.map((r) => r.uid)).toEqual(['62E3086CED', '0A00B1C2D3']);
  });

  it('decodes a frame split across chunks, including the checksum and end byte arriving alone', () => {
    const { out, errors } = run(FRAME.subarray(0, 5), FRAME.subarray(5, 11), FRAME.subarray(11, 12), FRAME.subarray(12, 13), FRAME.subarray(13));
    expect(out.map((r) => r.uid)).toEqual(['62E3086CED']);
    expect(errors).toEqual([]);
  });

  it('skips leading noise, counting it once', () => {
    const { out, errors } = run(Buffer.from([0xff, 0x41, 0x00, 0x13]), FRAME);
    expect(out.map((r) => r.uid)).toEqual(['62E3086CED']);
    expect(errors).toEqual(['noise']);
  });

  it('never turns a bad checksum into a read, and reads the good frame after it', () => {
    const { out, errors } = run(rdm6300FrameBytes('62E3086CED', { badChecksum: true }), FRAME);
    expect(out.map((r) => r.uid)).toEqual(['62E3086CED']);
    expect(errors).toEqual(['checksum']);
  });

  it('resyncs on the next start byte after a truncated frame', () => {
    const { out, errors } = run(FRAME.subarray(0, 7), FRAME);
    expect(out.map((r) => r.uid)).toEqual(['62E3086CED']);
    expect(errors).toEqual(['truncated']);
  });

  it('drops a frame with a wrong end byte or non-hex body', () => {
    const wrongEnd = Buffer.from(FRAME);
    wrongEnd[13] = 0x04;
    const nonHex = Buffer.from([0x02, ...Buffer.from('62E3086CEDZZ', 'ascii'), 0x03]);
    const { out, errors } = run(wrongEnd, nonHex, FRAME);
    expect(out).toHaveLength(1);
    expect(errors).toEqual(['malformed', 'malformed']);
  });

  it('survives random bytes without a single read', () => {
    // Without a start byte no frame can begin, so zero reads is exact, not a probability.
    const noise = seededBytes(42, 20_000, (byte) => byte !== 0x02);
    const { out, errors } = run(noise, FRAME);
    expect(out.map((r) => r.uid)).toEqual(['62E3086CED']);
    expect(errors).toEqual(['noise']);
  });

  it('reads nothing from seeded random bytes with start bytes in them, and reads the good frame after', () => {
    const garbage = seededBytes(42, 20_000);
    expect(garbage.filter((byte) => byte === 0x02).length).toBeGreaterThan(50);
    const { out, errors } = run(garbage, FRAME);
    // A frame here needs 12 ASCII hex bytes in a row, then 0x03 and a matching checksum:
    // about 1 in 10^18 per start byte. These seeded bytes hold none.
    expect(out.map((r) => r.uid)).toEqual(['62E3086CED']);
    expect(new Set(errors)).toEqual(new Set(['noise', 'truncated', 'malformed']));
  });

  it('decodeRdm6300Body accepts lower-case hex and rejects short bodies', () => {
    expect(decodeRdm6300Body('62e3086ced08')).toEqual({ uid: '62E3086CED', tech: 'em4100' });
    expect(decodeRdm6300Body('62E3086CED')).toBeNull();
  });
});

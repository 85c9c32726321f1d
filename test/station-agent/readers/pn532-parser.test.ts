import { describe, expect, it } from 'vitest';
import { PN532_ACK, Pn532ChecksumError, Pn532Frame } from '../../../station-agent/readers/pn532-frame.ts';
import { Pn532Parser, type Pn532Message } from '../../../station-agent/readers/pn532-parser.ts';
import { uidFromInListResponse } from '../../../station-agent/readers/pn532-session.ts';
import { feed } from '../../helpers/collect.ts';

// GetFirmwareVersion response from a PN532 v1.6 (UM0701-02 §7.2.2): D5 03 32 01 06 07.
const FIRMWARE = Buffer.from([0x00, 0x00, 0xff, 0x06, 0xfa, 0xd5, 0x03, 0x32, 0x01, 0x06, 0x07, 0xe8, 0x00]);
const run = (...chunks: (Buffer | number[])[]) => feed<Pn532Message>((onFrameError) => new Pn532Parser({ onFrameError }), chunks);
const describeMessage = (m: Pn532Message) => (m.kind === 'frame' ? `frame ${m.frame.data.toString('hex')}` : m.kind);

describe('Pn532Frame', () => {
  it('encodes GetFirmwareVersion as the manual does: 00 00 FF 02 FE D4 02 2A 00', () => {
    expect(Pn532Frame.command(0x02).toBuffer()).toEqual(Buffer.from([0x00, 0x00, 0xff, 0x02, 0xfe, 0xd4, 0x02, 0x2a, 0x00]));
  });

  it('round-trips through fromBuffer and checks both checksums', () => {
    const frame = Pn532Frame.fromBuffer(FIRMWARE);
    expect(frame.tfi).toBe(0xd5);
    expect([...frame.data]).toEqual([0x03, 0x32, 0x01, 0x06, 0x07]);
    const badLcs = Buffer.from(FIRMWARE);
    badLcs[4] = 0xfb;
    expect(() => Pn532Frame.fromBuffer(badLcs)).toThrow(Pn532ChecksumError);
    const badDcs = Buffer.from(FIRMWARE);
    badDcs[11] = 0xe9;
    expect(() => Pn532Frame.fromBuffer(badDcs)).toThrow(Pn532ChecksumError);
  });
});

describe('Pn532Parser', () => {
  it('tells an ACK from the response that follows it in the same chunk', () => {
    expect(run(Buffer.concat([PN532_ACK, FIRMWARE])).out.map(describeMessage)).toEqual(['ack', 'frame 0332010607']);
  });

  it('handles ACK and response interleaved across chunks, split mid start code and with the DCS alone', () => {
    const bytes = Buffer.concat([PN532_ACK, FIRMWARE]);
    const { out, errors } = run(bytes.subarray(0, 2), bytes.subarray(2, 8), bytes.subarray(8, 17), bytes.subarray(17, 18), bytes.subarray(18));
    expect(out.map(describeMessage)).toEqual(['ack', 'frame 0332010607']);
    expect(errors).toEqual([]);
  });

  it('skips leading noise and resyncs on the start code', () => {
    const { out, errors } = run([0x13, 0x37, 0xaa], FIRMWARE);
    expect(out.map(describeMessage)).toEqual(['frame 0332010607']);
    expect(errors).toEqual(['noise']);
  });

  it('drops a bad data checksum and reads the good frame after it', () => {
    const bad = Buffer.from(FIRMWARE);
    bad[11] = 0x00;
    const { out, errors } = run(Buffer.concat([bad, FIRMWARE]));
    expect(out.map(describeMessage)).toEqual(['frame 0332010607']);
    expect(errors[0]).toBe('checksum');
  });

  it('drops a bad length checksum', () => {
    const bad = Buffer.from(FIRMWARE);
    bad[4] = 0x00;
    const { out, errors } = run(bad, FIRMWARE);
    expect(out.map(describeMessage)).toEqual(['frame 0332010607']);
    expect(errors).toContain('checksum');
  });

  it('reports NACK', () => {
    expect(run([0x00, 0x00, 0xff, 0xff, 0x00, 0x00]).out.map(describeMessage)).toEqual(['nack']);
  });

  it('reset() drops a truncated frame so the next one parses', () => {
    const errors: string[] = [];
    const parser = new Pn532Parser({ onFrameError: (k) => errors.push(k) });
    const out: Pn532Message[] = [];
    parser.on('data', (m: Pn532Message) => out.push(m));
    parser.write(FIRMWARE.subarray(0, 8));
    parser.reset();
    parser.write(FIRMWARE);
    expect(out.map(describeMessage)).toEqual(['frame 0332010607']);
    expect(errors).toEqual(['truncated']);
  });
});

describe('uidFromInListResponse', () => {
  const target = (uid: number[]) => Buffer.from([0x01, 0x01, 0x00, 0x44, 0x00, uid.length, ...uid]);
  it('reads 4-, 7- and 10-byte uids', () => {
    expect(uidFromInListResponse(target([0x04, 0xa1, 0xb2, 0xc3]))).toBe('04A1B2C3');
    expect(uidFromInListResponse(target([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]))).toBe('04112233445566');
    expect(uidFromInListResponse(target([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBe('0102030405060708090A');
  });
  it('returns null for no target or an impossible uid length', () => {
    expect(uidFromInListResponse(Buffer.from([0x00]))).toBeNull();
    expect(uidFromInListResponse(target([1, 2, 3]))).toBeNull();
    expect(uidFromInListResponse(Buffer.from([0x01, 0x01, 0x00, 0x44, 0x00, 0x07, 0x04]))).toBeNull();
  });
});

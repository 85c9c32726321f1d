/**
 * PN532 frames (NXP UM0701-02 §6.2.1): normal information frame
 * `00 00 FF LEN LCS TFI DATA… DCS 00`, where LEN counts TFI + DATA,
 * `LEN + LCS = 0` and `TFI + DATA… + DCS = 0` (mod 256). ACK is `00 00 FF 00 FF 00`.
 */

export const TFI_HOST_TO_PN532 = 0xd4;
export const TFI_PN532_TO_HOST = 0xd5;
export const PN532_ACK = Buffer.from([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]);
export const PN532_NACK = Buffer.from([0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
/** HSU wake-up (UM0701-02 §7.2.11 / PN532 application note): 0x55 then a long run of zeros. */
export const PN532_WAKEUP = Buffer.from([0x55, 0x55, ...new Array<number>(14).fill(0x00)]);

export class Pn532ChecksumError extends Error {
  readonly code = 'PN532_CHECKSUM';
}

function sum(bytes: Iterable<number>): number {
  let total = 0;
  for (const b of bytes) total = (total + b) & 0xff;
  return total;
}

export class Pn532Frame {
  constructor(
    readonly tfi: number,
    /** Command or response code first, then its parameters. */
    readonly data: Buffer,
  ) {}

  static command(code: number, params: readonly number[] = []): Pn532Frame {
    return new Pn532Frame(TFI_HOST_TO_PN532, Buffer.from([code, ...params]));
  }

  get code(): number | undefined {
    return this.data[0];
  }

  toBuffer(): Buffer {
    const len = this.data.length + 1;
    if (len > 0xfe) throw new RangeError('PN532 normal frames carry at most 254 bytes');
    const dcs = (0x100 - sum([this.tfi, ...this.data])) & 0xff;
    return Buffer.from([0x00, 0x00, 0xff, len, (0x100 - len) & 0xff, this.tfi, ...this.data, dcs, 0x00]);
  }

  /** Parses one frame starting at its `00 FF` start code; throws Pn532ChecksumError on a bad LCS or DCS. */
  static fromBuffer(buf: Buffer): Pn532Frame {
    const start = buf.indexOf(Buffer.from([0x00, 0xff]));
    if (start < 0 || buf.length < start + 5) throw new RangeError('no complete PN532 frame');
    const len = buf[start + 2]!;
    const lcs = buf[start + 3]!;
    if (((len + lcs) & 0xff) !== 0) throw new Pn532ChecksumError('PN532 length checksum (LCS) does not match');
    const body = buf.subarray(start + 4, start + 4 + len);
    const dcs = buf[start + 4 + len];
    if (body.length < len || dcs === undefined) throw new RangeError('truncated PN532 frame');
    if (((sum(body) + dcs) & 0xff) !== 0) throw new Pn532ChecksumError('PN532 data checksum (DCS) does not match');
    return new Pn532Frame(body[0]!, Buffer.from(body.subarray(1)));
  }
}

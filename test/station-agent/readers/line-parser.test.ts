import { describe, expect, it } from 'vitest';
import { LineParser, type LineFormat } from '../../../station-agent/readers/line-parser.ts';
import type { CardRead } from '../../../station-agent/readers/card-read.ts';
import { feed } from '../../helpers/collect.ts';

const run = (format: LineFormat, ...chunks: (string | Buffer)[]) =>
  feed<CardRead>((onFrameError) => new LineParser({ format, onFrameError }), chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'latin1') : c)));

describe('LineParser', () => {
  it('reads hex uids terminated by CR, LF or CRLF, two in one chunk', () => {
    expect(run('hex', '04a1b2c3\r\n04:A1:B2:C3:D4:E5:F6\n').out.map((r) => r.uid)).toEqual(['04A1B2C3', '04A1B2C3D4E5F6']);
  });

  it('reads a line split across chunks', () => {
    expect(run('hex', '04A1', 'B2C3', '\r').out.map((r) => r.uid)).toEqual(['04A1B2C3']);
  });

  it('converts 10-digit decimal to the 4-byte hex uid', () => {
    expect(run('decimal10', '0012345678\r\n').out).toEqual([{ uid: '00BC614E', tech: 'other' }]);
  });

  it('drops malformed lines, counts them, and reads the next good one', () => {
    const { out, errors } = run('hex', 'hello\n04A1B\n04A1B2C3\n');
    expect(out.map((r) => r.uid)).toEqual(['04A1B2C3']);
    expect(errors).toEqual(['malformed', 'malformed']);
  });

  it('drops a decimal number that does not fit 4 bytes, or is not 10 digits', () => {
    const { out, errors } = run('decimal10', '9999999999\n12345\n');
    expect(out).toEqual([]);
    expect(errors).toEqual(['malformed', 'malformed']);
  });

  it('drops overlong lines (> 256 bytes) whole, and recovers at the next line', () => {
    const { out, errors } = run('hex', '0'.repeat(300), '04A1B2C3\n', 'DEADBEEF\n');
    expect(out.map((r) => r.uid)).toEqual(['DEADBEEF']);
    expect(errors).toEqual(['overlong']);
  });

  it('ignores blank lines', () => {
    expect(run('hex', '\r\n\r\n')).toEqual({ out: [], errors: [] });
  });
});

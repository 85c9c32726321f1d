/** The reader supervision on @serialport/binding-mock ports (the pty tests run the same flow on a real pty). */
import pino from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../../shared/index.ts';
import type { CardRead, FrameErrorKind, ReaderState } from '../../../station-agent/readers/card-read.ts';
import { PushReader } from '../../../station-agent/readers/push-reader.ts';
import { Rdm6300Parser } from '../../../station-agent/readers/rdm6300-parser.ts';
import { rdm6300FrameBytes } from '../../helpers/rdm6300-emulator.ts';
import { eventually } from '../../helpers/eventually.ts';


// serialport's own handle on the mock binding: importing @serialport/binding-mock from ESM
// would give a second module instance that SerialPortMock does not see.
const MockBinding = SerialPortMock.binding;
afterEach(() => MockBinding.reset());

function mockReader(path: string) {
  const reads: CardRead[] = [];
  const states: ReaderState[] = [];
  const errors: FrameErrorKind[] = [];
  let reopens = 0;
  let present = true;
  let port: SerialPortMock | undefined;
  const reader = new PushReader({
    driver: 'rdm6300',
    path,
    baudRate: 9600,
    openPort: (options) => (port = new SerialPortMock(options)),
    createParser: (sink) => new Rdm6300Parser({ onFrameError: (kind) => sink.frameError(kind) }),
    sink: { read: (r) => reads.push(r), state: (s) => states.push(s), frameError: (k) => errors.push(k), reopened: () => reopens++ },
    logger: pino({ level: 'silent' }),
    presenceCheckMs: 20,
    reopenBackoff: new Backoff({ baseMs: 10, capMs: 40 }),
    isPresent: () => present,
  });
  return { reader, reads, states, errors, port: () => port!, reopens: () => reopens, setPresent: (p: boolean) => (present = p) };
}

describe('PushReader on mock ports', () => {
  it('reads frames from the port, counts bad ones, and reopens after the device vanishes', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', {});
    const m = mockReader('/dev/ttyMOCK0');
    m.reader.start();
    await eventually(() => m.states.at(-1)?.state === 'connected', 5000, 'connected');
    m.port().port!.emitData(Buffer.concat([rdm6300FrameBytes('0A00B1C2D3', { badChecksum: true }), rdm6300FrameBytes('0A00B1C2D3')]));
    await eventually(() => m.reads.length === 1, 5000, 'a read');
    expect(m.reads[0]).toEqual({ uid: '0A00B1C2D3', tech: 'em4100' });
    expect(m.errors).toEqual(['checksum']);

    m.setPresent(false);
    await eventually(() => m.states.at(-1)?.state === 'disconnected', 5000, 'disconnected');
    expect(m.states.at(-1)?.detail).toMatch(/gone/);
    m.setPresent(true);
    await eventually(() => m.states.at(-1)?.state === 'connected' && m.reopens() >= 1, 5000, 'reopened');
    m.port().port!.emitData(rdm6300FrameBytes('0A00B1C2D4'));
    await eventually(() => m.reads.length === 2, 5000, 'a read after the reopen');
    await m.reader.stop();
  });

  it('reports a port that cannot be opened, with the reason, and keeps retrying', async () => {
    const m = mockReader('/dev/ttyMISSING');
    m.reader.start();
    await eventually(() => m.states.filter((s) => s.state === 'disconnected').length >= 2, 5000, 'repeated open failures');
    expect(m.states[0]!.detail).toContain('/dev/ttyMISSING');
    MockBinding.createPort('/dev/ttyMISSING', {});
    await eventually(() => m.states.at(-1)?.state === 'connected', 5000, 'connected once the device exists');
    await m.reader.stop();
  });
});

/**
 * An RDM6300 on the emulator side of a socat pty: writes EM4100 frames byte for byte
 * as the module does (`02`, 10 hex, 2 hex XOR checksum, `03` at 9600 8N1), repeating
 * about every 65 ms while a card is held. Written independently of the agent's parser.
 */
import { SerialPort } from 'serialport';

export function rdm6300FrameBytes(uid10: string, { badChecksum = false } = {}): Buffer {
  const bytes = uid10.match(/../g)!.map((h) => parseInt(h, 16));
  let checksum = bytes.reduce((a, b) => a ^ b, 0);
  if (badChecksum) checksum = (checksum + 1) & 0xff;
  const ascii = `${uid10.toUpperCase()}${checksum.toString(16).toUpperCase().padStart(2, '0')}`;
  return Buffer.from([0x02, ...Buffer.from(ascii, 'ascii'), 0x03]);
}

export interface Rdm6300Emulator {
  port: SerialPort;
  write(bytes: Buffer): Promise<void>;
  /** Holds a card on the reader for `ms`: the frame repeats every 65 ms. */
  hold(uid10: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function openRdm6300Emulator(emulatorPath: string): Promise<Rdm6300Emulator> {
  const port = new SerialPort({ path: emulatorPath, baudRate: 9600, autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const write = (bytes: Buffer) => new Promise<void>((resolve, reject) => port.write(bytes, (err) => (err ? reject(err) : port.drain(() => resolve()))));
  return {
    port,
    write,
    async hold(uid10, ms) {
      const until = Date.now() + ms;
      do {
        await write(rdm6300FrameBytes(uid10));
        await new Promise((r) => setTimeout(r, 65));
      } while (Date.now() < until);
    },
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

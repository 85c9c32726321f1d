/**
 * A PN532 in HSU mode on the emulator side of a socat pty, written from NXP UM0701-02
 * independently of the agent's driver: it parses host frames (verifying LCS and DCS),
 * answers ACK then the response, and implements SAMConfiguration, GetFirmwareVersion,
 * RFConfiguration (MaxRetries) and InListPassiveTarget for one ISO14443A card. Like the
 * real chip, InListPassiveTarget with MxRtyPassiveActivation = 0xFF never answers
 * while no card is present. `silent` stops all answers (a hung chip).
 */
import { SerialPort } from 'serialport';

const sum = (bytes: number[]) => bytes.reduce((a, b) => (a + b) & 0xff, 0);

export function pn532ResponseFrame(data: number[]): Buffer {
  const body = [0xd5, ...data];
  return Buffer.from([0x00, 0x00, 0xff, body.length, (0x100 - body.length) & 0xff, ...body, (0x100 - sum(body)) & 0xff, 0x00]);
}

export interface Pn532Emulator {
  /** The card on the reader (hex uid of 4, 7 or 10 bytes), or null. */
  card: string | null;
  silent: boolean;
  /** Command codes received, in order. */
  commands: number[];
  mxRtyPassiveActivation: number;
  samConfigured: boolean;
  badHostFrames: number;
  close(): Promise<void>;
}

export async function openPn532Emulator(emulatorPath: string): Promise<Pn532Emulator> {
  const port = new SerialPort({ path: emulatorPath, baudRate: 115200, autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const emulator: Pn532Emulator = {
    card: null,
    silent: false,
    commands: [],
    mxRtyPassiveActivation: 0xff,
    samConfigured: false,
    badHostFrames: 0,
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
  const respond = (data: number[]) => {
    port.write(Buffer.from([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]));
    // A real PN532 answers some milliseconds after the ACK.
    setTimeout(() => port.write(pn532ResponseFrame(data)), 2);
  };
  const handle = (code: number, params: number[]) => {
    emulator.commands.push(code);
    if (emulator.silent) return;
    switch (code) {
      case 0x02:
        return respond([0x03, 0x32, 0x01, 0x06, 0x07]);
      case 0x14:
        emulator.samConfigured = true;
        return respond([0x15]);
      case 0x32:
        if (params[0] === 0x05) emulator.mxRtyPassiveActivation = params[3] ?? 0xff;
        return respond([0x33]);
      case 0x4a: {
        if (emulator.card === null) {
          if (emulator.mxRtyPassiveActivation === 0xff) return port.write(Buffer.from([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]));
          return respond([0x4b, 0x00]);
        }
        const uid = emulator.card.match(/../g)!.map((h) => parseInt(h, 16));
        return respond([0x4b, 0x01, 0x01, 0x00, 0x44, 0x00, uid.length, ...uid]);
      }
      default:
        // Syntax error frame (UM0701-02 §6.2.1.5).
        port.write(Buffer.from([0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00]));
    }
  };
  let buffer: number[] = [];
  port.on('data', (chunk: Buffer) => {
    buffer.push(...chunk);
    for (;;) {
      const start = buffer.findIndex((b, i) => b === 0x00 && buffer[i + 1] === 0xff);
      if (start < 0 || buffer.length < start + 4) return;
      const len = buffer[start + 2]!;
      const lcs = buffer[start + 3]!;
      if (((len + lcs) & 0xff) !== 0) {
        emulator.badHostFrames++;
        buffer = buffer.slice(start + 2);
        continue;
      }
      if (buffer.length < start + 4 + len + 1) return;
      const body = buffer.slice(start + 4, start + 4 + len);
      const dcs = buffer[start + 4 + len]!;
      buffer = buffer.slice(start + 4 + len + 1);
      if (((sum(body) + dcs) & 0xff) !== 0 || body[0] !== 0xd4) {
        emulator.badHostFrames++;
        continue;
      }
      handle(body[1]!, body.slice(2));
    }
  });
  return emulator;
}

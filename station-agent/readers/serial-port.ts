/**
 * The hardware seam: readers open ports through a factory, so tests can hand in
 * `@serialport/binding-mock` ports and integration tests a real socat pty.
 */
import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';

/** The part of serialport's `SerialPortStream` the readers use. */
export interface SerialPortLike extends Duplex {
  readonly isOpen: boolean;
  close(callback?: (err?: Error | null) => void): void;
}

export interface PortOptions {
  path: string;
  baudRate: number;
}

export type PortFactory = (options: PortOptions) => SerialPortLike;

export const openSerialPort: PortFactory = ({ path, baudRate }) =>
  new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: true });

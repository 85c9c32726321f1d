/**
 * `station-agent ports`: serial ports and their stable `/dev/serial/by-id` names.
 * `SerialPort.list()` needs udevadm and crashes the process without it, so this
 * scans `/dev/serial/by-id` and `/dev/tty{USB,ACM,S}*` itself.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export interface ListedPort {
  path: string;
  byId?: string;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function listSerialPorts(devDir = '/dev'): ListedPort[] {
  const byIdDir = join(devDir, 'serial', 'by-id');
  const byTarget = new Map<string, string>();
  for (const name of safeReaddir(byIdDir)) {
    try {
      byTarget.set(realpathSync(join(byIdDir, name)), join(byIdDir, name));
    } catch {
      // A dangling link: the device went away while we looked.
    }
  }
  const ttys = safeReaddir(devDir)
    .filter((name) => /^tty(USB|ACM|S)\d+$/.test(name))
    .map((name) => join(devDir, name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const seen = new Set(ttys);
  const ports: ListedPort[] = ttys.map((path) => ({ path, ...(byTarget.has(path) ? { byId: byTarget.get(path)! } : {}) }));
  for (const [target, byId] of byTarget) if (!seen.has(target)) ports.push({ path: target, byId });
  return ports;
}

export function formatPorts(ports: readonly ListedPort[]): string {
  if (ports.length === 0) return 'No serial ports found (looked in /dev/serial/by-id and /dev/tty{USB,ACM,S}*).';
  return ports.map((p) => (p.byId ? `${p.path}\t${p.byId}` : `${p.path}\t(no by-id name)`)).join('\n');
}

/** The real bin, as an operator runs it. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { describe, expect, it, vi } from 'vitest';
import { SqliteOutbox } from '../../station-agent/outbox/sqlite-outbox.ts';
import { formatPorts, listSerialPorts } from '../../station-agent/cli/ports.ts';
import { freePort } from '../helpers/free-port.ts';
import { sigtermAtLogLine } from '../helpers/sigterm-at-log-line.ts';
import { STATION_AGENT_BIN, writeAgentConfig } from '../helpers/station-agent-process.ts';
import { newCheckIn } from './outbox/outbox-contract.ts';

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [STATION_AGENT_BIN, ...args], (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('station-agent CLI', () => {
  it('prints help for every command', async () => {
    for (const args of [['--help'], ['run', '--help'], ['ports', '--help'], ['outbox', '--help']]) {
      const { code, stdout } = await cli(...args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: station-agent/);
    }
  });

  it('exits 2 and lists every config problem by path', async () => {
    const config = writeAgentConfig({ stationId: 'ST 1', siteId: 'S', broker: { url: 'http://x' }, reader: { driver: 'rdm6300' }, dataDir: '/tmp/x' });
    const { code, stderr } = await cli('run', '--config', config);
    expect(code).toBe(2);
    expect(stderr).toContain('stationId: ');
    expect(stderr).toContain('broker.url: ');
    expect(stderr).toContain('reader.path: ');
  });

  it('exits 2 on a missing --config or an unknown command', async () => {
    expect((await cli('run')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('ports lists /dev/tty* and by-id names without SerialPort.list() (no udevadm here)', async () => {
    const { code, stdout } = await cli('ports');
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
    // The bin prints this machine's scan of /dev; what the scan finds is pinned below on a fake /dev.
    expect(stdout).toBe(`${formatPorts(listSerialPorts())}\n`);

    // The same command in this process, so SerialPort.list() can be spied on.
    const serialPortList = vi.spyOn(SerialPort, 'list').mockRejectedValue(new Error('udevadm: not found'));
    const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const argv = process.argv;
    process.argv = [process.execPath, STATION_AGENT_BIN, 'ports'];
    try {
      // cli.ts runs main(process.argv.slice(2)) when imported.
      await import('../../station-agent/cli.ts');
      expect(printed.mock.calls).toEqual([[formatPorts(listSerialPorts())]]);
      expect(serialPortList).not.toHaveBeenCalled();
    } finally {
      process.argv = argv;
      printed.mockRestore();
      serialPortList.mockRestore();
    }

    const dev = mkdtempSync(join(tmpdir(), 'dev-'));
    const { mkdirSync, symlinkSync } = await import('node:fs');
    writeFileSync(join(dev, 'ttyUSB0'), '');
    writeFileSync(join(dev, 'ttyACM1'), '');
    writeFileSync(join(dev, 'tty0'), '');
    mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
    symlinkSync(join(dev, 'ttyUSB0'), join(dev, 'serial', 'by-id', 'usb-1a86_USB_Serial-if00-port0'));
    expect(listSerialPorts(dev)).toEqual([{ path: join(dev, 'ttyACM1') }, { path: join(dev, 'ttyUSB0'), byId: join(dev, 'serial', 'by-id', 'usb-1a86_USB_Serial-if00-port0') }]);
    expect(formatPorts(listSerialPorts(dev))).toBe(
      [`${join(dev, 'ttyACM1')}\t(no by-id name)`, `${join(dev, 'ttyUSB0')}\t${join(dev, 'serial', 'by-id', 'usb-1a86_USB_Serial-if00-port0')}`].join('\n'),
    );
    expect(formatPorts([])).toBe('No serial ports found (looked in /dev/serial/by-id and /dev/tty{USB,ACM,S}*).');
  });

  it('outbox shows count, oldest and seq range, never a card uid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outbox-cli-'));
    const outbox = new SqliteOutbox(dataDir);
    const first = outbox.append(newCheckIn('04A1B2C3'));
    outbox.append(newCheckIn('04A1B2C4'));
    outbox.append(newCheckIn('04A1B2C5'));
    outbox.markDelivered([{ id: first.id, status: 'accepted', at: new Date().toISOString() }]);
    const config = writeAgentConfig({ stationId: 'ST-1', siteId: 'S', broker: { url: 'mqtt://127.0.0.1:1' }, reader: { driver: 'simulated' }, dataDir });
    const { code, stdout } = await cli('outbox', '--config', config);
    outbox.close();
    expect(code).toBe(0);
    expect(stdout).toContain('pending: 2');
    expect(stdout).toContain('seq range: 2..3');
    expect(stdout).toContain('oldest: ');
    expect(stdout).not.toMatch(/04A1B2C/);
  });

  // SIGTERM at each step of start-up, the earliest first: the handlers are installed
  // before startAgent() begins, start-up finishes, then the agent stops and exits 0.
  it.each([
    ['its first log line', (_line: unknown, index: number) => index === 0],
    ['its second log line', (_line: unknown, index: number) => index === 1],
  ])('SIGTERM right after %s: the agent stops cleanly and exits 0', { timeout: 60_000 }, async (_when, at) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-early-stop-'));
    const config = writeAgentConfig({ stationId: 'ST-1', siteId: 'S', broker: { url: `mqtt://127.0.0.1:${await freePort()}` }, reader: { driver: 'simulated' }, dataDir, http: { port: 0 } });
    const run = await sigtermAtLogLine(STATION_AGENT_BIN, ['run', '--config', config], at);
    expect({ code: run.code, signal: run.signal }, run.output).toEqual({ code: 0, signal: null });
    const msgs = run.lines.map((line) => line.msg);
    expect(msgs).toContain('stopping');
    expect(msgs.at(-1), JSON.stringify(msgs)).toBe('station agent stopped');
  });
});

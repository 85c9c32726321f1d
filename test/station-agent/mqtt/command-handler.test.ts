import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Command, ReaderDriver } from '../../../shared/index.ts';
import { CommandHandler } from '../../../station-agent/mqtt/command-handler.ts';
import type { CardRead } from '../../../station-agent/readers/card-read.ts';

const NOW = Date.parse('2026-11-29T09:00:00.000Z');

function setup(driver: ReaderDriver = 'simulated') {
  const reads: CardRead[] = [];
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  const handler = new CommandHandler({ driver, logger, read: (read) => void reads.push(read), now: () => NOW });
  return { handler, reads, messages: () => logs.map((l) => l.msg) };
}

const simulateTap = (extra: { expiresAt?: string } = {}): Command => ({ v: 1, id: 'c1', cmd: 'simulate-tap', args: { uid: 'DEADBEEF' }, ...extra });

describe('CommandHandler', () => {
  it('turns simulate-tap into an "other" card read when the reader is simulated', () => {
    const { handler, reads } = setup();
    handler.handle(simulateTap({ expiresAt: '2026-11-29T09:10:00.000Z' }));
    expect(reads).toEqual([{ uid: 'DEADBEEF', tech: 'other' }]);
  });

  it('ignores a command that arrives at or after its expiresAt', () => {
    const { handler, reads, messages } = setup();
    handler.handle(simulateTap({ expiresAt: '2026-11-29T09:00:00.000Z' }));
    handler.handle(simulateTap({ expiresAt: '2026-11-29T08:59:00.000Z' }));
    expect(reads).toEqual([]);
    expect(messages()).toEqual(['expired command ignored', 'expired command ignored']);
  });

  it('leaves every other command to the kiosk', () => {
    const { handler, reads, messages } = setup();
    handler.handle({ v: 1, id: 'c2', cmd: 'identify' });
    handler.handle({ v: 1, id: 'c3', cmd: 'announce', args: { text: { zh: '你好', en: 'Hello' } } });
    expect(reads).toEqual([]);
    expect(messages()).toEqual(['command is for the kiosk; ignored', 'command is for the kiosk; ignored']);
  });

  it('ignores simulate-tap next to a real reader, with a warning', () => {
    const { handler, reads, messages } = setup('pn532');
    handler.handle(simulateTap());
    expect(reads).toEqual([]);
    expect(messages()).toEqual(['simulate-tap ignored: reader is not simulated']);
  });
});

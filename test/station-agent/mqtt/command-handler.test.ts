import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Command, ReaderDriver } from '../../../shared/index.ts';
import { CommandHandler } from '../../../station-agent/mqtt/command-handler.ts';
import type { CardRead } from '../../../station-agent/readers/card-read.ts';

const NOW = Date.parse('2026-11-29T09:00:00.000Z');
const IN_TEN_MINUTES = '2026-11-29T09:10:00.000Z';

interface LogLine {
  level: number;
  msg: string;
  refusal?: string;
}

function setup(driver: ReaderDriver = 'simulated') {
  const reads: CardRead[] = [];
  const logs: LogLine[] = [];
  let now = NOW;
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const screenshots: Command[] = [];
  const handler = new CommandHandler({ driver, logger, read: (read) => void reads.push(read), screenshot: (command) => void screenshots.push(command), now: () => now });
  return {
    handler,
    reads,
    screenshots,
    messages: () => logs.map((l) => l.msg),
    refusals: () => logs.filter((l) => l.refusal).map((l) => l.refusal),
    advance: (ms: number) => (now += ms),
  };
}

const simulateTap = (extra: { id?: string; expiresAt?: string } = {}): Command => ({ v: 1, id: 'c1', cmd: 'simulate-tap', args: { uid: 'DEADBEEF' }, expiresAt: IN_TEN_MINUTES, ...extra });

describe('CommandHandler', () => {
  it('turns simulate-tap into an "other" card read when the reader is simulated', () => {
    const { handler, reads } = setup();
    handler.handle(simulateTap(), false);
    expect(reads).toEqual([{ uid: 'DEADBEEF', tech: 'other' }]);
  });

  it('ignores a command that arrives at or after its expiresAt', () => {
    const { handler, reads, refusals } = setup();
    handler.handle(simulateTap({ id: 'a', expiresAt: '2026-11-29T09:00:00.000Z' }), false);
    handler.handle(simulateTap({ id: 'b', expiresAt: '2026-11-29T08:59:00.000Z' }), false);
    expect(reads).toEqual([]);
    expect(refusals()).toEqual(['expired', 'expired']);
  });

  it('ignores a command without expiresAt, and one that would stay valid for more than a day', () => {
    const { handler, reads, refusals, messages } = setup();
    const { expiresAt: _dropped, ...withoutExpiry } = simulateTap();
    handler.handle(withoutExpiry as Command, false);
    handler.handle(simulateTap({ id: 'c2', expiresAt: '2026-11-30T09:00:01.000Z' }), false);
    expect(reads).toEqual([]);
    expect(refusals()).toEqual(['no-expiry', 'expiry-too-far']);
    expect(messages()).toEqual(['simulate-tap ignored', 'simulate-tap ignored']);
  });

  it('ignores a retained command, which would tap again on every reconnect', () => {
    const { handler, reads, refusals } = setup();
    handler.handle(simulateTap(), true);
    expect(reads).toEqual([]);
    expect(refusals()).toEqual(['retained']);
    // The same command live is acted on: a retained copy was never remembered.
    handler.handle(simulateTap(), false);
    expect(reads).toHaveLength(1);
  });

  it('acts on a command id once, however often it arrives', () => {
    const { handler, reads, refusals, advance } = setup();
    handler.handle(simulateTap({ id: 'dup' }), false);
    advance(60_000);
    handler.handle(simulateTap({ id: 'dup' }), false);
    handler.handle(simulateTap({ id: 'other' }), false);
    expect(reads).toHaveLength(2);
    expect(refusals()).toEqual(['repeated']);
  });

  it('remembers enough ids that a flood of new ones cannot make an old one new within its lifetime', () => {
    const { handler, reads, refusals } = setup();
    handler.handle(simulateTap({ id: 'first' }), false);
    for (let i = 0; i < 200; i++) handler.handle(simulateTap({ id: `flood-${i}` }), false);
    handler.handle(simulateTap({ id: 'first' }), false);
    expect(reads).toHaveLength(201);
    expect(refusals()).toEqual(['repeated']);
  });

  it('leaves every other command to the kiosk', () => {
    const { handler, reads, messages } = setup();
    handler.handle({ v: 1, id: 'c2', cmd: 'identify', expiresAt: IN_TEN_MINUTES }, false);
    handler.handle({ v: 1, id: 'c3', cmd: 'announce', args: { text: { zh: '你好', en: 'Hello' } }, expiresAt: IN_TEN_MINUTES }, false);
    expect(reads).toEqual([]);
    expect(messages()).toEqual(['command is for the kiosk; ignored', 'command is for the kiosk; ignored']);
  });

  it('ignores simulate-tap next to a real reader, with a warning', () => {
    const { handler, reads, messages } = setup('pn532');
    handler.handle(simulateTap(), false);
    expect(reads).toEqual([]);
    expect(messages()).toEqual(['simulate-tap ignored: reader is not simulated']);
  });

  it('hands a fresh screenshot command to the screen watchdog once, on any reader, and refuses a retained or undated one', () => {
    const { handler, screenshots, refusals } = setup('pn532');
    const shot = (extra: Partial<Command> = {}) => ({ v: 1, id: 's1', cmd: 'screenshot', expiresAt: IN_TEN_MINUTES, ...extra }) as Command;
    handler.handle(shot(), false);
    handler.handle(shot(), false);
    handler.handle(shot({ id: 's2' }), true);
    handler.handle({ v: 1, id: 's3', cmd: 'screenshot' }, false);
    expect(screenshots.map((c) => c.id)).toEqual(['s1']);
    expect(refusals()).toEqual(['repeated', 'retained', 'no-expiry']);
  });
});

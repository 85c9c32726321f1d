import { describe, expect, it } from 'vitest';
import { CommandSchema, topicsFor, validate } from '../../../shared/index.ts';
import { buildCommand, COMMAND_LIFETIME_MS, commandTopic, randomUnknownCardUid } from '../../../console/data/commands.ts';

const NOW = Date.parse('2026-11-29T08:00:00.000Z');
const ID = '6f1c2a4e-8d2b-4c1a-9a53-0e1f2d3c4b5a';

describe('buildCommand', () => {
  it('builds every command as a valid protocol v1 Command that expires', () => {
    for (const cmd of ['identify', 'reload', 'clear-announcement'] as const) {
      const built = buildCommand({ cmd }, NOW, () => ID);
      expect(built).toEqual({ ok: true, value: { v: 1, id: ID, cmd, expiresAt: new Date(NOW + COMMAND_LIFETIME_MS).toISOString() } });
      expect(validate(CommandSchema, built.ok && built.value).ok).toBe(true);
    }
  });

  it('trims announcement text and carries the optional until', () => {
    const built = buildCommand({ cmd: 'announce', text: { zh: ' 闭馆 ', en: ' Closed ' }, until: '2026-11-29T10:00:00.000Z' }, NOW, () => ID);
    expect(built.ok && built.value.args).toEqual({ text: { zh: '闭馆', en: 'Closed' }, until: '2026-11-29T10:00:00.000Z' });
  });

  it('refuses an announcement missing one language, with the path of the problem', () => {
    const built = buildCommand({ cmd: 'announce', text: { zh: '闭馆', en: '   ' } }, NOW, () => ID);
    expect(built.ok).toBe(false);
    expect(!built.ok && built.issues.join('\n')).toContain('args.text.en');
  });

  it('refuses a simulated tap with a malformed uid', () => {
    expect(buildCommand({ cmd: 'simulate-tap', uid: '0a1b' }, NOW, () => ID).ok).toBe(false);
    expect(buildCommand({ cmd: 'simulate-tap', uid: '0A1B2C3D4E' }, NOW, () => ID).ok).toBe(true);
  });

  it('addresses the station cmd topic and rejects identifiers that would widen it', () => {
    const topics = topicsFor('vs/v1');
    expect(commandTopic(topics, 'ST-0001')).toBe('vs/v1/stations/ST-0001/cmd');
    expect(() => commandTopic(topics, '+')).toThrow();
  });
});

describe('randomUnknownCardUid', () => {
  it('is a valid 7-byte upper-case uid', () => {
    expect(randomUnknownCardUid(() => new Uint8Array([0, 1, 0xab, 3, 4, 5, 0xff]))).toBe('0001AB030405FF');
    expect(randomUnknownCardUid()).toMatch(/^[0-9A-F]{14}$/);
  });
});

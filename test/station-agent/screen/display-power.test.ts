/** The screen-off and screen-on commands: run only when the panel must change, a failure logged once and retried. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayPower } from '../../../station-agent/screen/display-power.ts';
import { runScreenCommand } from '../../../station-agent/screen/screen-command.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function rig(offCommand?: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'display-power-'));
  dirs.push(dir);
  const panel = join(dir, 'panel.log');
  const logged: { level: number; msg: string; err?: { message: string } }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const power = new DisplayPower({
    off: runScreenCommand(offCommand ?? ['sh', '-c', `echo off >> ${panel}`], 'screenOffCommand'),
    on: runScreenCommand(['sh', '-c', `echo on >> ${panel}`], 'screenOnCommand'),
    logger,
  });
  const runs = () => (existsSync(panel) ? readFileSync(panel, 'utf8').trim().split('\n') : []);
  return { power, runs, logged, panel };
}

describe('display power', () => {
  it('runs off once on sleep and on once on wake, and nothing for frozen or blank screens that are not asleep', async () => {
    const { power, runs } = rig();
    await power.follow('on');
    await power.follow('blank');
    expect(runs()).toEqual([]);
    await power.follow('sleeping');
    await power.follow('sleeping');
    // A browser restarted while asleep comes back asleep: the panel stays off throughout.
    await power.follow('frozen');
    await power.follow('sleeping');
    expect(runs()).toEqual(['off']);
    await power.follow('on');
    await power.follow('on');
    expect(runs()).toEqual(['off', 'on']);
  });

  it('logs a failing command once with its stderr, and leaves the panel as it was', async () => {
    const { power, runs, logged, panel } = rig(['sh', '-c', 'echo "cec-ctl: no CEC adapter" >&2; exit 3']);
    await power.follow('sleeping');
    await power.follow('sleeping'); // the probe sees the same state again: no second error line
    const errors = logged.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toContain('could not turn the screen off');
    expect(errors[0]!.err?.message).toContain('screen.screenOffCommand');
    expect(errors[0]!.err?.message).toContain('no CEC adapter');
    // Never switched off, so waking needs no command.
    await power.follow('on');
    expect(runs()).toEqual([]);
    expect(existsSync(panel)).toBe(false);
  });

  it('refuses an empty command by naming the setting', () => {
    expect(() => runScreenCommand([], 'screenOffCommand')).toThrow(/screen\.screenOffCommand is empty/);
  });
});

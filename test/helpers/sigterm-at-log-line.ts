/**
 * Runs a service bin (`node BIN ...args`) and sends it SIGTERM the moment a log line
 * matching `at` arrives (by default the first one). The signal is sent from the
 * stdout callback itself, not from a poll, so it lands while the service is still at
 * the start-up step that wrote the line.
 */
import { spawn } from 'node:child_process';

export interface StoppedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The JSON log lines, in order. */
  lines: Record<string, unknown>[];
  output: string;
}

export function sigtermAtLogLine(
  bin: string,
  args: string[],
  at: (line: Record<string, unknown>, index: number) => boolean = () => true,
  env: Record<string, string> = {},
): Promise<StoppedRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    let output = '';
    let partial = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      partial += d.toString();
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const text of complete) {
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        lines.push(line);
        if (!sent && at(line, lines.length - 1)) {
          sent = true;
          child.kill('SIGTERM');
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // 'close', not 'exit': 'exit' can come before the last of stdout has been read.
    child.on('close', (code, signal) => resolve({ code, signal, lines, output }));
  });
}

/** `at` for the line with this `msg`. */
export const logged = (msg: string) => (line: Record<string, unknown>) => line.msg === msg;

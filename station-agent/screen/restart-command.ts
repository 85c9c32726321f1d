/** The default browser restart: run the configured command (no shell) and wait for it. */
import { execFile } from 'node:child_process';

const RESTART_TIMEOUT_MS = 60_000;

export function runRestartCommand(command: readonly string[]): () => Promise<void> {
  const [program, ...args] = command;
  if (!program) throw new Error('screen.restartCommand is empty: name a program, e.g. ["systemctl", "restart", "volunteer-kiosk"]');
  return () =>
    new Promise<void>((resolve, reject) => {
      execFile(program, args, { timeout: RESTART_TIMEOUT_MS }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`screen restart command "${command.join(' ')}" failed: ${stderr.trim() || err.message}`));
        else resolve();
      });
    });
}

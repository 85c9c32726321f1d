/** The screen watchdog's configured commands (restart the browser, screen off / on), run without a shell. */
import { execFile } from 'node:child_process';

const COMMAND_TIMEOUT_MS = 60_000;

/** `setting` names the config key, so a failure says which command to fix. */
export function runScreenCommand(command: readonly string[], setting: string): () => Promise<void> {
  const [program, ...args] = command;
  if (!program) throw new Error(`screen.${setting} is empty: name a program, e.g. ["systemctl", "restart", "volunteer-kiosk"]`);
  return () =>
    new Promise<void>((resolve, reject) => {
      execFile(program, args, { timeout: COMMAND_TIMEOUT_MS }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`screen.${setting} "${command.join(' ')}" failed: ${stderr.trim() || err.message}`));
        else resolve();
      });
    });
}

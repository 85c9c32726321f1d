/**
 * One child process of the demo (central, an agent, a one-shot CLI command): its
 * output goes to a log file, its last lines are kept for error messages, and it can
 * be waited on for a log line and stopped with SIGTERM, then SIGKILL after a grace
 * period. Children get their own process group, so a Ctrl-C in the terminal reaches
 * only the launcher, which stops them in order (agents before the broker they report to).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  /** Short name for messages, e.g. "central" or "agent ST-0001". */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

export class ChildExitedError extends Error {
  readonly code = 'CHILD_EXITED';
  constructor(
    readonly childName: string,
    readonly exit: string,
    readonly lastLines: string[],
    readonly logFile: string,
  ) {
    super(`${childName} stopped (${exit}). Its last output (full log: ${logFile}):\n${lastLines.map((l) => `  | ${l}`).join('\n')}`);
    this.name = 'ChildExitedError';
  }
}

const TAIL_LINES = 15;

export class ManagedChild {
  private process: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private readonly tail: string[] = [];
  private readonly lineListeners = new Set<(line: string) => void>();
  private exitDescription: string | undefined;
  private readonly exited: Promise<string>;
  private markExited: (description: string) => void = () => undefined;

  constructor(readonly spec: ChildSpec) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process !== undefined && this.exitDescription === undefined;
  }

  start(): void {
    this.log = createWriteStream(this.spec.logFile, { flags: 'a' });
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.process = child;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
    child.once('error', (err) => this.onExit(`could not start: ${err.message}`));
    child.once('exit', (code, signal) => this.onExit(signal ? `signal ${signal}` : `exit code ${code}`));
  }

  private onLine(line: string): void {
    this.log?.write(`${line}\n`);
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    for (const listener of this.lineListeners) listener(line);
  }

  private onExit(description: string): void {
    if (this.exitDescription !== undefined) return;
    this.exitDescription = description;
    this.log?.end();
    this.markExited(description);
  }

  /** Resolves with how the process ended. */
  whenExited(): Promise<string> {
    return this.exited;
  }

  exitError(): ChildExitedError {
    return new ChildExitedError(this.spec.name, this.exitDescription ?? 'still running', [...this.tail], this.spec.logFile);
  }

  /** Resolves with the first non-undefined `match(line)`; rejects if the child exits first or time runs out. */
  waitForLine<T>(match: (line: string) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const finish = (action: () => void) => {
        clearTimeout(timer);
        this.lineListeners.delete(listener);
        action();
      };
      const listener = (line: string) => {
        const found = match(line);
        if (found !== undefined) finish(() => resolve(found));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${this.spec.name} did not report ${what} within ${timeoutMs / 1000} s; see ${this.spec.logFile}`))),
        timeoutMs,
      );
      this.lineListeners.add(listener);
      void this.exited.then(() => finish(() => reject(this.exitError())));
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  async stop(graceMs = 8000): Promise<void> {
    const child = this.process;
    if (!child || this.exitDescription !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Last resort from a synchronous `process.on('exit')`: no waiting possible. */
  killNow(): void {
    if (this.running) this.process?.kill('SIGKILL');
  }
}

/** Runs a one-shot command to its end; rejects with its last output when it fails. */
export async function runToCompletion(child: ManagedChild): Promise<void> {
  child.start();
  const exit = await child.whenExited();
  if (exit !== 'exit code 0') throw child.exitError();
}

/** A reader of `{"msg":MSG,"port":N}` from a pino JSON log line. */
function listeningPortReader(msg: string): (line: string) => number | undefined {
  return (line) => {
    if (!line.includes(msg)) return undefined;
    try {
      const record = JSON.parse(line) as { msg?: unknown; port?: unknown };
      return record.msg === msg && typeof record.port === 'number' ? record.port : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Reads `{"msg":"http listening","port":N}` (an agent's HTTP, central's public listener). */
export const httpListeningPort = listeningPortReader('http listening');
/** Reads `{"msg":"admin http listening","port":N}` (central's manager API and /metrics). */
export const adminHttpListeningPort = listeningPortReader('admin http listening');

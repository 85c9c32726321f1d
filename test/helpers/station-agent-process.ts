/**
 * Runs the real `station-agent` bin as a child process with a config file, finds its
 * HTTP port from the "http listening" log line, and keeps its log lines for asserts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './eventually.ts';

export const STATION_AGENT_BIN = fileURLToPath(new URL('../../station-agent/bin/station-agent.js', import.meta.url));

export interface AgentProcess {
  child: ChildProcess;
  httpPort: number;
  configFile: string;
  lines(): Record<string, unknown>[];
  output(): string;
  /** POSTs a simulated tap; resolves with the HTTP status and JSON body. */
  tap(uid: string): Promise<{ status: number; body: Record<string, unknown> }>;
  get(path: string): Promise<{ status: number; text: string }>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function writeAgentConfig(config: Record<string, unknown>, dir = mkdtempSync(join(tmpdir(), 'agent-config-'))): string {
  const file = join(dir, 'agent.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export async function startAgentProcess(config: Record<string, unknown>, env: Record<string, string> = {}): Promise<AgentProcess> {
  const configFile = writeAgentConfig(config);
  const child = spawn(process.execPath, [STATION_AGENT_BIN, 'run', '--config', configFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const parsed: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    partial += d.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      try {
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const httpPort = await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`agent exited with ${child.exitCode}:\n${output}`);
      const line = parsed.find((l) => l.msg === 'http listening');
      return typeof line?.port === 'number' ? line.port : undefined;
    },
    // tsx compiles the agent at start: slow on a loaded 2-core machine.
    60_000,
    'the agent to log "http listening"',
  );
  const base = `http://127.0.0.1:${httpPort}`;
  return {
    child,
    httpPort,
    configFile,
    lines: () => parsed,
    output: () => output,
    async tap(uid) {
      const res = await fetch(`${base}/simulate-tap`, { method: 'POST', body: JSON.stringify({ uid }), headers: { 'content-type': 'application/json' } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async get(path) {
      const res = await fetch(`${base}${path}`);
      return { status: res.status, text: await res.text() };
    },
    kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

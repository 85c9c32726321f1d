/**
 * A real Mosquitto on free loopback ports, one per test file. By default anonymous
 * and with a WebSocket listener; pass `extraConfig`, `passwordFile` and `aclFile`
 * to run the project's own broker configuration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { giveToBrokerUser, MOSQUITTO_BIN } from '../../demo/broker/mosquitto.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './free-port.ts';

export interface MosquittoOptions {
  websockets?: boolean;
  /** Anonymous access when no password file is given. */
  passwordFile?: string;
  aclFile?: string;
  persistence?: boolean;
  /** Appended verbatim to the generated config. */
  extraConfig?: string;
  /** Use this exact config file instead (ports must already be in it). */
  configFile?: string;
  port?: number;
  wsPort?: number;
}

export interface MosquittoBroker {
  port: number;
  wsPort: number;
  url: string;
  wsUrl: string;
  dir: string;
  configFile: string;
  /** Everything the broker printed, for assertions and failure messages. */
  log(): string;
  stop(): Promise<void>;
  /** Stops and starts again on the same ports (and persistence file). */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

// One binary and one ownership rule for the tests' brokers and the demo's (demo/broker/mosquitto.ts).
export { giveToBrokerUser, MOSQUITTO_BIN } from '../../demo/broker/mosquitto.ts';

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'mosq-'));
  // Without this a root run cannot save the session store, and "persistence" would
  // silently mean "sessions lost on restart" (mosquitto logs "Permission denied").
  giveToBrokerUser(dir);
  const port = options.port ?? (await freePort());
  const wsPort = options.wsPort ?? (await freePort());
  let configFile = options.configFile;
  if (!configFile) {
    configFile = join(dir, 'mosquitto.conf');
    const lines = [
      'per_listener_settings false',
      `listener ${port} 127.0.0.1`,
      ...(options.websockets !== false ? [`listener ${wsPort} 127.0.0.1`, 'protocol websockets'] : []),
      options.passwordFile ? `password_file ${options.passwordFile}` : 'allow_anonymous true',
      ...(options.passwordFile ? ['allow_anonymous false'] : []),
      ...(options.aclFile ? [`acl_file ${options.aclFile}`] : []),
      `persistence ${options.persistence ? 'true' : 'false'}`,
      `persistence_location ${dir}/`,
      'max_queued_messages 100000',
      'log_dest stdout',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      options.extraConfig ?? '',
    ];
    writeFileSync(configFile, `${lines.join('\n')}\n`);
  }
  let output = '';
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(MOSQUITTO_BIN, ['-c', configFile!], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) => reject(new Error(`mosquitto exited with ${code} before listening:\n${output}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port), exited]);
  };

  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };

  await start();
  return {
    port,
    wsPort,
    url: `mqtt://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    dir,
    configFile,
    log: () => output,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    kill: (signal = 'SIGKILL') => child?.kill(signal),
  };
}

/**
 * One real RabbitMQ node (Debian's rabbitmq-server 3.10) running the shipped
 * broker-config/cluster/rabbitmq/rabbitmq.conf with loopback plain listeners
 * instead of TLS and without the cluster peer list, loading a provisioned
 * definitions file. It gets its own epmd on a free port, so nothing outlives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './free-port.ts';

export const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
export const rabbitmqInstalled = existsSync(RABBITMQ_SERVER) && existsSync('/usr/bin/epmd');

const CONF_DIR = fileURLToPath(new URL('../../broker-config/cluster/rabbitmq/', import.meta.url));

export interface RabbitNode {
  mqttPort: number;
  url: string;
  /** RabbitMQ Web MQTT serves MQTT over WebSocket on the path /ws. */
  wsUrl: string;
  log(): string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startRabbitNode(dir: string, definitionsFile: string): Promise<RabbitNode> {
  mkdirSync(dir, { recursive: true });
  const [mqttPort, wsPort, epmdPort, distPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  copyFileSync(definitionsFile, join(dir, 'definitions.json'));
  copyFileSync(join(CONF_DIR, 'enabled_plugins'), join(dir, 'enabled_plugins'));
  const shipped = readFileSync(join(CONF_DIR, 'rabbitmq.conf'), 'utf8').split('\n');
  const kept = shipped.filter((line) => !/^(cluster_formation|cluster_partition_handling|definitions\.local\.path|mqtt\.listeners|web_mqtt\.|ssl_options)/.test(line));
  kept.push(`definitions.local.path = ${join(dir, 'definitions.json')}`, `mqtt.listeners.tcp.default = 127.0.0.1:${mqttPort}`, `web_mqtt.tcp.ip = 127.0.0.1`, `web_mqtt.tcp.port = ${wsPort}`);
  writeFileSync(join(dir, 'rabbitmq.conf'), `${kept.join('\n')}\n`);

  let output = '';
  const epmd = spawn('/usr/bin/epmd', ['-port', String(epmdPort), '-address', '127.0.0.1'], { stdio: 'ignore' });
  const env = {
    ...process.env,
    HOME: dir,
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_NODENAME: `vs-test-${process.pid}@localhost`,
    RABBITMQ_CONF_ENV_FILE: '/dev/null',
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_LOGS: '-',
    RABBITMQ_DIST_PORT: String(distPort),
  };
  const node = spawn(RABBITMQ_SERVER, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  node.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  node.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    await stopChild(node);
    await stopChild(epmd);
  };
  try {
    // An Erlang VM boots slowly on a busy 2-core machine (over 100 s seen under load);
    // the test's hook allows 240 s for this and the rest of its set-up.
    await waitForPort(mqttPort, 180_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output.slice(-3000)}`);
  }
  await waitForPort(wsPort, 30_000).catch(() => undefined);
  return { mqttPort, url: `mqtt://127.0.0.1:${mqttPort}`, wsUrl: `ws://127.0.0.1:${wsPort}/ws`, log: () => output, stop };
}

/**
 * Shared by the broker-config tests: a provisioning directory made by the real
 * CLI, a real Mosquitto started with its passwd and ACL, and MQTT clients that
 * log in with the provisioned credentials.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { main as provision } from '../../broker-config/provision/cli.ts';
import { hashMosquittoPassword } from '../../broker-config/provision/passwd.ts';
import { giveToBrokerUser } from './mosquitto.ts';

export function runProvision(...argv: string[]): { code: number; output: string } {
  const lines: string[] = [];
  const code = provision(argv, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

export function provisionOk(...argv: string[]): string {
  const { code, output } = runProvision(...argv);
  if (code !== 0) throw new Error(`provision ${argv.join(' ')} failed (${code}):\n${output}`);
  return output;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface Credentials {
  username: string;
  password: string;
}

export function stationCredentials(out: string, stationId: string): { station: Credentials; kiosk: Credentials } {
  const agent = readJson<{ broker: Credentials }>(join(out, 'stations', stationId, 'agent.json'));
  const kiosk = readJson<{ broker: Credentials }>(join(out, 'stations', stationId, 'kiosk-config.json'));
  return {
    station: { username: agent.broker.username, password: agent.broker.password },
    kiosk: { username: kiosk.broker.username, password: kiosk.broker.password },
  };
}

export function managerCredentials(out: string, name: string): Credentials {
  return readJson<Credentials>(join(out, 'managers', `${name}.json`));
}

/** Replica N of the central service (`provision central --replicas`), replica 1 by default. */
export function centralCredentials(out: string, replica = 1): Credentials {
  const { username, password } = readJson<{ broker: Credentials }>(join(out, 'central', `central-${replica}.json`)).broker;
  return { username, password };
}

export function contentPublisherCredentials(out: string): Credentials {
  const { username, password } = readJson<{ broker: Credentials }>(join(out, 'central', 'content-publisher.json')).broker;
  return { username, password };
}

export function bridgePassword(out: string, siteId: string): string {
  const line = readFileSync(join(out, 'sites', siteId, 'edge.conf'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('remote_password '));
  return line!.slice('remote_password '.length);
}

/**
 * A test-only observer that may read and write everything, appended to copies of
 * the generated files, so every denied message can be looked for where it would land.
 * `broker` picks the files of one broker: `central` (DIR/broker/central/), a site id
 * (DIR/broker/edge/SITE/), or, by default, every broker's accounts in one file, for
 * tests that run the whole system on a single Mosquitto.
 * Re-running it rewrites the copies (after a revoke, before a SIGHUP).
 */
export const OBSERVER: Credentials = { username: 'test-observer', password: 'observer-password' };

export function brokerFileDirs(out: string, broker?: 'central' | { site: string }): string[] {
  if (broker === 'central') return [join(out, 'broker', 'central')];
  if (broker) return [join(out, 'broker', 'edge', broker.site)];
  const edges = join(out, 'broker', 'edge');
  const sites = existsSync(edges) ? readdirSync(edges).sort().map((site) => join(edges, site)) : [];
  return [join(out, 'broker', 'central'), ...sites].filter((dir) => existsSync(dir));
}

export function withObserver(out: string, into: string, broker?: 'central' | { site: string }): { passwordFile: string; aclFile: string } {
  const passwordFile = join(into, 'passwd');
  const aclFile = join(into, 'acl');
  const dirs = brokerFileDirs(out, broker);
  const passwd = dirs.map((dir) => readFileSync(join(dir, 'passwd'), 'utf8')).join('');
  writeFileSync(passwordFile, `${passwd}${OBSERVER.username}:${hashMosquittoPassword(OBSERVER.password)}\n`);
  const acl = dirs.map((dir) => readFileSync(join(dir, 'acl'), 'utf8')).join('\n');
  writeFileSync(aclFile, `${acl}\nuser ${OBSERVER.username}\ntopic readwrite #\ntopic read $SYS/#\n`);
  for (const path of [into, passwordFile, aclFile]) giveToBrokerUser(path);
  return { passwordFile, aclFile };
}

let clientCounter = 0;

export async function connectAs(url: string, credentials: Partial<Credentials>, options: IClientOptions = {}): Promise<MqttClient> {
  clientCounter += 1;
  return mqtt.connectAsync(url, {
    protocolVersion: 5,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    clientId: `${credentials.username ?? 'anon'}-t${process.pid}-${clientCounter}`,
    ...credentials,
    ...options,
  });
}

/**
 * Connects and returns the CONNACK's `sessionPresent` (did the broker keep this client
 * id's session?), with an Inbox attached before the CONNACK, since a kept session's
 * queued messages follow it at once.
 */
export async function connectWithConnack(url: string, credentials: Partial<Credentials>, options: IClientOptions = {}): Promise<{ client: MqttClient; sessionPresent: boolean; inbox: Inbox }> {
  clientCounter += 1;
  const client = mqtt.connect(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...credentials, ...options });
  const inbox = new Inbox(client);
  return new Promise((resolve, reject) => {
    client.once('connect', (connack) => resolve({ client, sessionPresent: connack.sessionPresent, inbox }));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
  });
}

/** Collects messages of one client, and waits for one matching a predicate. */
export class Inbox {
  readonly messages: { topic: string; payload: string }[] = [];
  private waiters: (() => void)[] = [];

  constructor(client: MqttClient) {
    client.on('message', (topic, payload) => {
      this.messages.push({ topic, payload: payload.toString() });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  has(predicate: (m: { topic: string; payload: string }) => boolean): boolean {
    return this.messages.some(predicate);
  }

  async waitFor(predicate: (m: { topic: string; payload: string }) => boolean, timeoutMs = 10_000, what = 'message'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.has(predicate)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** One row of an access matrix: a real publish or subscribe, and whether it must go through. */
export interface AccessCase<User extends string> {
  who: User;
  action: 'publish' | 'subscribe';
  /** The topic published to, or the filter subscribed to. */
  topic: string;
  /** For subscribe: the topic the observer publishes on (defaults to `topic`). */
  probe?: string;
  allowed: boolean;
}

/** `pub`/`sub` case builders under a topic root; `$share/…` and `#` filters are taken as they are. */
export function accessCaseBuilders<User extends string>(root: string) {
  const absolute = (topic: string) => (topic.startsWith('$share/') || topic === '#' ? topic : `${root}/${topic}`);
  return {
    pub: (who: User, topic: string, allowed: boolean): AccessCase<User> => ({ who, action: 'publish', topic: `${root}/${topic}`, allowed }),
    sub: (who: User, topic: string, allowed: boolean, probe?: string): AccessCase<User> => ({
      who,
      action: 'subscribe',
      topic: absolute(topic),
      probe: probe === undefined ? undefined : `${root}/${probe}`,
      allowed,
    }),
  };
}

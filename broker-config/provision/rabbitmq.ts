/**
 * The same roles for RabbitMQ's MQTT plugin (the clustered tier,
 * broker-config/cluster/rabbitmq/): a definitions file that
 * `rabbitmqctl import_definitions` (or `definitions.import_path`) loads, with
 * users, the `vs` vhost, resource permissions and topic permissions. It holds the
 * central tier's accounts only (central replicas, the content publisher, managers,
 * bridges): stations and kiosks live on their site's edge broker.
 *
 * RabbitMQ maps an MQTT topic to an AMQP routing key on `amq.topic` by swapping
 * `/` for `.` and `+` for `*` (RabbitMQ MQTT plugin guide, "Topic exchange").
 * Topic permissions are regular expressions on that key, checked on publish
 * (write) and on the subscription's binding key (read). A user without a topic
 * permission on an exchange may use every topic, so every user gets one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { grantsFor } from './acl.ts';
import type { Registry } from './registry.ts';

export const RABBIT_VHOST = 'vs';
/** A routing key is never empty, so this denies everything. */
const NOTHING = '^$';
const ID_LEVEL = '[A-Za-z0-9_-]+';

/** `rabbit_password_hashing_sha256`: base64(salt(4) ++ SHA-256(salt ++ password)). */
export function rabbitPasswordHash(password: string, salt: Buffer = randomBytes(4)): string {
  const digest = createHash('sha256').update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

export function verifyRabbitPasswordHash(password: string, hash: string): boolean {
  const bytes = Buffer.from(hash, 'base64');
  return bytes.length === 36 && rabbitPasswordHash(password, bytes.subarray(0, 4)) === hash;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An MQTT filter as a routing-key regex. For reads a `+` level also matches the
 * literal `*` of a wildcard subscription's binding key.
 */
export function routingKeyRegex(filter: string, direction: 'read' | 'write'): string {
  return filter
    .split('/')
    .map((level) => (level === '+' ? (direction === 'read' ? `(\\*|${ID_LEVEL})` : ID_LEVEL) : escapeRegex(level)))
    .join('\\.');
}

function alternatives(regexes: string[]): string {
  return regexes.length === 0 ? NOTHING : `^(${regexes.join('|')})$`;
}

/**
 * Queue names the MQTT plugin uses for a client: `mqtt-subscription-<clientId>qos0|1`.
 * RabbitMQ 3.10 has no `use_username_as_clientid`, so the session queue is what is
 * bound to the account: a bridge may only use queues whose client id has its username
 * as one `-`-separated part (`bridge-SITE-01`); central replicas and the content
 * publisher only `central-…` ids (the ids they make: `central-<random>`,
 * `central-content-<random>`), managers only `console-…` ids (the fleet console's). So
 * no account can attach to a bridge's queued session.
 */
function queueRegex(username: string, role: string): string {
  if (role === 'central' || role === 'content') return '^mqtt-subscription-central-[A-Za-z0-9_-]+qos[01]$';
  if (role === 'manager') return '^mqtt-subscription-console-[A-Za-z0-9_-]+qos[01]$';
  return `^mqtt-subscription-([A-Za-z0-9_]+-)*${escapeRegex(username)}(-[A-Za-z0-9_]+)*qos[01]$`;
}

export interface RabbitDefinitions {
  rabbit_version: string;
  users: { name: string; password_hash: string; hashing_algorithm: string; tags: string[] }[];
  vhosts: { name: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  topic_permissions: { user: string; vhost: string; exchange: string; write: string; read: string }[];
}

export function renderRabbitDefinitions(registry: Registry, hashes: ReadonlyMap<string, string>): RabbitDefinitions {
  const names = Object.keys(registry.users)
    .filter((name) => hashes.has(name))
    .sort();
  const definitions: RabbitDefinitions = { rabbit_version: '3.10.8', users: [], vhosts: [{ name: RABBIT_VHOST }], permissions: [], topic_permissions: [] };
  for (const name of names) {
    const account = registry.users[name]!;
    // `$share/` (no shared subscriptions in RabbitMQ 3.x: central runs with sharedSubscription false) and `$SYS/` have no AMQP equivalent.
    const grants = grantsFor(name, account, registry).filter((g) => !g.topic.startsWith('$'));
    const reads = grants.filter((g) => g.access !== 'write').map((g) => routingKeyRegex(g.topic, 'read'));
    const writes = grants.filter((g) => g.access !== 'read').map((g) => routingKeyRegex(g.topic, 'write'));
    const queues = queueRegex(name, account.role);
    definitions.users.push({ name, password_hash: hashes.get(name)!, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: [] });
    definitions.permissions.push({
      user: name,
      vhost: RABBIT_VHOST,
      configure: queues,
      write: `(${queues})|(^amq\\.topic$)`,
      read: `(${queues})|(^amq\\.topic$)`,
    });
    definitions.topic_permissions.push({ user: name, vhost: RABBIT_VHOST, exchange: 'amq.topic', write: alternatives(writes), read: alternatives(reads) });
  }
  return definitions;
}

/** username -> hash from an existing definitions file, so a re-run keeps them. */
export function readRabbitHashes(text: string | undefined): Map<string, string> {
  if (!text) return new Map();
  try {
    const parsed = JSON.parse(text) as Partial<RabbitDefinitions>;
    return new Map((parsed.users ?? []).map((user) => [user.name, user.password_hash]));
  } catch {
    return new Map();
  }
}

/**
 * The provisioning output directory as one unit: the registry, the password hashes
 * and everything derived from them. `save()` re-renders every broker's passwd and ACL
 * (one set for the central tier, one per site's edge broker, each with only the
 * accounts that broker serves), the RabbitMQ definitions of the central tier and
 * every edge bridge config from the registry, so they are always consistent.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPIC_ROOT, InvalidTopicRootError, assertValidId, isValidId, isValidTopicRoot } from '../../shared/index.ts';
import { renderAcl } from './acl.ts';
import { type WriteOutcome, readJsonIfExists, readTextIfExists, removePath, writeJsonFile, writeSecretFile } from './files.ts';
import { hashMosquittoPassword, parsePasswdFile, renderPasswdFile, verifyMosquittoPassword } from './passwd.ts';
import { rabbitPasswordHash, readRabbitHashes, renderRabbitDefinitions, verifyRabbitPasswordHash } from './rabbitmq.ts';
import { RegistrySchema, emptyRegistry, sitesOf, usersOfTier, type Registry } from './registry.ts';

export interface BrokerFiles {
  dir: string;
  passwd: string;
  acl: string;
}

export interface WorkspacePaths {
  root: string;
  registry: string;
  /** The central broker (tier): `broker/central/`. */
  centralBroker: BrokerFiles & { rabbitDefinitions: string };
  /** One site's edge broker: `broker/edge/SITE/`. */
  edgeBroker(siteId: string): BrokerFiles;
  edgeBrokersDir: string;
  /** Before the split: one passwd and ACL with every account, for both tiers. Read once, then removed. */
  legacy: { passwd: string; acl: string; rabbitDefinitions: string };
  stationDir(stationId: string): string;
  centralDir: string;
  stationsFile: string;
  managerFile(name: string): string;
  siteDir(siteId: string): string;
}

function brokerFiles(dir: string): BrokerFiles {
  return { dir, passwd: join(dir, 'passwd'), acl: join(dir, 'acl') };
}

export function workspacePaths(root: string): WorkspacePaths {
  const centralBrokerDir = join(root, 'broker', 'central');
  const edgeBrokersDir = join(root, 'broker', 'edge');
  return {
    root,
    registry: join(root, 'broker', 'users.json'),
    centralBroker: { ...brokerFiles(centralBrokerDir), rabbitDefinitions: join(centralBrokerDir, 'rabbitmq-definitions.json') },
    edgeBroker: (siteId) => brokerFiles(join(edgeBrokersDir, assertValidId(siteId, 'siteId'))),
    edgeBrokersDir,
    legacy: { passwd: join(root, 'broker', 'passwd'), acl: join(root, 'broker', 'acl'), rabbitDefinitions: join(root, 'broker', 'rabbitmq-definitions.json') },
    stationDir: (stationId) => join(root, 'stations', assertValidId(stationId, 'stationId')),
    centralDir: join(root, 'central'),
    stationsFile: join(root, 'central', 'stations.json'),
    managerFile: (name) => join(root, 'managers', `${assertValidId(name, 'manager name')}.json`),
    siteDir: (siteId) => join(root, 'sites', assertValidId(siteId, 'siteId')),
  };
}

/** Every passwd file there is (legacy, central, each edge), so a re-run keeps every stored hash. */
function readAllHashes(paths: WorkspacePaths): Map<string, string> {
  const files = [paths.legacy.passwd, paths.centralBroker.passwd];
  if (existsSync(paths.edgeBrokersDir)) {
    for (const site of readdirSync(paths.edgeBrokersDir)) if (isValidId(site)) files.push(paths.edgeBroker(site).passwd);
  }
  const hashes = new Map<string, string>();
  for (const file of files) for (const [name, hash] of parsePasswdFile(readTextIfExists(file) ?? '')) hashes.set(name, hash);
  return hashes;
}

/** 24 random bytes as base64url: 192 bits, safe in JSON and Mosquitto config lines. */
export function generateBrokerPassword(): string {
  return randomBytes(24).toString('base64url');
}

export class Workspace {
  readonly paths: WorkspacePaths;
  readonly registry: Registry;
  private readonly hashes: Map<string, string>;
  private readonly rabbitHashes: Map<string, string>;
  /** path -> outcome, reported to the operator (names only, never content). */
  readonly written = new Map<string, WriteOutcome | 'removed'>();
  /** What the operator must do next, printed after the file list (never a secret). */
  readonly notes: string[] = [];

  private constructor(paths: WorkspacePaths, registry: Registry, hashes: Map<string, string>, rabbitHashes: Map<string, string>) {
    this.paths = paths;
    this.registry = registry;
    this.hashes = hashes;
    this.rabbitHashes = rabbitHashes;
  }

  /** `topicRoot` applies to a new directory; an existing one keeps its own. */
  static open(root: string, topicRoot?: string): Workspace {
    const paths = workspacePaths(root);
    if (topicRoot !== undefined && !isValidTopicRoot(topicRoot)) throw new InvalidTopicRootError(topicRoot);
    const existing = readJsonIfExists(paths.registry, RegistrySchema);
    // Every file of a directory shares one root; changing it would strand the devices already provisioned.
    if (existing && topicRoot !== undefined && topicRoot !== existing.topicRoot) {
      throw new Error(`${root} uses topic root "${existing.topicRoot}"; it cannot change to "${topicRoot}" (provision into a new directory).`);
    }
    const registry = existing ?? emptyRegistry(topicRoot ?? DEFAULT_TOPIC_ROOT);
    const hashes = readAllHashes(paths);
    const rabbitHashes = new Map([
      ...readRabbitHashes(readTextIfExists(paths.legacy.rabbitDefinitions)),
      ...readRabbitHashes(readTextIfExists(paths.centralBroker.rabbitDefinitions)),
    ]);
    return new Workspace(paths, registry, hashes, rabbitHashes);
  }

  /** Keeps the stored hash when it already matches, so a re-run changes nothing. */
  setPassword(username: string, password: string): void {
    const current = this.hashes.get(username);
    if (current === undefined || !verifyMosquittoPassword(password, current)) this.hashes.set(username, hashMosquittoPassword(password));
    const rabbit = this.rabbitHashes.get(username);
    if (rabbit === undefined || !verifyRabbitPasswordHash(password, rabbit)) this.rabbitHashes.set(username, rabbitPasswordHash(password));
  }

  removeUser(username: string): void {
    this.hashes.delete(username);
    this.rabbitHashes.delete(username);
    delete this.registry.users[username];
  }

  hasPassword(username: string): boolean {
    return this.hashes.has(username);
  }

  /** A later 'unchanged' rewrite of the same file does not hide an earlier change. */
  record(path: string, outcome: WriteOutcome | 'removed'): void {
    const earlier = this.written.get(path);
    if (outcome === 'unchanged' && earlier !== undefined) return;
    this.written.set(path, outcome);
  }

  save(renderExtras: (workspace: Workspace) => void = () => undefined): void {
    // Accounts without a password (left over from a failed run) would be useless entries.
    for (const username of [...this.hashes.keys()]) if (!this.registry.users[username]) this.removeUser(username);
    this.record(this.paths.registry, writeJsonFile(this.paths.registry, this.registry));

    const central = usersOfTier(this.registry, { kind: 'central' });
    this.writeBroker(this.paths.centralBroker, central, 'the central broker');
    const rabbitUsers = new Map(central.flatMap((name) => (this.rabbitHashes.has(name) ? [[name, this.rabbitHashes.get(name)!] as const] : [])));
    const definitions = renderRabbitDefinitions(this.registry, rabbitUsers);
    this.record(this.paths.centralBroker.rabbitDefinitions, writeJsonFile(this.paths.centralBroker.rabbitDefinitions, definitions));

    const sites = sitesOf(this.registry);
    for (const siteId of sites) this.writeBroker(this.paths.edgeBroker(siteId), usersOfTier(this.registry, { kind: 'edge', siteId }), `the edge broker of site ${siteId}`);
    if (existsSync(this.paths.edgeBrokersDir)) {
      for (const site of readdirSync(this.paths.edgeBrokersDir)) {
        if (sites.includes(site)) continue;
        const dir = join(this.paths.edgeBrokersDir, site);
        if (removePath(dir)) this.record(dir, 'removed');
      }
    }
    // The single city-wide files of older runs would still hold every kiosk and station.
    for (const file of Object.values(this.paths.legacy)) if (removePath(file)) this.record(file, 'removed');
    renderExtras(this);
  }

  private writeBroker(files: BrokerFiles, usernames: string[], brokerName: string): void {
    const hashes = new Map(usernames.flatMap((name) => (this.hashes.has(name) ? [[name, this.hashes.get(name)!] as const] : [])));
    this.record(files.passwd, writeSecretFile(files.passwd, renderPasswdFile(hashes)));
    this.record(files.acl, writeSecretFile(files.acl, renderAcl(this.registry, usernames, brokerName)));
  }

  /** The brokers whose passwd or ACL this run changed, to be copied and reloaded. */
  brokersToReload(): string[] {
    const changed = (path: string) => {
      const outcome = this.written.get(path);
      return outcome !== undefined && outcome !== 'unchanged';
    };
    const brokers: string[] = [];
    if (changed(this.paths.centralBroker.passwd) || changed(this.paths.centralBroker.acl)) brokers.push('central');
    for (const siteId of sitesOf(this.registry)) {
      const files = this.paths.edgeBroker(siteId);
      if (changed(files.passwd) || changed(files.acl)) brokers.push(`edge ${siteId}`);
    }
    return brokers;
  }
}

/**
 * The provisioning output directory as one unit: the registry, the Mosquitto
 * password file and everything derived from them. `save()` re-renders the ACL
 * and every edge bridge config from the registry, so they are always consistent.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_TOPIC_ROOT, InvalidTopicRootError, assertValidId, isValidTopicRoot } from '../../shared/index.ts';
import { renderAcl } from './acl.ts';
import { type WriteOutcome, readJsonIfExists, readTextIfExists, writeJsonFile, writeSecretFile } from './files.ts';
import { hashMosquittoPassword, parsePasswdFile, renderPasswdFile, verifyMosquittoPassword } from './passwd.ts';
import { rabbitPasswordHash, readRabbitHashes, renderRabbitDefinitions, verifyRabbitPasswordHash } from './rabbitmq.ts';
import { RegistrySchema, emptyRegistry, type Registry } from './registry.ts';

export interface WorkspacePaths {
  root: string;
  registry: string;
  passwd: string;
  acl: string;
  rabbitDefinitions: string;
  stationDir(stationId: string): string;
  centralDir: string;
  stationsFile: string;
  managerFile(name: string): string;
  siteDir(siteId: string): string;
}

export function workspacePaths(root: string): WorkspacePaths {
  return {
    root,
    registry: join(root, 'broker', 'users.json'),
    passwd: join(root, 'broker', 'passwd'),
    acl: join(root, 'broker', 'acl'),
    rabbitDefinitions: join(root, 'broker', 'rabbitmq-definitions.json'),
    stationDir: (stationId) => join(root, 'stations', assertValidId(stationId, 'stationId')),
    centralDir: join(root, 'central'),
    stationsFile: join(root, 'central', 'stations.json'),
    managerFile: (name) => join(root, 'managers', `${assertValidId(name, 'manager name')}.json`),
    siteDir: (siteId) => join(root, 'sites', assertValidId(siteId, 'siteId')),
  };
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
    const hashes = parsePasswdFile(readTextIfExists(paths.passwd) ?? '');
    const rabbitHashes = readRabbitHashes(readTextIfExists(paths.rabbitDefinitions));
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
    this.record(this.paths.passwd, writeSecretFile(this.paths.passwd, renderPasswdFile(this.hashes)));
    this.record(this.paths.acl, writeSecretFile(this.paths.acl, renderAcl(this.registry)));
    const definitions = renderRabbitDefinitions(this.registry, this.rabbitHashes);
    this.record(this.paths.rabbitDefinitions, writeJsonFile(this.paths.rabbitDefinitions, definitions));
    renderExtras(this);
  }
}

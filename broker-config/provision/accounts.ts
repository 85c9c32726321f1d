/**
 * The accounts of the central tier: the central service (one account per replica),
 * the content publisher, fleet-console managers and one bridge per site. Each
 * credential goes into a 0600 file for the machine that uses it; re-running keeps the
 * existing password.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { CentralConfigSchema, CONTENT_USERNAME, StationsFileSchema, assertValidId, centralReplicaUsername, type CentralConfigInput } from '../../shared/index.ts';
import { bridgeUsername } from './acl.ts';
import { readRemotePassword, renderEdgeConfig, readCentralAddress } from './edge-config.ts';
import { readJsonIfExists, readTextIfExists, removePath, writeSecretFile, writeValidJson } from './files.ts';
import { assertRoleFree } from './registry.ts';
import { generateBrokerPassword, type Workspace } from './workspace.ts';

/** Before replicas had accounts of their own: one `central` shared by all, in `central/central.json`. */
export const LEGACY_CENTRAL_USERNAME = 'central';
export { CONTENT_USERNAME, centralReplicaUsername } from '../../shared/index.ts';
export const MAX_REPLICAS = 32;
export const DEFAULT_MANAGER_BROKER_URL = 'wss://central.example.org:8884';

export function centralReplicaFile(ws: Workspace, replica: number): string {
  return join(ws.paths.centralDir, `${centralReplicaUsername(replica)}.json`);
}

export function contentPublisherFile(ws: Workspace): string {
  return join(ws.paths.centralDir, 'content-publisher.json');
}

export const ManagerCredentialsSchema = v.strictObject({
  username: v.string(),
  password: v.string(),
  brokerUrl: v.string(),
});

export function provisionManager(ws: Workspace, nameInput: string, brokerUrl?: string): void {
  const name = assertValidId(nameInput, 'manager name');
  assertRoleFree(ws.registry, name, 'manager');
  const file = ws.paths.managerFile(name);
  const existing = readJsonIfExists(file, ManagerCredentialsSchema);
  const credentials = {
    username: name,
    password: existing?.password ?? generateBrokerPassword(),
    // Managers have an account on the central broker only: the console connects to its wss listener.
    brokerUrl: brokerUrl ?? existing?.brokerUrl ?? DEFAULT_MANAGER_BROKER_URL,
  };
  ws.record(file, writeValidJson(file, ManagerCredentialsSchema, credentials));
  ws.registry.users[name] = { role: 'manager' };
  ws.setPassword(name, credentials.password);
}

function replicasOf(ws: Workspace): number[] {
  return Object.entries(ws.registry.users)
    .filter(([name, account]) => account.role === 'central' && /^central-\d+$/.test(name))
    .map(([name]) => Number(name.slice('central-'.length)))
    .sort((a, b) => a - b);
}

export interface CentralOptions {
  brokerUrl?: string;
  /** How many replicas of the central service; default: as many as already provisioned, at least 1. */
  replicas?: number;
}

/**
 * One account and one config file per replica (`central-N`, `central/central-N.json`):
 * with client ids bound to usernames, replicas sharing an account would disconnect
 * each other. A new replica starts from replica 1's settings; each file keeps its own
 * edits. Also the content publisher's account and config. A directory from before
 * (one shared `central` account) is migrated: its `central.json` becomes replica 1's.
 */
export function provisionCentral(ws: Workspace, options: CentralOptions = {}): void {
  const existingReplicas = replicasOf(ws);
  const count = options.replicas ?? Math.max(existingReplicas.length, 1);
  if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) throw new Error(`--replicas must be a whole number from 1 to ${MAX_REPLICAS}, got ${JSON.stringify(options.replicas)}.`);
  const legacyFile = join(ws.paths.centralDir, 'central.json');
  const legacy = readJsonIfExists(legacyFile, CentralConfigSchema);
  let template: CentralConfigInput | undefined;
  for (let replica = 1; replica <= count; replica++) {
    const username = centralReplicaUsername(replica);
    assertRoleFree(ws.registry, username, 'central');
    const file = centralReplicaFile(ws, replica);
    const existing = readJsonIfExists(file, CentralConfigSchema);
    const base = existing ?? template ?? legacy;
    const config: CentralConfigInput = {
      dataDir: '/var/lib/central',
      http: { host: '127.0.0.1', port: 8090 },
      stationsFile: 'stations.json',
      ...(base ?? {}),
      topicRoot: ws.registry.topicRoot,
      broker: {
        url: options.brokerUrl ?? base?.broker.url ?? 'mqtt://127.0.0.1:1883',
        username,
        password: existing?.broker.password ?? generateBrokerPassword(),
      },
    };
    ws.record(file, writeValidJson(file, CentralConfigSchema, config));
    ws.registry.users[username] = { role: 'central' };
    ws.setPassword(username, config.broker.password!);
    template ??= config;
  }
  for (const replica of existingReplicas.filter((r) => r > count)) {
    ws.removeUser(centralReplicaUsername(replica));
    const file = centralReplicaFile(ws, replica);
    if (removePath(file)) ws.record(file, 'removed');
  }
  if (ws.registry.users[LEGACY_CENTRAL_USERNAME]?.role === 'central') ws.removeUser(LEGACY_CENTRAL_USERNAME);
  if (legacy && removePath(legacyFile)) {
    ws.record(legacyFile, 'removed');
    ws.notes.push('central/central.json (one account shared by every replica) became central/central-1.json with its own account central-1: install it in its place.');
  }
  provisionContentPublisher(ws, template!);
  if (!existsSync(ws.paths.stationsFile)) ws.record(ws.paths.stationsFile, writeValidJson(ws.paths.stationsFile, StationsFileSchema, {}));
}

/** A central config (so `central content publish --config` reads it as it is) with the publisher's own account. */
function provisionContentPublisher(ws: Workspace, replicaOne: CentralConfigInput): void {
  assertRoleFree(ws.registry, CONTENT_USERNAME, 'content');
  const file = contentPublisherFile(ws);
  const existing = readJsonIfExists(file, CentralConfigSchema);
  const config: CentralConfigInput = {
    ...replicaOne,
    broker: { url: replicaOne.broker.url, username: CONTENT_USERNAME, password: existing?.broker.password ?? generateBrokerPassword() },
  };
  ws.record(file, writeValidJson(file, CentralConfigSchema, config));
  ws.registry.users[CONTENT_USERNAME] = { role: 'content' };
  ws.setPassword(CONTENT_USERNAME, config.broker.password!);
}

export function edgeConfigPath(ws: Workspace, siteId: string): string {
  return join(ws.paths.siteDir(siteId), 'edge.conf');
}

export interface BridgeOptions {
  centralAddress?: string;
  /** The edge's kiosk WebSocket listener; kept across re-runs once chosen. */
  kioskListener?: string;
}

export function provisionBridge(ws: Workspace, siteIdInput: string, options: BridgeOptions = {}): void {
  const siteId = assertValidId(siteIdInput, 'siteId');
  const username = bridgeUsername(siteId);
  assertRoleFree(ws.registry, username, 'bridge');
  const { kioskListener } = options;
  if (kioskListener !== undefined && kioskListener !== 'loopback' && kioskListener !== 'tls') {
    throw new Error(`--kiosk-listener ${JSON.stringify(kioskListener)} must be "loopback" (the kiosk on the station PC) or "tls" (wss:// on every interface).`);
  }
  const existing = readTextIfExists(edgeConfigPath(ws, siteId));
  const previous = ws.registry.users[username];
  const password = (existing && readRemotePassword(existing)) ?? generateBrokerPassword();
  const listener = kioskListener ?? (previous?.role === 'bridge' ? previous.kioskListener : undefined);
  ws.registry.users[username] = { role: 'bridge', siteId, ...(listener && listener !== 'loopback' ? { kioskListener: listener } : {}) };
  ws.setPassword(username, password);
  const address = options.centralAddress ?? (existing && readCentralAddress(existing)) ?? 'central.example.org:8883';
  if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(address)) throw new Error(`--central-address ${JSON.stringify(address)} must be HOST:PORT.`);
  writeEdgeConfig(ws, siteId, password, address);
}

function writeEdgeConfig(ws: Workspace, siteId: string, password: string, centralAddress: string): void {
  const file = edgeConfigPath(ws, siteId);
  const account = ws.registry.users[bridgeUsername(siteId)];
  const kioskListener = account?.role === 'bridge' ? account.kioskListener : undefined;
  ws.record(file, writeSecretFile(file, renderEdgeConfig(ws.registry, { siteId, password, centralAddress, ...(kioskListener ? { kioskListener } : {}) })));
}

/** After any change of stations: every site bridge's topic list follows its stations. */
export function rerenderEdgeConfigs(ws: Workspace): void {
  for (const account of Object.values(ws.registry.users)) {
    if (account.role !== 'bridge') continue;
    const existing = readTextIfExists(edgeConfigPath(ws, account.siteId));
    const password = existing && readRemotePassword(existing);
    if (!existing || !password) continue;
    writeEdgeConfig(ws, account.siteId, password, readCentralAddress(existing) ?? 'central.example.org:8883');
  }
}

/**
 * The accounts that are not a station: the central service, fleet-console
 * managers and one bridge per site. Each credential goes into a 0600 file for
 * the machine that uses it; re-running keeps the existing password.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { CentralConfigSchema, StationsFileSchema, assertValidId, type CentralConfigInput } from '../../shared/index.ts';
import { bridgeUsername } from './acl.ts';
import { readRemotePassword, renderEdgeConfig, readCentralAddress } from './edge-config.ts';
import { readJsonIfExists, readTextIfExists, writeSecretFile, writeValidJson } from './files.ts';
import { assertRoleFree } from './registry.ts';
import { generateBrokerPassword, type Workspace } from './workspace.ts';

export const CENTRAL_USERNAME = 'central';

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
    brokerUrl: brokerUrl ?? existing?.brokerUrl ?? 'ws://127.0.0.1:9001',
  };
  ws.record(file, writeValidJson(file, ManagerCredentialsSchema, credentials));
  ws.registry.users[name] = { role: 'manager' };
  ws.setPassword(name, credentials.password);
}

export function provisionCentral(ws: Workspace, brokerUrl?: string): void {
  assertRoleFree(ws.registry, CENTRAL_USERNAME, 'central');
  const file = join(ws.paths.centralDir, 'central.json');
  const existing = readJsonIfExists(file, CentralConfigSchema);
  const config: CentralConfigInput = {
    dataDir: '/var/lib/central',
    http: { host: '127.0.0.1', port: 8090 },
    stationsFile: 'stations.json',
    ...(existing ?? {}),
    topicRoot: ws.registry.topicRoot,
    broker: {
      url: brokerUrl ?? existing?.broker.url ?? 'mqtt://127.0.0.1:1883',
      username: CENTRAL_USERNAME,
      password: existing?.broker.password ?? generateBrokerPassword(),
    },
  };
  ws.record(file, writeValidJson(file, CentralConfigSchema, config));
  if (!readTextIfExists(ws.paths.stationsFile)) ws.record(ws.paths.stationsFile, writeValidJson(ws.paths.stationsFile, StationsFileSchema, {}));
  ws.registry.users[CENTRAL_USERNAME] = { role: 'central' };
  ws.setPassword(CENTRAL_USERNAME, config.broker.password!);
}

export function edgeConfigPath(ws: Workspace, siteId: string): string {
  return join(ws.paths.siteDir(siteId), 'edge.conf');
}

export function provisionBridge(ws: Workspace, siteIdInput: string, centralAddress?: string): void {
  const siteId = assertValidId(siteIdInput, 'siteId');
  const username = bridgeUsername(siteId);
  assertRoleFree(ws.registry, username, 'bridge');
  const existing = readTextIfExists(edgeConfigPath(ws, siteId));
  const password = (existing && readRemotePassword(existing)) ?? generateBrokerPassword();
  ws.registry.users[username] = { role: 'bridge', siteId };
  ws.setPassword(username, password);
  const address = centralAddress ?? (existing && readCentralAddress(existing)) ?? 'central.example.org:8883';
  if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(address)) throw new Error(`--central-address ${JSON.stringify(address)} must be HOST:PORT.`);
  writeEdgeConfig(ws, siteId, password, address);
}

function writeEdgeConfig(ws: Workspace, siteId: string, password: string, centralAddress: string): void {
  const file = edgeConfigPath(ws, siteId);
  ws.record(file, writeSecretFile(file, renderEdgeConfig(ws.registry, { siteId, password, centralAddress })));
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

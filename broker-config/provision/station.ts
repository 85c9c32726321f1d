/**
 * `provision station`, `rotate-secret` and `revoke`: a station's agent config,
 * its kiosk's config, both broker accounts and its entry in central's stations
 * file. Re-running keeps every secret and every value the operator did not
 * override, so the command is safe to repeat. The kiosk config holds the kiosk's
 * own key (protocol v2), never the station secret; a v1 kiosk config is turned into
 * a v2 one, with a window in which central still accepts v1 codes (kiosk-keys.ts).
 */
import { join } from 'node:path';
import {
  AgentConfigSchema,
  KioskConfigSchema,
  StationsFileSchema,
  assertValidId,
  generateCheckinSecret,
  type AgentConfigInput,
  type KioskConfigInput,
  type StationsFile,
} from '../../shared/index.ts';
import { assertValid, readJsonIfExists, removePath, writeValidJson } from './files.ts';
import { acceptV1Until, deriveKioskKeySync, KioskRevokedError } from './kiosk-keys.ts';
import { assertRoleFree } from './registry.ts';
import { generateBrokerPassword, type Workspace } from './workspace.ts';

export interface StationOptions {
  stationId: string;
  siteId: string;
  kioskId?: string;
  brokerUrl?: string;
  kioskBrokerUrl?: string;
  checkinBaseUrl?: string;
  nameZh?: string;
  nameEn?: string;
  readerDriver?: string;
  readerPath?: string;
  dataDir?: string;
  /** `now` or a time: until when central accepts this station's v1 codes. */
  acceptV1Until?: string;
  now?: Date;
}

export const STATION_DEFAULTS = {
  brokerUrl: 'mqtt://127.0.0.1:1883',
  kioskBrokerUrl: 'ws://127.0.0.1:9001',
  checkinBaseUrl: 'https://checkin.example.org/c/',
  readerDriver: 'rdm6300',
  readerPath: '/dev/ttyUSB0',
} as const;

/** `ST-0001` -> `K-0001`; an id without a `-` suffix gets `K-` + the whole id. */
export function defaultKioskId(stationId: string): string {
  const dash = stationId.indexOf('-');
  const suffix = dash >= 0 && dash < stationId.length - 1 ? stationId.slice(dash + 1) : stationId;
  return assertValidId(`K-${suffix}`.slice(0, 64), 'kioskId');
}

export class StationNotProvisionedError extends Error {
  readonly code = 'STATION_NOT_PROVISIONED';
  constructor(stationId: string) {
    super(`station ${stationId} is not provisioned in this directory (run "provision station ${stationId} --site SITE --out DIR" first).`);
    this.name = 'StationNotProvisionedError';
  }
}

function stationFiles(ws: Workspace, stationId: string) {
  const dir = ws.paths.stationDir(stationId);
  return { dir, agent: join(dir, 'agent.json'), kiosk: join(dir, 'kiosk-config.json') };
}

function readStationsFile(ws: Workspace): StationsFile {
  return readJsonIfExists(ws.paths.stationsFile, StationsFileSchema) ?? {};
}

export function provisionStation(ws: Workspace, options: StationOptions): void {
  const stationId = assertValidId(options.stationId, 'stationId');
  const siteId = assertValidId(options.siteId, 'siteId');
  const files = stationFiles(ws, stationId);
  const existingAgent = readJsonIfExists(files.agent, AgentConfigSchema);
  const existingKiosk = readJsonIfExists(files.kiosk, KioskConfigSchema);
  const previous = ws.registry.users[stationId];
  const previousKioskId = previous?.role === 'station' ? previous.kioskId : undefined;
  const kioskId = assertValidId(options.kioskId ?? previousKioskId ?? defaultKioskId(stationId), 'kioskId');
  if (kioskId === stationId) throw new Error(`kioskId must differ from stationId (${stationId}): each is its own broker account.`);
  assertRoleFree(ws.registry, stationId, 'station');
  assertRoleFree(ws.registry, kioskId, 'kiosk');
  const kioskOwner = ws.registry.users[kioskId];
  if (kioskOwner?.role === 'kiosk' && kioskOwner.stationId !== stationId) {
    throw new Error(`kiosk ${kioskId} already belongs to station ${kioskOwner.stationId}; pass another --kiosk.`);
  }

  const stations = readStationsFile(ws);
  const previousEntry = stations[stationId];
  if (previousEntry?.revokedKiosks?.includes(kioskId)) throw new KioskRevokedError(kioskId, stationId);

  const stationPassword = existingAgent?.broker.password ?? generateBrokerPassword();
  const kioskPassword = (existingKiosk?.kioskId === kioskId ? existingKiosk.broker.password : undefined) ?? generateBrokerPassword();
  const hadV1Kiosk = existingKiosk?.checkin.secret !== undefined;
  const secret = previousEntry?.secret ?? existingKiosk?.checkin.secret ?? generateCheckinSecret();
  const { secret: _v1Secret, ...existingCheckin } = existingKiosk?.checkin ?? {};

  const driver = (options.readerDriver ?? existingAgent?.reader.driver ?? STATION_DEFAULTS.readerDriver) as AgentConfigInput['reader']['driver'];
  const readerPath = options.readerPath ?? existingAgent?.reader.path ?? (driver === 'simulated' ? undefined : STATION_DEFAULTS.readerPath);
  const reader: AgentConfigInput['reader'] = { ...(existingAgent?.reader ?? {}), driver, ...(readerPath !== undefined ? { path: readerPath } : {}) };
  const agent: AgentConfigInput = {
    ...(existingAgent ?? {}),
    stationId,
    siteId,
    topicRoot: ws.registry.topicRoot,
    broker: { url: options.brokerUrl ?? existingAgent?.broker.url ?? STATION_DEFAULTS.brokerUrl, username: stationId, password: stationPassword },
    reader,
    dataDir: options.dataDir ?? existingAgent?.dataDir ?? `/var/lib/station-agent/${stationId}`,
  };
  const kiosk: KioskConfigInput = {
    ...(existingKiosk ?? {}),
    kioskId,
    stationId,
    siteId,
    topicRoot: ws.registry.topicRoot,
    broker: { url: options.kioskBrokerUrl ?? existingKiosk?.broker.url ?? STATION_DEFAULTS.kioskBrokerUrl, username: kioskId, password: kioskPassword },
    checkin: {
      ...existingCheckin,
      baseUrl: options.checkinBaseUrl ?? existingKiosk?.checkin.baseUrl ?? STATION_DEFAULTS.checkinBaseUrl,
      kioskKey: deriveKioskKeySync(secret, kioskId),
    },
  };
  const oldName = previousEntry?.name;
  const v1Until = acceptV1Until({ option: options.acceptV1Until, entry: previousEntry, hadV1Kiosk, now: options.now ?? new Date() });
  stations[stationId] = {
    ...previousEntry,
    siteId,
    secret,
    name: { zh: options.nameZh ?? oldName?.zh ?? `签到站 ${stationId}`, en: options.nameEn ?? oldName?.en ?? `Station ${stationId}` },
    acceptV1TokensUntil: v1Until,
  };
  // The replaced kiosk's config is gone from this directory, but its key would still make valid codes.
  const replacedKioskId = previousKioskId !== undefined && previousKioskId !== kioskId ? previousKioskId : undefined;
  if (replacedKioskId) {
    stations[stationId]!.revokedKiosks = [...new Set([...(previousEntry?.revokedKiosks ?? []), replacedKioskId])].sort();
    ws.notes.push(`station ${stationId}: kiosk ${replacedKioskId} was replaced by ${kioskId} and is revoked; deliver central/stations.json to central and restart it.`);
  }
  if (hadV1Kiosk) {
    ws.notes.push(`station ${stationId}: its kiosk config now holds a v2 kiosk key instead of the station secret; deliver stations/${stationId}/kiosk-config.json and central/stations.json. Central accepts its v1 codes until ${v1Until}.`);
  }

  // Validate all three before writing any, so a bad flag leaves the directory as it was.
  assertValid(files.agent, AgentConfigSchema, agent);
  assertValid(files.kiosk, KioskConfigSchema, kiosk);
  assertValid(ws.paths.stationsFile, StationsFileSchema, stations);
  ws.record(files.agent, writeValidJson(files.agent, AgentConfigSchema, agent));
  ws.record(files.kiosk, writeValidJson(files.kiosk, KioskConfigSchema, kiosk));
  ws.record(ws.paths.stationsFile, writeValidJson(ws.paths.stationsFile, StationsFileSchema, stations));

  if (replacedKioskId) ws.removeUser(replacedKioskId);
  ws.registry.users[stationId] = { role: 'station', siteId, kioskId };
  ws.registry.users[kioskId] = { role: 'kiosk', stationId, siteId };
  ws.setPassword(stationId, stationPassword);
  ws.setPassword(kioskId, kioskPassword);
}

export interface RotateOptions {
  stationId: string;
  /** Also replace the station's and kiosk's broker passwords (e.g. after a theft). */
  brokerPasswords?: boolean;
}

/**
 * A new station secret: every kiosk key derived from the old one dies with it, and so
 * does any v1 kiosk config (which held the old secret itself), so v1 codes end now.
 */
export function rotateStationSecret(ws: Workspace, options: RotateOptions & { now?: Date }): void {
  const stationId = assertValidId(options.stationId, 'stationId');
  const account = ws.registry.users[stationId];
  const files = stationFiles(ws, stationId);
  const agent = readJsonIfExists(files.agent, AgentConfigSchema);
  const kiosk = readJsonIfExists(files.kiosk, KioskConfigSchema);
  const stations = readStationsFile(ws);
  const entry = stations[stationId];
  if (account?.role !== 'station' || !agent || !entry) throw new StationNotProvisionedError(stationId);

  const secret = generateCheckinSecret();
  entry.secret = secret;
  entry.acceptV1TokensUntil = (options.now ?? new Date()).toISOString();
  if (options.brokerPasswords) agent.broker.password = generateBrokerPassword();
  if (kiosk && account.kioskId) {
    const { secret: _oldSecret, ...checkin } = kiosk.checkin;
    kiosk.checkin = { ...checkin, kioskKey: deriveKioskKeySync(secret, account.kioskId) };
    if (options.brokerPasswords) kiosk.broker.password = generateBrokerPassword();
    ws.record(files.kiosk, writeValidJson(files.kiosk, KioskConfigSchema, kiosk));
    ws.setPassword(account.kioskId, kiosk.broker.password!);
  }
  ws.record(files.agent, writeValidJson(files.agent, AgentConfigSchema, agent));
  ws.record(ws.paths.stationsFile, writeValidJson(ws.paths.stationsFile, StationsFileSchema, stations));
  ws.setPassword(stationId, agent.broker.password!);
}

/** Removes both accounts, the stations-file entry and the station's files (they hold secrets). */
export function revokeStation(ws: Workspace, stationIdInput: string): boolean {
  const stationId = assertValidId(stationIdInput, 'stationId');
  const account = ws.registry.users[stationId];
  const stations = readStationsFile(ws);
  let changed = false;
  if (account?.role === 'station') {
    if (account.kioskId) ws.removeUser(account.kioskId);
    ws.removeUser(stationId);
    changed = true;
  } else if (account) {
    throw new Error(`"${stationId}" is a ${account.role} account, not a station.`);
  }
  if (stations[stationId]) {
    delete stations[stationId];
    ws.record(ws.paths.stationsFile, writeValidJson(ws.paths.stationsFile, StationsFileSchema, stations));
    changed = true;
  }
  const dir = ws.paths.stationDir(stationId);
  if (removePath(dir)) {
    ws.record(dir, 'removed');
    changed = true;
  }
  return changed;
}

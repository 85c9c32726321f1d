/**
 * Writes everything the demo's parts read into the var directory: the central
 * config, stations file, volunteers CSV and content file; one agent config per live
 * station; and returns the kiosk and console configs the web server hands out.
 * Secrets (check-in keys, broker passwords) are made once and kept in
 * `secrets.json`, so a kiosk that stored its key keeps working across restarts.
 * Every file is validated against its shared schema before it is written. Folders are
 * 0700 and files 0600 whatever the umask (var/demo holds secrets, and the agents'
 * outboxes hold full card uids), including the agents' data folders; a folder or file
 * left looser by an older demo is tightened.
 */
import { hkdfSync, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as v from 'valibot';
import {
  AgentConfigSchema,
  base64urlEncode,
  CentralConfigSchema,
  centralReplicaUsername,
  ConsoleConfigSchema,
  CONTENT_USERNAME,
  ContentFileSchema,
  decodeCheckinSecret,
  DEFAULT_TOPIC_ROOT,
  generateCheckinSecret,
  KioskConfigSchema,
  kioskKeyInfo,
  maskName,
  StationsFileSchema,
  validate,
  type ConsoleConfigInput,
  type KioskConfigInput,
} from '../shared/index.ts';
import { formatManagerPasswordHash, MANAGER_SCRYPT_DEFAULTS } from '../shared/manager-password-hash.ts';
import { encodeManagerPinHash, MANAGER_PIN_HASH_BYTES, MANAGER_PIN_ITERATIONS, MANAGER_PIN_SALT_BYTES } from '../shared/manager-pin.ts';
import { buildDemoContent, buildEarlierDemoContent } from './data/content.ts';
import { DEMO_STATIONS, LIVE_DEMO_STATIONS } from './data/stations.ts';
import { DEMO_VOLUNTEERS, demoTeamsCsv, demoVolunteersCsv } from './data/volunteers.ts';
import { demoHistoryCheckIns } from './data/history.ts';
import type { DemoBrokerAccounts } from './broker/mosquitto.ts';
import { DEMO_STAR_THRESHOLDS_HOURS } from './bank-seeder.ts';
import { demoBrokerOf, type DemoOptions } from './options.ts';

export const MANAGER_USERNAME = 'manager';
/** The launcher's own broker account (station monitor, terminal taps): with Mosquitto an account is one connection. */
export const LAUNCHER_USERNAME = 'demo-launcher';
/** The kiosk manager panel PIN of the demo (printed in the table). */
export const DEMO_KIOSK_PIN = '2468';

export interface DemoSecrets {
  checkin: Record<string, string>;
  brokerPasswords: Record<string, string>;
}

export interface DemoFiles {
  varDir: string;
  logsDir: string;
  /** Replica 1's config; the one-shot commands (imports) read it too. */
  centralConfigFile: string;
  /** One per central replica (replica 1's is centralConfigFile): each its own broker account and HTTP port. */
  replicaConfigFiles: string[];
  /** `central content publish` with the content publisher's own account. */
  contentPublisherConfigFile: string;
  contentFile: string;
  /** Published before `contentFile` on fresh data: the earlier version to roll back to. */
  earlierContentFile: string;
  volunteersCsvFile: string;
  teamsCsvFile: string;
  /** The volunteers' past check-ins, for `central demo-history import` on a fresh data directory. */
  historyFile: string;
  agentConfigFiles: Record<string, string>;
  kioskConfigs: Record<string, KioskConfigInput>;
  consoleConfig: ConsoleConfigInput;
  /** Who holds which role, for Mosquitto's ACL. */
  brokerAccounts: DemoBrokerAccounts;
  /** username -> password, for the broker (the embedded one checks them as they are; Mosquitto gets a passwd file). */
  brokerUsers: Record<string, string>;
  managerLogin: { username: string; password: string };
  phoneBaseUrl: string;
  topicRoot: string;
}

function randomPassword(): string {
  return base64urlEncode(randomBytes(12));
}

/** The same scrypt hash `central managers add` writes (shared/manager-password-hash.ts). */
function managerPasswordHash(password: string): string {
  const { N, r, p, saltBytes, keyBytes } = MANAGER_SCRYPT_DEFAULTS;
  const salt = randomBytes(saltBytes);
  return formatManagerPasswordHash({ N, r, p }, salt, scryptSync(password.normalize('NFC'), salt, keyBytes, { N, r, p, maxmem: 256 * N * r }));
}

/** The kiosk's own key (protocol v2), as shared/checkin-code.ts `deriveKioskKey` makes it; the kiosk never gets the station secret. */
function kioskKeyFor(stationSecret: string, kioskId: string): string {
  return base64urlEncode(new Uint8Array(hkdfSync('sha256', decodeCheckinSecret(stationSecret), new Uint8Array(0), kioskKeyInfo(kioskId), 32)));
}

export class DemoSecretsFileError extends Error {
  readonly code = 'DEMO_SECRETS_FILE';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} cannot be read (${reason}). Delete it to make new demo secrets (kiosks then pick up the new check-in keys on reload).`);
    this.name = 'DemoSecretsFileError';
  }
}

function readStoredSecrets(file: string): Partial<DemoSecrets> {
  if (!existsSync(file)) return {};
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DemoSecretsFileError(file, (err as Error).message);
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new DemoSecretsFileError(file, 'not a JSON object');
  return stored as Partial<DemoSecrets>;
}

function loadOrCreateSecrets(file: string, users: readonly string[]): DemoSecrets {
  const stored = readStoredSecrets(file);
  const secrets: DemoSecrets = { checkin: { ...stored.checkin }, brokerPasswords: { ...stored.brokerPasswords } };
  for (const station of DEMO_STATIONS) secrets.checkin[station.stationId] ??= generateCheckinSecret();
  for (const user of users) secrets.brokerPasswords[user] ??= randomPassword();
  writeJson(file, secrets);
  return secrets;
}

/** `mode` applies only to a file that is created, and through the umask: hence the chmod. */
function writePrivateFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

function writeJson(file: string, value: unknown): void {
  writePrivateFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The kiosk's salted PBKDF2 form (shared/manager-pin.ts), derived with node:crypto. */
function managerPinHash(pin: string): string {
  const salt = randomBytes(MANAGER_PIN_SALT_BYTES);
  return encodeManagerPinHash({ iterations: MANAGER_PIN_ITERATIONS, salt, hash: pbkdf2Sync(pin, salt, MANAGER_PIN_ITERATIONS, MANAGER_PIN_HASH_BYTES, 'sha256') });
}

/** Validates, then writes; a failure here means the demo drifted from the contract. */
function writeValid(file: string, schema: v.GenericSchema, value: unknown): void {
  const checked = validate(schema, value);
  if (!checked.ok) throw new Error(`demo file ${file} does not match its schema:\n  ${checked.issues.join('\n  ')}`);
  writeJson(file, value);
}

export function writeDemoFiles(options: DemoOptions, now: Date = new Date()): DemoFiles {
  const varDir = resolve(options.varDir);
  const host = '127.0.0.1';
  const topicRoot = DEFAULT_TOPIC_ROOT;
  const brokerUrl = `mqtt://${host}:${options.ports.mqtt}`;
  const wsUrl = `ws://${host}:${options.ports.ws}`;
  // localhost, not 127.0.0.1: a passkey needs a domain as its RP ID (central's phone config).
  const phoneBaseUrl = `http://localhost:${options.ports.central}/c/`;
  const centralDir = join(varDir, 'central');
  const logsDir = join(varDir, 'logs');
  for (const dir of [varDir, centralDir, logsDir]) makePrivateDir(dir);
  // central makes its dataDir itself, and its absence is how the demo knows to seed
  // history (demo-system.ts): tighten one an older demo left, never create it here.
  const centralDataDir = join(centralDir, 'data');
  if (existsSync(centralDataDir)) chmodSync(centralDataDir, 0o700);

  // The accounts `npm run provision` would make (broker-config/README.md): one per replica, one for content.
  const replicaPorts = [options.ports.central, ...(options.ports.centralReplica !== undefined ? [options.ports.centralReplica] : [])];
  const replicaUsers = replicaPorts.map((_, i) => centralReplicaUsername(i + 1));
  const users = [...replicaUsers, CONTENT_USERNAME, MANAGER_USERNAME, LAUNCHER_USERNAME, ...LIVE_DEMO_STATIONS.flatMap((s) => [s.stationId, s.kioskId])];
  const secrets = loadOrCreateSecrets(join(varDir, 'secrets.json'), users);
  const password = (user: string) => secrets.brokerPasswords[user] ?? '';
  const managerLogin = { username: MANAGER_USERNAME, password: password(MANAGER_USERNAME) };

  const stations = Object.fromEntries(
    // Every demo kiosk holds a v2 kiosk key, so central accepts no v1 code (protocol v2).
    DEMO_STATIONS.map((s) => [s.stationId, { siteId: s.siteId, secret: secrets.checkin[s.stationId] ?? '', name: s.name, acceptV1TokensUntil: now.toISOString(), kiosks: [s.kioskId] }]),
  );
  writeValid(join(centralDir, 'stations.json'), StationsFileSchema, stations);

  const managerHash = managerPasswordHash(managerLogin.password);
  const centralConfig = (username: string, httpPort: number) => ({
    topicRoot,
    broker: { url: brokerUrl, username, password: password(username) },
    dataDir: join(centralDir, 'data'),
    http: { host, port: httpPort },
    // Port 0: central picks a free port for the manager API and /metrics and logs it ("admin http listening").
    adminHttp: { host, port: 0 },
    stationsFile: 'stations.json',
    publicBaseUrl: phoneBaseUrl,
    phone: { appDir: resolve(options.phoneDist ?? 'dist/phone') },
    managers: { [MANAGER_USERNAME]: managerHash },
    // Mosquitto shares the check-ins among the replicas; the embedded aedes has no MQTT 5 shared subscriptions ($share).
    sharedSubscription: demoBrokerOf(options) === 'mosquitto',
    // No timeBank override: live check-ins keep the 6 h maxCheckInAgeHours; the months of
    // history go in through `central demo-history import` (demo-system.ts).
    // A short star ladder, so four months of demo history reach several stars (demo/bank-seeder.ts).
    stars: { thresholdsHours: DEMO_STAR_THRESHOLDS_HOURS, mode: 'apply' },
  });
  const replicaConfigFiles = replicaPorts.map((port, i) => {
    const file = join(centralDir, i === 0 ? 'central.json' : `central-${i + 1}.json`);
    writeValid(file, CentralConfigSchema, centralConfig(replicaUsers[i]!, port));
    return file;
  });
  const centralConfigFile = replicaConfigFiles[0]!;
  const contentPublisherConfigFile = join(centralDir, 'content-publisher.json');
  writeValid(contentPublisherConfigFile, CentralConfigSchema, centralConfig(CONTENT_USERNAME, options.ports.central));

  const contentFile = join(centralDir, 'content.json');
  writeValid(contentFile, ContentFileSchema, buildDemoContent(now));
  const earlierContentFile = join(centralDir, 'content-earlier.json');
  writeValid(earlierContentFile, ContentFileSchema, buildEarlierDemoContent(now));
  const volunteersCsvFile = join(centralDir, 'volunteers.csv');
  writePrivateFile(volunteersCsvFile, demoVolunteersCsv());
  const teamsCsvFile = join(centralDir, 'teams.csv');
  writePrivateFile(teamsCsvFile, demoTeamsCsv());
  const historyFile = join(centralDir, 'demo-history.json');
  writePrivateFile(historyFile, JSON.stringify(demoHistoryCheckIns(now)));

  const agentConfigFiles: Record<string, string> = {};
  const kioskConfigs: Record<string, KioskConfigInput> = {};
  // One hash for the demo's kiosks (the same PIN): ~0.15 s of start-up, not one per kiosk.
  const kioskPinHash = managerPinHash(DEMO_KIOSK_PIN);
  makePrivateDir(join(varDir, 'stations'));
  for (const station of LIVE_DEMO_STATIONS) {
    const stationDir = join(varDir, 'stations', station.stationId);
    // The agent's dataDir too: its outbox holds full card uids.
    for (const dir of [stationDir, join(stationDir, 'data')]) makePrivateDir(dir);
    const agentConfigFile = join(stationDir, 'agent.json');
    writeValid(agentConfigFile, AgentConfigSchema, {
      stationId: station.stationId,
      siteId: station.siteId,
      topicRoot,
      broker: { url: brokerUrl, username: station.stationId, password: password(station.stationId) },
      reader: { driver: 'simulated' },
      dataDir: join(stationDir, 'data'),
      // Port 0: the agent picks a free port and logs it ("http listening").
      http: { host, port: 0 },
    });
    agentConfigFiles[station.stationId] = agentConfigFile;

    const kioskConfig: KioskConfigInput = {
      kioskId: station.kioskId,
      stationId: station.stationId,
      siteId: station.siteId,
      topicRoot,
      broker: { url: wsUrl, username: station.kioskId, password: password(station.kioskId) },
      checkin: { baseUrl: phoneBaseUrl, kioskKey: kioskKeyFor(secrets.checkin[station.stationId] ?? '', station.kioskId), periodSeconds: 10 },
      locale: 'zh-CN',
      managerPinHash: kioskPinHash,
      // A demo is looked at any hour of the day: its kiosks stay on. A station kiosk follows
      // its station's opening hours (docs/deploy.md §Display schedule); set hours here to try it.
      display: { hours: [] },
    };
    const checked = validate(KioskConfigSchema, kioskConfig);
    if (!checked.ok) throw new Error(`demo kiosk config for ${station.stationId} is invalid:\n  ${checked.issues.join('\n  ')}`);
    kioskConfigs[station.stationId] = kioskConfig;
  }

  const consoleConfig: ConsoleConfigInput = {
    brokerUrl: wsUrl,
    topicRoot,
    demoLogin: managerLogin,
    // Labels are masked: the console may be shown on a projector during a demo.
    demoCards: DEMO_VOLUNTEERS.map((v) => ({ label: `${v.id} ${maskName(v.name)}`, uid: v.cardUid })),
  };
  const consoleChecked = validate(ConsoleConfigSchema, consoleConfig);
  if (!consoleChecked.ok) throw new Error(`demo console config is invalid:\n  ${consoleChecked.issues.join('\n  ')}`);

  const brokerUsers = Object.fromEntries(users.map((user) => [user, password(user)]));
  const brokerAccounts: DemoBrokerAccounts = {
    topicRoot,
    stations: LIVE_DEMO_STATIONS.map(({ stationId, siteId, kioskId }) => ({ stationId, siteId, kioskId })),
    replicas: replicaUsers,
    contentPublisher: CONTENT_USERNAME,
    manager: MANAGER_USERNAME,
    launcher: LAUNCHER_USERNAME,
  };
  return { varDir, logsDir, centralConfigFile, replicaConfigFiles, contentPublisherConfigFile, contentFile, earlierContentFile, volunteersCsvFile, teamsCsvFile, historyFile, agentConfigFiles, kioskConfigs, consoleConfig, brokerAccounts, brokerUsers, managerLogin, phoneBaseUrl, topicRoot };
}

/**
 * The real Mosquitto of `npm start -- --store postgres`: Debian's `/usr/sbin/mosquitto`
 * running the shipped site broker config (`broker-config/mosquitto/edge.conf`: loopback
 * MQTT for agents and central, loopback WebSocket for kiosks and the console, client ids
 * bound to usernames, persistence), with only the ports, file paths and log destination
 * rewritten and the bridge section cut (central runs on this machine). Accounts and ACL
 * are the role matrix's (shared/broker-roles.ts, as `npm run provision` renders them),
 * plus the launcher's own; passwords are hashed by Mosquitto's own `mosquitto_passwd`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aclBlock, roleGrants, topicsFor, type BrokerGrant } from '../../shared/index.ts';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';
/** Mosquitto's own password tool, from the same Debian package. */
export const MOSQUITTO_PASSWD_BIN = process.env.MOSQUITTO_PASSWD_BIN ?? '/usr/bin/mosquitto_passwd';
export const EDGE_CONF = fileURLToPath(new URL('../../broker-config/mosquitto/edge.conf', import.meta.url));
const BRIDGE_SECTION = '# --- Bridge to the central broker';

/** Null when Mosquitto is installed; otherwise what to tell the user. */
export function mosquittoMissing(bins: readonly string[] = [MOSQUITTO_BIN, MOSQUITTO_PASSWD_BIN]): string | null {
  const absent = bins.filter((bin) => !existsSync(bin));
  if (absent.length === 0) return null;
  return `--store postgres runs a real Mosquitto broker (its central replicas share the check-ins through $share), and it is not installed (no ${absent.join(', ')}).\n` +
    'Install it (Debian/Ubuntu: sudo apt-get install mosquitto; the demo starts its own, the system service may stay off), or run the demo without --store postgres.';
}

/**
 * Mosquitto started as root drops to the `mosquitto` user before it reads the
 * password and ACL files or writes its persistence file, so, as in production
 * (`install -o mosquitto -m 0600`), they must belong to that user. Not root: the
 * broker runs as us and can use them.
 */
export function giveToBrokerUser(path: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString().trim());
  chownSync(path, uid, gid);
}

/** Replaces one whole line; throws if the shipped file no longer has it, so drift is caught. */
export function replaceConfigLine(text: string, from: string, to: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line === from);
  if (index < 0) throw new Error(`config line not found: ${from}`);
  lines[index] = to;
  return lines.join('\n');
}

export interface DemoMosquittoPaths {
  passwd: string;
  acl: string;
  /** Persistence folder. */
  data: string;
}

/** The shipped edge.conf for one machine: the demo's ports, files and stdout; no bridge. */
export function renderDemoMosquittoConf(shipped: string, ports: { mqtt: number; ws: number }, paths: DemoMosquittoPaths): string {
  const cut = shipped.indexOf(BRIDGE_SECTION);
  if (cut < 0) throw new Error(`config text not found: ${BRIDGE_SECTION}`);
  let conf = shipped.slice(0, cut);
  conf = replaceConfigLine(conf, 'listener 1883 127.0.0.1', `listener ${ports.mqtt} 127.0.0.1`);
  conf = replaceConfigLine(conf, 'listener 9001 127.0.0.1', `listener ${ports.ws} 127.0.0.1`);
  conf = replaceConfigLine(conf, 'password_file /etc/mosquitto/vs/passwd', `password_file ${paths.passwd}`);
  conf = replaceConfigLine(conf, 'acl_file /etc/mosquitto/vs/acl', `acl_file ${paths.acl}`);
  conf = replaceConfigLine(conf, 'persistence_location /var/lib/mosquitto/', `persistence_location ${paths.data}/`);
  // The launcher keeps the broker's output in VAR-DIR/logs/broker.log; stderr, because
  // Mosquitto's stdout into a pipe is block-buffered (the log would appear only at exit).
  conf = replaceConfigLine(conf, 'log_dest syslog', 'log_dest stderr');
  return conf;
}

export interface DemoBrokerAccounts {
  topicRoot: string;
  stations: readonly { stationId: string; siteId: string; kioskId: string }[];
  replicas: readonly string[];
  contentPublisher: string;
  manager: string;
  launcher: string;
}

/** The role matrix's ACL (shared/broker-roles.ts) for the demo's accounts, on one broker for both tiers, and the launcher's lines. */
export function renderDemoAcl(accounts: DemoBrokerAccounts): string {
  const topics = topicsFor(accounts.topicRoot);
  const launcher: BrokerGrant[] = [
    { access: 'read', topic: topics.allStations('status') },
    { access: 'read', topic: topics.allStations('results') },
    { access: 'write', topic: topics.allStations('cmd') },
  ];
  return [
    '# Mosquitto ACL of the npm start demo broker (demo/broker/mosquitto.ts), rewritten at every start.',
    '# Deny by default: every user lists exactly the topics of its role (broker-config/README.md, role matrix).',
    '',
    ...accounts.stations.flatMap((s) => [
      ...aclBlock(`station ${s.stationId} (site ${s.siteId}, kiosk ${s.kioskId})`, s.stationId, roleGrants(s.stationId, { role: 'station' }, topics)),
      ...aclBlock(`kiosk ${s.kioskId} (station ${s.stationId}, site ${s.siteId})`, s.kioskId, roleGrants(s.kioskId, { role: 'kiosk', stationId: s.stationId, siteId: s.siteId }, topics)),
    ]),
    ...accounts.replicas.flatMap((replica) => aclBlock(`central service replica ${replica}`, replica, roleGrants(replica, { role: 'central' }, topics))),
    ...aclBlock('content publisher (central content publish)', accounts.contentPublisher, roleGrants(accounts.contentPublisher, { role: 'content' }, topics)),
    ...aclBlock('manager (the fleet console)', accounts.manager, roleGrants(accounts.manager, { role: 'manager' }, topics)),
    ...aclBlock('the demo launcher: station statuses and Results for its terminal, and its simulated taps', accounts.launcher, launcher),
  ].join('\n');
}

/** Writes VAR-DIR/broker/{mosquitto.conf,passwd,acl,data/}; returns the config file. */
export function writeDemoMosquittoFiles(varDir: string, ports: { mqtt: number; ws: number }, users: Readonly<Record<string, string>>, accounts: DemoBrokerAccounts): string {
  const dir = join(varDir, 'broker');
  const paths: DemoMosquittoPaths = { passwd: join(dir, 'passwd'), acl: join(dir, 'acl'), data: join(dir, 'data') };
  for (const folder of [dir, paths.data]) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
  }
  // Under root the broker runs as `mosquitto`, which must pass through the var dir to its folder.
  if (process.getuid?.() === 0) chmodSync(varDir, 0o711);
  const configFile = join(dir, 'mosquitto.conf');
  const texts: [string, string][] = [
    // Plain `user:password` lines, hashed in place by `mosquitto_passwd -U` below: no password on a command line.
    [paths.passwd, Object.entries(users).map(([name, password]) => `${name}:${password}\n`).join('')],
    [paths.acl, renderDemoAcl(accounts)],
    [configFile, renderDemoMosquittoConf(readFileSync(EDGE_CONF, 'utf8'), ports, paths)],
  ];
  for (const [file, text] of texts) {
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  execFileSync(MOSQUITTO_PASSWD_BIN, ['-U', paths.passwd], { stdio: 'pipe' });
  for (const path of [dir, paths.data, paths.passwd, paths.acl]) giveToBrokerUser(path);
  return configFile;
}

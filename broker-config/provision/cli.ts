/**
 * `npm run provision -- <command> ...`: broker accounts, ACL and device configs
 * for stations, kiosks, the central service, managers and site bridges.
 * Prints which files it wrote, never their content: no secret reaches the terminal.
 */
import { realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { provisionBridge, provisionCentral, provisionManager, rerenderEdgeConfigs } from './accounts.ts';
import { revokeKiosk } from './kiosk-keys.ts';
import { readPinFromStdin, setKioskPin } from './kiosk-pin.ts';
import { provisionStation, revokeStation, rotateStationSecret } from './station.ts';
import { Workspace } from './workspace.ts';

export const USAGE = `Usage: npm run provision -- <command> [arguments] --out DIR

Commands:
  station STATION_ID --site SITE_ID [--kiosk KIOSK_ID] [--broker-url URL]
          [--kiosk-broker-url URL] [--checkin-base-url URL] [--name-zh TEXT] [--name-en TEXT]
          [--reader rdm6300|pn532|line|simulated] [--reader-path PATH] [--data-dir PATH]
          [--accept-v1-until now|TIME]
      Station and kiosk broker accounts on the site's edge broker (kiosk id defaults
      to K-<station suffix>), DIR/stations/STATION_ID/agent.json and kiosk-config.json
      (the kiosk's own check-in key, protocol v2), the station's entry in
      DIR/central/stations.json (the station secret; until when v1 codes are accepted).
  manager NAME [--broker-url URL]    fleet-console account (central broker), DIR/managers/NAME.json
  central [--replicas N] [--broker-url URL]
      one account and DIR/central/central-N.json per central replica, and the content
      publisher's account and DIR/central/content-publisher.json
  bridge SITE_ID [--central-address HOST:PORT] [--kiosk-listener loopback|tls]
      the site's bridge account and its edge broker config DIR/sites/SITE_ID/edge.conf;
      tls: the kiosk WebSocket listener on every interface with a certificate (wss://)
  rotate-secret STATION_ID [--broker-passwords]
      a new check-in secret (kiosk key and stations.json); with --broker-passwords
      also new broker passwords for the station and its kiosk
  revoke-kiosk KIOSK_ID              refuse the kiosk's codes (stations.json), remove its
                                     account and config; its station's other kiosks keep working
  revoke STATION_ID                  remove both accounts, the stations.json entry and the station's files
  kiosk-pin STATION_ID               the kiosk manager panel PIN (4 to 12 digits), read from standard
                                     input, into kiosk-config.json as salted PBKDF2

Options:
  --out DIR           the provisioning directory (required); broker files in DIR/broker/central/
                      (central broker) and DIR/broker/edge/SITE_ID/ (each site's edge broker)
  --topic-root ROOT   topic root for a new directory (default vs/v1)
  -h, --help          this text

Every command is idempotent: a re-run keeps existing secrets and changes only what
its options change. Files are written with mode 0600. After a change, copy the
broker files the tool names and reload those brokers (kill -HUP <pid>).
Ids are ${'1 to 64 characters of A-Z a-z 0-9 _ -'}.`;

const OPTIONS = {
  out: { type: 'string' },
  'topic-root': { type: 'string' },
  site: { type: 'string' },
  kiosk: { type: 'string' },
  'broker-url': { type: 'string' },
  'kiosk-broker-url': { type: 'string' },
  'checkin-base-url': { type: 'string' },
  'name-zh': { type: 'string' },
  'name-en': { type: 'string' },
  reader: { type: 'string' },
  'reader-path': { type: 'string' },
  'data-dir': { type: 'string' },
  'central-address': { type: 'string' },
  'kiosk-listener': { type: 'string' },
  replicas: { type: 'string' },
  'accept-v1-until': { type: 'string' },
  'broker-passwords': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {
  readonly code = 'USAGE';
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

const COMMANDS = ['station', 'manager', 'central', 'bridge', 'rotate-secret', 'revoke-kiosk', 'revoke', 'kiosk-pin'];

function runCommand(ws: Workspace, command: string, args: string[], values: Values): string {
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const [id, ...extra] = args;
  const needsId = command !== 'central';
  if (needsId && id === undefined) throw new UsageError(`"${command}" needs an id`);
  if (extra.length > 0 || (!needsId && id !== undefined)) throw new UsageError(`unexpected argument ${JSON.stringify(needsId ? extra[0] : id)}`);
  switch (command) {
    case 'station':
      provisionStation(ws, {
        stationId: id!,
        siteId: required(values.site, '--site'),
        kioskId: values.kiosk,
        brokerUrl: values['broker-url'],
        kioskBrokerUrl: values['kiosk-broker-url'],
        checkinBaseUrl: values['checkin-base-url'],
        nameZh: values['name-zh'],
        nameEn: values['name-en'],
        readerDriver: values.reader,
        readerPath: values['reader-path'],
        dataDir: values['data-dir'],
        acceptV1Until: values['accept-v1-until'],
      });
      return `station ${id} provisioned`;
    case 'manager':
      provisionManager(ws, id!, values['broker-url']);
      return `manager ${id} provisioned`;
    case 'central':
      provisionCentral(ws, { brokerUrl: values['broker-url'], replicas: values.replicas === undefined ? undefined : wholeNumber(values.replicas, '--replicas') });
      return 'central provisioned';
    case 'bridge':
      provisionBridge(ws, id!, { centralAddress: values['central-address'], kioskListener: values['kiosk-listener'] });
      return `bridge of site ${id} provisioned`;
    case 'rotate-secret':
      rotateStationSecret(ws, { stationId: id!, brokerPasswords: values['broker-passwords'] });
      return `station ${id}: new check-in secret${values['broker-passwords'] ? ' and broker passwords' : ''}`;
    case 'revoke-kiosk':
      return revokeKiosk(ws, id!) === 'revoked' ? `kiosk ${id} revoked` : `kiosk ${id} was already revoked; nothing to do`;
    case 'revoke':
      return revokeStation(ws, id!) ? `station ${id} revoked` : `station ${id} was not provisioned; nothing to revoke`;
    case 'kiosk-pin':
      setKioskPin(ws, id!, readPinFromStdin());
      return `station ${id}: kiosk manager PIN set`;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

export function main(argv: string[], out: (line: string) => void = console.log): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    out(`provision: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const [command, ...args] = positionals;
  try {
    if (!COMMANDS.includes(command!)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    const outDir = required(values.out, '--out');
    const ws = Workspace.open(outDir, values['topic-root']);
    const summary = runCommand(ws, command!, args, values);
    ws.save(rerenderEdgeConfigs);
    out(`provision: ${summary}`);
    for (const [path, outcome] of ws.written) out(`  ${outcome.padEnd(9)} ${relative(outDir, path) || path}`);
    const brokers = ws.brokersToReload();
    if (brokers.length > 0) out(`  broker files changed: copy them and reload (kill -HUP <mosquitto pid>): ${brokers.join(', ')}.`);
    for (const note of ws.notes) out(`  note: ${note}`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      out(`provision: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    out(`provision: error: ${(err as Error).message}`);
    return 1;
  }
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(realpathSync(invokedPath)).href) {
  const lines: string[] = [];
  const code = main(process.argv.slice(2), (line) => lines.push(line));
  (code === 0 ? process.stdout : process.stderr).write(`${lines.join('\n')}\n`);
  process.exitCode = code;
}

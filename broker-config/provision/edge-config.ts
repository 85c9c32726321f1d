/**
 * Renders one site's edge broker config from the template
 * `broker-config/mosquitto/edge.conf`: the site's own bridge identity and
 * password, the central address, and one bridge `topic` line per topic of the
 * site's stations. Per-station lines (not `stations/+/...`) because the central
 * ACL gives a bridge only its own site's stations, and Mosquitto refuses a
 * subscription wider than the ACL allows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topicsFor } from '../../shared/index.ts';
import { bridgeClientId, bridgeUsername } from './acl.ts';
import { stationsOfSite, type Registry } from './registry.ts';

export const EDGE_TEMPLATE_PATH = fileURLToPath(new URL('../mosquitto/edge.conf', import.meta.url));

const TOPICS_BEGIN = '# BEGIN bridge topics';
const TOPICS_END = '# END bridge topics';

export class EdgeTemplateError extends Error {
  readonly code = 'EDGE_TEMPLATE';
  constructor(reason: string) {
    super(`${EDGE_TEMPLATE_PATH}: ${reason}`);
    this.name = 'EdgeTemplateError';
  }
}

export interface EdgeConfigOptions {
  siteId: string;
  password: string;
  /** host:port of the central broker's TLS listener. */
  centralAddress: string;
  /** `tls`: the kiosk WebSocket listener on every interface, with the site's certificate. Default loopback. */
  kioskListener?: 'loopback' | 'tls';
  template?: string;
}

const KIOSK_LISTENER_LOOPBACK = 'listener 9001 127.0.0.1';
/**
 * Paths an operator installs next to ca.crt; broker-config/README.md, "A kiosk on
 * another device". No `tls_version`: a websockets listener takes only cafile,
 * certfile, keyfile and ciphers (mosquitto.conf(5) 2.0.11, `protocol`).
 */
export const EDGE_KIOSK_TLS_LINES = ['certfile /etc/mosquitto/vs/certs/edge.crt', 'keyfile /etc/mosquitto/vs/certs/edge.key'];

const KIOSK_LISTENER_LOOPBACK_BLOCK = [KIOSK_LISTENER_LOOPBACK, 'protocol websockets', 'socket_domain ipv4'];

function renderKioskListener(lines: string[], kioskListener: 'loopback' | 'tls'): void {
  const index = lines.indexOf(KIOSK_LISTENER_LOOPBACK);
  if (index < 0 || KIOSK_LISTENER_LOOPBACK_BLOCK.some((line, i) => lines[index + i] !== line)) {
    throw new EdgeTemplateError(`needs the lines ${KIOSK_LISTENER_LOOPBACK_BLOCK.map((l) => JSON.stringify(l)).join(', ')} together`);
  }
  if (kioskListener === 'loopback') return;
  // Every interface, both address families: a kiosk elsewhere on the site network.
  lines.splice(index, KIOSK_LISTENER_LOOPBACK_BLOCK.length, 'listener 9001', 'protocol websockets', ...EDGE_KIOSK_TLS_LINES);
}

export function bridgeTopicLines(registry: Registry, siteId: string): string[] {
  const topics = topicsFor(registry.topicRoot);
  const lines: string[] = [];
  const stations = stationsOfSite(registry, siteId);
  for (const [stationId, station] of stations) {
    lines.push(`topic ${topics.station(stationId, 'checkins')} out 1`, `topic ${topics.station(stationId, 'status')} out 1`, `topic ${topics.station(stationId, 'screenshot')} out 1`);
    if (station.kioskId) lines.push(`topic ${topics.kioskStatus(station.kioskId)} out 1`, `topic ${topics.kioskPlay(station.kioskId)} out 1`, `topic ${topics.station(stationId, 'pairing-answers')} out 1`);
    lines.push(`topic ${topics.station(stationId, 'results')} in 1`, `topic ${topics.station(stationId, 'cmd')} in 1`);
    if (station.kioskId) lines.push(`topic ${topics.station(stationId, 'pairing')} in 1`);
    if (station.kioskId) lines.push(`topic ${topics.station(stationId, 'desk-answers')} out 1`, `topic ${topics.station(stationId, 'desk')} in 1`);
  }
  lines.push(`topic ${topics.siteActivities(siteId)} in 1`, `topic ${topics.directory()} in 1`, `topic ${topics.perks()} in 1`);
  lines.push(`topic ${topics.siteRewards(siteId)} in 1`, `topic ${topics.siteRecruitment(siteId)} in 1`, `topic ${topics.siteAnnouncements(siteId)} in 1`, `topic ${topics.allMedia()} in 1`);
  return lines;
}

/** Replaces `key value` lines of the template; each key must be present exactly once. */
function setDirective(lines: string[], key: string, value: string): void {
  const index = lines.findIndex((line) => line.startsWith(`${key} `));
  if (index < 0) throw new EdgeTemplateError(`no "${key}" line to fill in`);
  lines[index] = `${key} ${value}`;
}

export function renderEdgeConfig(registry: Registry, options: EdgeConfigOptions): string {
  const lines = (options.template ?? readFileSync(EDGE_TEMPLATE_PATH, 'utf8')).split('\n');
  const { siteId } = options;
  setDirective(lines, 'connection', `central-${siteId}`);
  setDirective(lines, 'address', options.centralAddress);
  setDirective(lines, 'remote_clientid', bridgeClientId(siteId));
  setDirective(lines, 'local_clientid', `${bridgeClientId(siteId)}-local`);
  setDirective(lines, 'remote_username', bridgeUsername(siteId));
  setDirective(lines, 'remote_password', options.password);
  renderKioskListener(lines, options.kioskListener ?? 'loopback');
  const begin = lines.findIndex((line) => line.startsWith(TOPICS_BEGIN));
  const end = lines.findIndex((line) => line.startsWith(TOPICS_END));
  if (begin < 0 || end < begin) throw new EdgeTemplateError(`needs "${TOPICS_BEGIN}" and "${TOPICS_END}" lines`);
  lines.splice(begin + 1, end - begin - 1, ...bridgeTopicLines(registry, siteId));
  const header = `# Rendered by \`npm run provision\` for site ${siteId}; re-run the tool after adding a station.\n`;
  return header + lines.join('\n');
}

/** The password is read back from the rendered file, so a re-run keeps it. */
export function readRemotePassword(renderedConfig: string): string | undefined {
  const line = renderedConfig.split('\n').find((l) => l.startsWith('remote_password '));
  const value = line?.slice('remote_password '.length).trim();
  return value && value !== 'CHANGE-ME' ? value : undefined;
}

export function readCentralAddress(renderedConfig: string): string | undefined {
  return renderedConfig.split('\n').find((l) => l.startsWith('address '))?.slice('address '.length).trim();
}

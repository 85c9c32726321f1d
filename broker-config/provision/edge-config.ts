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
  template?: string;
}

export function bridgeTopicLines(registry: Registry, siteId: string): string[] {
  const topics = topicsFor(registry.topicRoot);
  const lines: string[] = [];
  const stations = stationsOfSite(registry, siteId);
  for (const [stationId, station] of stations) {
    lines.push(
      `topic ${topics.station(stationId, 'checkins')} out 1`,
      `topic ${topics.station(stationId, 'status')} out 1`,
      `topic ${topics.kioskStatus(station.kioskId)} out 1`,
      `topic ${topics.station(stationId, 'results')} in 1`,
      `topic ${topics.station(stationId, 'cmd')} in 1`,
    );
  }
  lines.push(`topic ${topics.siteActivities(siteId)} in 1`, `topic ${topics.directory()} in 1`);
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

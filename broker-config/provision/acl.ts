/**
 * Renders the Mosquitto ACL file (mosquitto.conf(5) `acl_file`) from the registry.
 * Deny by default: a topic not listed for a user is refused, and there are no
 * anonymous (`topic` before any `user`) lines at all.
 *
 * Station and kiosk rights are written per user, not as `pattern ... %u` lines:
 * Mosquitto applies pattern lines to every user, so `pattern write R/stations/%u/checkins`
 * would also let the kiosk "K-0001" or the manager "alice" publish check-ins under
 * their own names. A kiosk's rights also name its station and site, which `%u`
 * cannot express. The tool writes the lines, so their number costs nothing.
 */
import { topicsFor, type Topics } from '../../shared/index.ts';
import { stationsOfSite, type Account, type Registry } from './registry.ts';

type Access = 'read' | 'write' | 'readwrite';
interface Grant {
  access: Access;
  topic: string;
}

/** MQTT 5 shared subscription prefix used by the central service (Mosquitto checks the full filter). */
export const CENTRAL_SHARE_GROUP = 'central';

/** The bridge's remote client id, also its notification topic's last-but-one level. */
export function bridgeClientId(siteId: string): string {
  return `bridge-${siteId}`;
}
export function bridgeUsername(siteId: string): string {
  return `bridge-${siteId}`;
}

export function grantsFor(username: string, account: Account, registry: Registry, topics: Topics = topicsFor(registry.topicRoot)): Grant[] {
  const r = (topic: string): Grant => ({ access: 'read', topic });
  const w = (topic: string): Grant => ({ access: 'write', topic });
  switch (account.role) {
    case 'station':
      return [
        w(topics.station(username, 'checkins')),
        w(topics.station(username, 'taps')),
        w(topics.station(username, 'status')),
        r(topics.station(username, 'results')),
        r(topics.station(username, 'cmd')),
        // Protocol v2: its screen watchdog's answer to a screenshot command.
        w(topics.station(username, 'screenshot')),
      ];
    case 'kiosk':
      return [
        r(topics.station(account.stationId, 'taps')),
        r(topics.station(account.stationId, 'results')),
        r(topics.station(account.stationId, 'cmd')),
        // Protocol v2 phone linking: its own station's prompts in, the touched answer out.
        r(topics.station(account.stationId, 'pairing')),
        w(topics.station(account.stationId, 'pairing-answers')),
        // Protocol v2 rewards shop: the card-only desk's confirm prompt and its answer, and the site's rewards view.
        r(topics.station(account.stationId, 'desk')),
        w(topics.station(account.stationId, 'desk-answers')),
        r(topics.siteRewards(account.siteId)),
        r(topics.siteActivities(account.siteId)),
        r(topics.directory()),
        // Protocol v2 star perks: city-wide, retained.
        r(topics.perks()),
        w(topics.kioskStatus(username)),
      ];
    case 'central': {
      const checkins = topics.allStations('checkins');
      const answers = topics.allStations('pairing-answers');
      const deskAnswers = topics.allStations('desk-answers');
      return [
        r(checkins),
        r(`$share/${CENTRAL_SHARE_GROUP}/${checkins}`),
        r(topics.allStations('status')),
        r(topics.allKioskStatus()),
        // Protocol v2: the star perks, served to phones by central, and every site's
        // activities, which a phone may check in for.
        r(topics.perks()),
        r(topics.allSiteActivities()),
        w(topics.allStations('results')),
        w(topics.allStations('pairing')),
        r(answers),
        r(`$share/${CENTRAL_SHARE_GROUP}/${answers}`),
        // Protocol v2 rewards shop: republished after redemptions, expiries and reversals; the desk prompts.
        w(`${topics.root}/sites/+/rewards`),
        w(topics.allStations('desk')),
        r(deskAnswers),
        r(`$share/${CENTRAL_SHARE_GROUP}/${deskAnswers}`),
      ];
    }
    case 'content':
      // `central content publish`: retained activities, the directory and (v2) the star perks and rewards views, nothing else.
      return [w(`${topics.root}/sites/+/activities`), w(topics.directory()), w(topics.perks()), w(`${topics.root}/sites/+/rewards`)];
    case 'manager':
      // Commands out, and (protocol v2) the screenshots they ask for: managers only, as nobody else may write `cmd`.
      return [r(topics.allStations('status')), r(topics.allKioskStatus()), r(topics.directory()), w(topics.allStations('cmd')), r(topics.allStations('screenshot'))];
    case 'bridge': {
      // Only its own site's stations and kiosks cross this bridge; taps stay on site.
      const grants: Grant[] = [];
      for (const [stationId, station] of stationsOfSite(registry, account.siteId)) {
        grants.push(w(topics.station(stationId, 'checkins')), w(topics.station(stationId, 'status')), w(topics.station(stationId, 'screenshot')));
        if (station.kioskId) grants.push(w(topics.kioskStatus(station.kioskId)), w(topics.station(stationId, 'pairing-answers')));
        grants.push(r(topics.station(stationId, 'results')), r(topics.station(stationId, 'cmd')));
        if (station.kioskId) grants.push(r(topics.station(stationId, 'pairing')));
        if (station.kioskId) grants.push(w(topics.station(stationId, 'desk-answers')), r(topics.station(stationId, 'desk')));
      }
      grants.push(r(topics.siteRewards(account.siteId)));
      grants.push(r(topics.siteActivities(account.siteId)), r(topics.directory()), r(topics.perks()), w(`$SYS/broker/connection/${bridgeClientId(account.siteId)}/state`));
      return grants;
    }
  }
}

function describe(username: string, account: Account): string {
  switch (account.role) {
    case 'station':
      return `station ${username} (site ${account.siteId}, ${account.kioskId ? `kiosk ${account.kioskId}` : 'no kiosk'})`;
    case 'content':
      return 'content publisher (central content publish)';
    case 'central':
      return `central service replica ${username}`;
    case 'kiosk':
      return `kiosk ${username} (station ${account.stationId}, site ${account.siteId})`;
    case 'bridge':
      return `bridge of site ${account.siteId}`;
    default:
      return account.role;
  }
}

/** The ACL of one broker: `usernames` are the accounts of its tier (registry.ts `usersOfTier`). */
export function renderAcl(registry: Registry, usernames: readonly string[], brokerName: string): string {
  const topics = topicsFor(registry.topicRoot);
  const lines = [
    `# Mosquitto ACL of ${brokerName}, generated by \`npm run provision\` from broker/users.json.`,
    '# Do not edit: re-run the tool instead. Deny by default: no anonymous lines, every',
    '# user lists exactly the topics of its role (broker-config/README.md, role matrix).',
    '',
  ];
  for (const username of usernames) {
    const account = registry.users[username]!;
    lines.push(`# ${describe(username, account)}`, `user ${username}`);
    for (const grant of grantsFor(username, account, registry, topics)) lines.push(`topic ${grant.access} ${grant.topic}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/**
 * What each broker role may read and write (broker-config/README.md, role matrix), as
 * topic filters: the provisioning tool renders its ACLs from these, and `npm start --
 * --store postgres` its demo Mosquitto's. The bridge's rights depend on which stations a
 * site has, so the provisioning tool adds those itself (broker-config/provision/acl.ts).
 */
import type { Topics } from './topics.ts';

export type BrokerAccess = 'read' | 'write' | 'readwrite';
export interface BrokerGrant {
  access: BrokerAccess;
  topic: string;
}

/** MQTT 5 shared subscription group of the central service (Mosquitto checks the full filter). */
export const CENTRAL_SHARE_GROUP = 'central';
/** The content publisher's account (`central content publish`), never a replica's. */
export const CONTENT_USERNAME = 'central-content';

/** One account per central replica: with client ids bound to usernames, replicas sharing one would disconnect each other. */
export function centralReplicaUsername(replica: number): string {
  return `central-${replica}`;
}

/** A device or service role; its own name and (kiosk) its station and site. */
export type BrokerRole =
  | { role: 'station' }
  | { role: 'kiosk'; stationId: string; siteId: string }
  | { role: 'central' }
  | { role: 'content' }
  | { role: 'manager' };

export function roleGrants(username: string, account: BrokerRole, topics: Topics): BrokerGrant[] {
  const r = (topic: string): BrokerGrant => ({ access: 'read', topic });
  const w = (topic: string): BrokerGrant => ({ access: 'write', topic });
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
        // Protocol v2: its site's "Join us" panel.
        r(topics.siteRecruitment(account.siteId)),
        // Protocol v2: its site's announcements.
        r(topics.siteAnnouncements(account.siteId)),
        r(topics.siteActivities(account.siteId)),
        r(topics.directory()),
        // Protocol v2 star perks: city-wide, retained.
        r(topics.perks()),
        // Protocol v2 photos: content-addressed, the same for every site.
        r(topics.allMedia()),
        w(topics.kioskStatus(username)),
        // Protocol v2 proof of play: its own hourly reports.
        w(topics.kioskPlay(username)),
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
        // Protocol v2 proof of play: every kiosk's hourly reports.
        r(topics.allKioskPlay()),
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
        // Protocol v2 content editor: the manager API publishes what managers edit (activities,
        // the directory, perks) on the same retained topics as `central content publish`.
        w(`${topics.root}/sites/+/activities`),
        w(topics.directory()),
        w(topics.perks()),
        w(`${topics.root}/sites/+/recruitment`),
        w(`${topics.root}/sites/+/announcements`),
        w(topics.allMedia()),
        w(topics.allStations('desk')),
        r(deskAnswers),
        r(`$share/${CENTRAL_SHARE_GROUP}/${deskAnswers}`),
      ];
    }
    case 'content':
      // `central content publish`: retained activities, the directory and (v2) the star perks, rewards views, recruitment panels, announcements and the photos they show, nothing else.
      return [
        w(`${topics.root}/sites/+/activities`),
        w(topics.directory()),
        w(topics.perks()),
        w(`${topics.root}/sites/+/rewards`),
        w(`${topics.root}/sites/+/recruitment`),
        w(`${topics.root}/sites/+/announcements`),
        w(topics.allMedia()),
      ];
    case 'manager':
      // Commands out, and (protocol v2) the screenshots they ask for: managers only, as nobody else may write `cmd`.
      return [r(topics.allStations('status')), r(topics.allKioskStatus()), r(topics.directory()), w(topics.allStations('cmd')), r(topics.allStations('screenshot'))];
  }
}

/** One account's block of a Mosquitto ACL file (mosquitto.conf(5) `acl_file`): `user`, then one `topic` line per grant. */
export function aclBlock(description: string, username: string, grants: readonly BrokerGrant[]): string[] {
  return [`# ${description}`, `user ${username}`, ...grants.map((grant) => `topic ${grant.access} ${grant.topic}`), ''];
}

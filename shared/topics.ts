/**
 * Topic builders and parsers for protocol v1 §Topics. Every builder validates the
 * identifier it puts into a topic, so a `+`, `#` or `/` can never widen a
 * subscription or address another station.
 */
import { assertValidId, isValidId } from './ids.ts';
import { isMediaId } from './payloads/media.ts';

export const DEFAULT_TOPIC_ROOT = 'vs/v1';

export type StationChannel = 'checkins' | 'results' | 'taps' | 'status' | 'cmd' | 'pairing' | 'pairing-answers' | 'desk' | 'desk-answers' | 'screenshot';
/** `pairing` and `pairing-answers` are protocol v2 (shared/payloads/pairing.ts), as are `desk` and `desk-answers` (shared/payloads/rewards.ts) and `screenshot` (shared/payloads/screenshot.ts). */
export const STATION_CHANNELS: readonly StationChannel[] = ['checkins', 'results', 'taps', 'status', 'cmd', 'pairing', 'pairing-answers', 'desk', 'desk-answers', 'screenshot'];

export type ParsedTopic =
  | { kind: 'station'; stationId: string; channel: StationChannel }
  | { kind: 'kiosk-status'; kioskId: string }
  | { kind: 'kiosk-play'; kioskId: string }
  | { kind: 'site-activities'; siteId: string }
  | { kind: 'site-rewards'; siteId: string }
  | { kind: 'site-recruitment'; siteId: string }
  | { kind: 'site-announcements'; siteId: string }
  | { kind: 'directory' }
  | { kind: 'perks' }
  | { kind: 'media'; mediaId: string };

export class InvalidTopicRootError extends Error {
  readonly code = 'INVALID_TOPIC_ROOT';
  constructor(root: string) {
    super(`topic root ${JSON.stringify(root)} is not valid: use non-empty levels separated by "/", with no leading or trailing "/", and no "+", "#" or NUL.`);
    this.name = 'InvalidTopicRootError';
  }
}

export function isValidTopicRoot(root: string): boolean {
  if (root.length === 0 || root.length > 128) return false;
  // NUL is forbidden in MQTT topic names (MQTT 3.1.1 §4.7.3).
  return root.split('/').every((level) => level.length > 0 && !level.includes('+') && !level.includes('#') && !level.includes(String.fromCharCode(0)));
}

export interface Topics {
  readonly root: string;
  station(stationId: string, channel: StationChannel): string;
  /** Wildcard filter over every station for one channel, e.g. `vs/v1/stations/+/checkins`. */
  allStations(channel: StationChannel): string;
  kioskStatus(kioskId: string): string;
  allKioskStatus(): string;
  /** Protocol v2: a kiosk's hourly proof-of-play reports (shared/payloads/play.ts). */
  kioskPlay(kioskId: string): string;
  allKioskPlay(): string;
  siteActivities(siteId: string): string;
  /** Wildcard filter over every site's Activities (central's activities board). */
  allSiteActivities(): string;
  /** Protocol v2: the retained RewardsView of one site. */
  siteRewards(siteId: string): string;
  /** Protocol v2: the retained "Join us" panel of one site (shared/payloads/recruitment.ts). */
  siteRecruitment(siteId: string): string;
  /** Protocol v2: the retained announcements of one site (shared/payloads/announcements.ts). */
  siteAnnouncements(siteId: string): string;
  directory(): string;
  /** Protocol v2: star perks, retained, city-wide (shared/payloads/perks.ts). */
  perks(): string;
  /** Protocol v2: one photo's WebP bytes, retained, by media id (shared/payloads/media.ts). */
  media(mediaId: string): string;
  /** Wildcard filter over every photo. */
  allMedia(): string;
  /** Returns null for a topic outside this root or with an invalid identifier. */
  parse(topic: string): ParsedTopic | null;
}

export function topicsFor(root: string = DEFAULT_TOPIC_ROOT): Topics {
  if (!isValidTopicRoot(root)) throw new InvalidTopicRootError(root);
  const prefix = `${root}/`;
  return {
    root,
    station: (stationId, channel) => `${root}/stations/${assertValidId(stationId, 'stationId')}/${channel}`,
    allStations: (channel) => `${root}/stations/+/${channel}`,
    kioskStatus: (kioskId) => `${root}/kiosks/${assertValidId(kioskId, 'kioskId')}/status`,
    allKioskStatus: () => `${root}/kiosks/+/status`,
    kioskPlay: (kioskId) => `${root}/kiosks/${assertValidId(kioskId, 'kioskId')}/play`,
    allKioskPlay: () => `${root}/kiosks/+/play`,
    siteActivities: (siteId) => `${root}/sites/${assertValidId(siteId, 'siteId')}/activities`,
    allSiteActivities: () => `${root}/sites/+/activities`,
    siteRewards: (siteId) => `${root}/sites/${assertValidId(siteId, 'siteId')}/rewards`,
    siteRecruitment: (siteId) => `${root}/sites/${assertValidId(siteId, 'siteId')}/recruitment`,
    siteAnnouncements: (siteId) => `${root}/sites/${assertValidId(siteId, 'siteId')}/announcements`,
    directory: () => `${root}/directory/stations`,
    perks: () => `${root}/perks`,
    media: (mediaId) => {
      if (!isMediaId(mediaId)) throw new Error(`media id ${JSON.stringify(mediaId)} is not valid: it must be 64 lower-case hex digits`);
      return `${root}/media/${mediaId}`;
    },
    allMedia: () => `${root}/media/+`,
    parse(topic) {
      if (!topic.startsWith(prefix)) return null;
      const levels = topic.slice(prefix.length).split('/');
      const [first, id, last] = levels;
      if (levels.length === 2 && first === 'directory' && id === 'stations') return { kind: 'directory' };
      if (levels.length === 1 && first === 'perks') return { kind: 'perks' };
      if (levels.length === 2 && first === 'media' && isMediaId(id)) return { kind: 'media', mediaId: id };
      if (levels.length !== 3 || !isValidId(id)) return null;
      if (first === 'stations' && (STATION_CHANNELS as readonly string[]).includes(last ?? '')) {
        return { kind: 'station', stationId: id, channel: last as StationChannel };
      }
      if (first === 'kiosks' && last === 'status') return { kind: 'kiosk-status', kioskId: id };
      if (first === 'kiosks' && last === 'play') return { kind: 'kiosk-play', kioskId: id };
      if (first === 'sites' && last === 'activities') return { kind: 'site-activities', siteId: id };
      if (first === 'sites' && last === 'rewards') return { kind: 'site-rewards', siteId: id };
      if (first === 'sites' && last === 'recruitment') return { kind: 'site-recruitment', siteId: id };
      if (first === 'sites' && last === 'announcements') return { kind: 'site-announcements', siteId: id };
      return null;
    },
  };
}

/** MQTT filter matching (MQTT 3.1.1 §4.7), with `$share/{group}/` stripped. */
export function topicMatches(filter: string, topic: string): boolean {
  const plain = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  const f = plain.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Turns a raw MQTT message into one typed kiosk event. Payloads that fail the
 * shared schemas become `invalid` with the reason (protocol v1 §Topics: dropped
 * with a logged reason, never a crash). Taps, results and commands are events: one
 * replayed from the broker's retained store is `retained-event` and never shown or
 * acted on (protocol v2 §Acting on a Command).
 */
import {
  ActivitiesSchema,
  CommandSchema,
  DeskPromptSchema,
  AnnouncementsSchema,
  PairingPromptSchema,
  PerksSchema,
  parseJson,
  RecruitmentSchema,
  RewardsViewSchema,
  ResultSchema,
  StationDirectorySchema,
  TapSchema,
  type Activities,
  type Command,
  type Announcements,
  type DeskPrompt,
  type PairingPrompt,
  type Perks,
  type Recruitment,
  type RewardsView,
  type Result,
  type StationDirectory,
  type Tap,
  type Topics,
} from '../../shared/index.ts';
import { isEventChannel } from '../../shared/payloads/command-admission.ts';

export type KioskMessage =
  | { kind: 'tap'; tap: Tap }
  | { kind: 'result'; result: Result }
  | { kind: 'command'; command: Command }
  | { kind: 'activities'; activities: Activities }
  | { kind: 'directory'; directory: StationDirectory }
  | { kind: 'perks'; perks: Perks }
  | { kind: 'rewards'; rewards: RewardsView }
  | { kind: 'recruitment'; recruitment: Recruitment }
  | { kind: 'announcements'; announcements: Announcements }
  /** Protocol v2: a photo's WebP bytes, not yet checked against its id (media-cache.ts isPhotoOf). */
  | { kind: 'media'; mediaId: string; bytes: Uint8Array }
  | { kind: 'pairing'; prompt: PairingPrompt }
  | { kind: 'desk'; prompt: DeskPrompt }
  | { kind: 'ignored'; reason: string }
  | { kind: 'retained-event'; topic: string }
  | { kind: 'invalid'; topic: string; issues: string[] };

export interface KioskIdentity {
  stationId: string;
  siteId: string;
}

/** The topics this kiosk subscribes to, once per connect. */
export function kioskSubscriptions(topics: Topics, identity: KioskIdentity): string[] {
  return [
    topics.station(identity.stationId, 'taps'),
    topics.station(identity.stationId, 'results'),
    topics.station(identity.stationId, 'cmd'),
    topics.station(identity.stationId, 'pairing'),
    topics.station(identity.stationId, 'desk'),
    topics.siteActivities(identity.siteId),
    topics.siteRewards(identity.siteId),
    topics.siteRecruitment(identity.siteId),
    topics.siteAnnouncements(identity.siteId),
    topics.directory(),
    topics.perks(),
  ];
}

function checked<T>(topic: string, parsed: { ok: true; value: T } | { ok: false; issues: string[] }, wrap: (value: T) => KioskMessage): KioskMessage {
  return parsed.ok ? wrap(parsed.value) : { kind: 'invalid', topic, issues: parsed.issues };
}

/** `retained` is the delivered packet's RETAIN flag: set only on a replay from the retained store. */
export function classifyMessage(topics: Topics, identity: KioskIdentity, topic: string, payload: Uint8Array | string, retained = false): KioskMessage {
  const parsedTopic = topics.parse(topic);
  if (!parsedTopic) return { kind: 'ignored', reason: `topic ${topic} is not ours` };
  if (parsedTopic.kind === 'directory') return checked(topic, parseJson(StationDirectorySchema, payload), (directory) => ({ kind: 'directory', directory }));
  if (parsedTopic.kind === 'media') return { kind: 'media', mediaId: parsedTopic.mediaId, bytes: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload };
  if (parsedTopic.kind === 'perks') return checked(topic, parseJson(PerksSchema, payload), (perks) => ({ kind: 'perks', perks }));
  if (parsedTopic.kind === 'site-activities') {
    if (parsedTopic.siteId !== identity.siteId) return { kind: 'ignored', reason: `activities of site ${parsedTopic.siteId}` };
    return checked(topic, parseJson(ActivitiesSchema, payload), (activities) => ({ kind: 'activities', activities }));
  }
  if (parsedTopic.kind === 'site-rewards') {
    if (parsedTopic.siteId !== identity.siteId) return { kind: 'ignored', reason: `rewards of site ${parsedTopic.siteId}` };
    return checked(topic, parseJson(RewardsViewSchema, payload), (rewards) => ({ kind: 'rewards', rewards }));
  }
  if (parsedTopic.kind === 'site-recruitment') {
    if (parsedTopic.siteId !== identity.siteId) return { kind: 'ignored', reason: `recruitment of site ${parsedTopic.siteId}` };
    return checked(topic, parseJson(RecruitmentSchema, payload), (recruitment) => ({ kind: 'recruitment', recruitment }));
  }
  if (parsedTopic.kind === 'site-announcements') {
    if (parsedTopic.siteId !== identity.siteId) return { kind: 'ignored', reason: `announcements of site ${parsedTopic.siteId}` };
    return checked(topic, parseJson(AnnouncementsSchema, payload), (announcements) => ({ kind: 'announcements', announcements }));
  }
  if (parsedTopic.kind !== 'station' || parsedTopic.stationId !== identity.stationId) return { kind: 'ignored', reason: `topic ${topic} is not ours` };
  if (retained && isEventChannel(parsedTopic.channel)) return { kind: 'retained-event', topic };
  switch (parsedTopic.channel) {
    case 'taps':
      return checked(topic, parseJson(TapSchema, payload), (tap) => ({ kind: 'tap', tap }));
    case 'results':
      return checked(topic, parseJson(ResultSchema, payload), (result) => ({ kind: 'result', result }));
    case 'cmd':
      return checked(topic, parseJson(CommandSchema, payload), (command) => ({ kind: 'command', command }));
    case 'pairing':
      return checked(topic, parseJson(PairingPromptSchema, payload), (prompt) => ({ kind: 'pairing', prompt }));
    case 'desk':
      return checked(topic, parseJson(DeskPromptSchema, payload), (prompt) => ({ kind: 'desk', prompt }));
    default:
      return { kind: 'ignored', reason: `channel ${parsedTopic.channel}` };
  }
}

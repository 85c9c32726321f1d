/**
 * `central content publish FILE.json`: validate the whole content file first (every
 * problem listed, nothing published when any exists), then publish retained, QoS 1:
 * one Activities per site on `R/sites/{siteId}/activities` (the items shown now) and the StationDirectory
 * on `R/directory/stations`; with a `perks` section (protocol v2), Perks on `R/perks`;
 * with a `recruitment` section (v2), each site's panel on `R/sites/{siteId}/recruitment`;
 * with an `announcements` section (v2), each site's on `R/sites/{siteId}/announcements`.
 * Protocol v2: each site's `rewards` catalogue is written into
 * central's store (stock given in the file is a stock correction, audited), then the
 * site's RewardsView is published retained on `R/sites/{siteId}/rewards`.
 */
import mqtt from 'mqtt';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ActivitiesSchema,
  AnnouncementsSchema,
  ContentFileSchema,
  formatProblem,
  isScheduledToShow,
  PerksSchema,
  RecruitmentSchema,
  readConfigFile,
  StationDirectorySchema,
  validate,
  type Activities,
  type Announcements,
  type CentralConfig,
  type ContentFile,
  type Perks,
  type Recruitment,
  type RewardsView,
  type StationDirectory,
  type Topics,
} from '../../shared/index.ts';
import { ContentFileError } from '../errors.ts';
import { contentFileProblems } from './content-checks.ts';
import { rewardsViewOf } from '../shop/shop-rules.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { CataloguePublishReport } from '../store/shop-store.ts';

export interface ContentMessage {
  topic: string;
  payload: Activities | StationDirectory | Perks | RewardsView | Recruitment | Announcements;
}

/**
 * siteId -> itemId -> the shelf count to set: the console's stock corrections, applied
 * with the catalogue and audited but not kept in the content version, so publishing
 * that version again (a rollback) does not set an old count again.
 */
export type SiteStockCorrections = Record<string, Record<string, { stock: number; reason?: string }>>;

export function loadContentFile(file: string): ContentFile {
  const parsed = readConfigFile({ file, read: () => readFileSync(file, 'utf8'), schema: ContentFileSchema, format: 'docs/schemas/content-file.json' });
  if (!parsed.ok) throw new ContentFileError(file, parsed.error.issues);
  const issues = contentFileProblems(parsed.value).map(formatProblem);
  if (issues.length > 0) throw new ContentFileError(file, issues);
  return parsed.value;
}

export function contentMessages(content: ContentFile, topics: Topics, nowIso: string): ContentMessage[] {
  const messages: ContentMessage[] = Object.keys(content.activities).map((siteId) => siteActivitiesMessage(content, siteId, topics, nowIso));
  messages.push({ topic: topics.directory(), payload: validated(StationDirectorySchema, { v: 1, updatedAt: nowIso, items: content.directory }) });
  if (content.perks) messages.push({ topic: topics.perks(), payload: validated(PerksSchema, { v: 1, updatedAt: nowIso, items: content.perks }) });
  for (const [siteId, panel] of Object.entries(content.recruitment ?? {})) {
    messages.push({ topic: topics.siteRecruitment(siteId), payload: validated(RecruitmentSchema, { v: 2, updatedAt: nowIso, siteId, ...panel }) });
  }
  for (const [siteId, items] of Object.entries(content.announcements ?? {})) {
    messages.push({ topic: topics.siteAnnouncements(siteId), payload: validated(AnnouncementsSchema, { v: 2, updatedAt: nowIso, siteId, items }) });
  }
  return messages;
}

/**
 * One site's Activities as kiosks see them at `nowIso`: only the items their schedule
 * shows then (protocol v2 showFrom/showUntil); content-scheduler.ts publishes again when that changes.
 */
export function siteActivitiesMessage(content: ContentFile, siteId: string, topics: Topics, nowIso: string): ContentMessage {
  const items = (content.activities[siteId] ?? []).filter((a) => isScheduledToShow(a, Date.parse(nowIso)));
  return { topic: topics.siteActivities(siteId), payload: validated(ActivitiesSchema, { v: 1, updatedAt: nowIso, siteId, items }) };
}

/**
 * Writes each site's catalogue into the store (one transaction per site) and returns the
 * reports with the RewardsView messages built from what the store now holds.
 */
export async function publishCatalogues(
  store: CentralStore,
  content: ContentFile,
  topics: Topics,
  actor: string,
  nowIso: string,
  includeSite: (siteId: string) => boolean = () => true,
  stockCorrections: SiteStockCorrections = {},
): Promise<{ reports: CataloguePublishReport[]; messages: ContentMessage[] }> {
  const reports: CataloguePublishReport[] = [];
  const messages: ContentMessage[] = [];
  for (const [siteId, items] of Object.entries(content.rewards ?? {})) {
    if (!includeSite(siteId)) continue;
    const corrections = stockCorrections[siteId] ?? {};
    const corrected = items.map((item) => (Object.hasOwn(corrections, item.id) ? { ...item, stock: corrections[item.id]!.stock, ...(corrections[item.id]!.reason ? { stockReason: corrections[item.id]!.reason } : {}) } : item));
    reports.push(await store.shop.publishCatalogue(siteId, corrected, actor, nowIso));
    messages.push({ topic: topics.siteRewards(siteId), payload: rewardsViewOf(siteId, await store.shop.listItems(siteId), nowIso) });
  }
  return { reports, messages };
}

function validated<T>(schema: Parameters<typeof validate>[0], payload: T): T {
  const result = validate(schema, payload);
  // The file passed ContentFileSchema, so this only fails if the two schemas drift apart.
  if (!result.ok) throw new Error(`built content payload fails its schema: ${result.issues.join('; ')}`);
  return payload;
}

/** Protocol v2 photos: the WebP bytes themselves, retained on `R/media/{id}`. */
export interface MediaMessage {
  topic: string;
  bytes: Buffer;
}

export async function publishContent(broker: CentralConfig['broker'], messages: readonly ContentMessage[], media: readonly MediaMessage[] = []): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, {
    clientId: `central-content-${randomUUID().slice(0, 8)}`,
    username: broker.username,
    password: broker.password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  try {
    for (const { topic, payload } of messages) {
      await client.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain: true });
    }
    // After the content: a kiosk shows an activity at once and its photo as soon as the bytes arrive.
    for (const { topic, bytes } of media) await client.publishAsync(topic, bytes, { qos: 1, retain: true });
  } finally {
    await client.endAsync();
  }
}

/**
 * Publishing the whole content file as a version: the change against the version it was
 * made from, the version appended (refused when another was published meanwhile), then
 * the retained messages (and the rewards catalogues) published. A rollback publishes an
 * older version's file again as a new version.
 */
import { topicsFor, type CentralConfig, type ContentFile, type Topics } from '../../shared/index.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ContentVersionHeader } from '../store/content-version-store.ts';
import { diffContent, summarizeChanges, type ContentChange } from './content-diff.ts';
import { contentMessages, publishCatalogues, publishContent, type ContentMessage, type MediaMessage, type SiteStockCorrections } from './publish-content.ts';
import { photosOf } from './content-checks.ts';
import type { CataloguePublishReport } from '../store/shop-store.ts';

export interface PublishVersionRequest {
  content: ContentFile;
  /** The version the file was made from (0 before the first). */
  baseVersion: number;
  by: string;
  /** Who the stock corrections of the rewards catalogues are audited as. */
  catalogueActor: string;
  nowIso: string;
  /** Set by a rollback: the version whose file this is. */
  rollbackTo?: number;
  /**
   * `all` (the CLI: the operator's file is the whole truth, its stock counts included) or
   * `changed`: only the catalogues that differ from the base version's are written, so an
   * edit of the activities does not apply the file's old stock counts as corrections again.
   */
  catalogues?: 'all' | 'changed';
  /** The console's stock corrections: their sites' catalogues are written even when the file did not change them. */
  stockCorrections?: SiteStockCorrections;
}

export type PublishVersionOutcome =
  /** `changes`: what this version changed against `baseVersion`. */
  | { kind: 'published'; version: ContentVersionHeader; changes: ContentChange[]; messages: ContentMessage[]; catalogues: CataloguePublishReport[] }
  /** Another version was published after `baseVersion`: nothing was published; `changes` is what it changed since. */
  | { kind: 'content-changed'; current?: ContentVersionHeader; changes: ContentChange[] };

export async function publishContentVersion(store: CentralStore, config: Pick<CentralConfig, 'broker' | 'topicRoot'>, request: PublishVersionRequest): Promise<PublishVersionOutcome> {
  const base = request.baseVersion > 0 ? await store.contentVersions.get(request.baseVersion) : undefined;
  const media = await photoMessages(store, base?.content, request.content, request.catalogues ?? 'all');
  const changes = diffContent(base?.content, request.content);
  const corrections = request.stockCorrections ?? {};
  const correctedSites = Object.keys(corrections).filter((siteId) => Object.keys(corrections[siteId]!).length > 0).sort();
  const stockSummary = correctedSites.map((siteId) => `stock ${siteId}: ${Object.keys(corrections[siteId]!).sort().join(', ')}`);
  const fileSummary = changes.length === 0 && stockSummary.length > 0 ? [] : [summarizeChanges(changes)];
  const summary = `${request.rollbackTo === undefined ? '' : `rollback to ${request.rollbackTo}: `}${[...fileSummary, ...stockSummary].join('; ')}`;
  const appended = await store.contentVersions.append({ baseVersion: request.baseVersion, at: request.nowIso, by: request.by, summary, content: request.content });
  if (appended.kind === 'conflict') return { kind: 'content-changed', ...(appended.current ? { current: appended.current } : {}), changes: await changesSince(store, base?.content) };
  const topics = topicsFor(config.topicRoot);
  const messages = [...contentMessages(request.content, topics, request.nowIso), ...withdrawn(base?.content, request.content, topics, request.nowIso)];
  const changedRewards = new Set([...changes.filter((change) => change.section === 'rewards').map((change) => change.siteId!), ...correctedSites]);
  const catalogueSites = request.catalogues === 'changed' ? (siteId: string) => changedRewards.has(siteId) : () => true;
  const { reports, messages: rewards } = await publishCatalogues(store, request.content, topics, request.catalogueActor, request.nowIso, catalogueSites, corrections);
  messages.push(...rewards);
  try {
    await publishContent(config.broker, messages, media.map(({ mediaId, bytes }) => ({ topic: topics.media(mediaId), bytes })));
  } catch (error) {
    const n = appended.version.version;
    throw new Error(`content version ${n} is recorded but was not published (${(error as Error).message}); once the broker is reachable, publish it with "central content rollback --to ${n}"`, { cause: error });
  }
  return { kind: 'published', version: appended.version, changes, messages, catalogues: reports };
}

/**
 * A "Join us" panel or a site's announcements that the new file no longer has stay
 * retained on the broker, so they are published once more, the panel with `show: false`
 * and the announcements as an empty list: kiosks take them down.
 */
function withdrawn(before: ContentFile | undefined, after: ContentFile, topics: Topics, nowIso: string): ContentMessage[] {
  const panels = Object.entries(before?.recruitment ?? {})
    .filter(([siteId]) => !after.recruitment?.[siteId])
    .map(([siteId, panel]) => ({ topic: topics.siteRecruitment(siteId), payload: { v: 2 as const, updatedAt: nowIso, siteId, ...panel, show: false } }));
  const announcements = Object.keys(before?.announcements ?? {})
    .filter((siteId) => !after.announcements?.[siteId])
    .map((siteId) => ({ topic: topics.siteAnnouncements(siteId), payload: { v: 2 as const, updatedAt: nowIso, siteId, items: [] } }));
  return [...panels, ...announcements];
}

/**
 * Protocol v2 photos: the bytes of each photo the file shows, retained, from the store.
 * `changed` sends only those the base version did not show yet (the broker keeps the rest);
 * `all` (the CLI) sends every one again. A photo that was never uploaded is refused
 * before anything is recorded (the admin API says so beside the field first).
 */
async function photoMessages(store: CentralStore, before: ContentFile | undefined, after: ContentFile, which: 'all' | 'changed'): Promise<Array<Omit<MediaMessage, 'topic'> & { mediaId: string }>> {
  const shownBefore = new Set(which === 'all' || !before ? [] : photosOf(before).map((photo) => photo.mediaId));
  const ids = [...new Set(photosOf(after).map((photo) => photo.mediaId))].filter((id) => !shownBefore.has(id));
  const messages = [];
  for (const mediaId of ids) {
    const photo = await store.media.get(mediaId);
    if (!photo) throw new Error(`the content shows photo ${mediaId}, which was never uploaded; upload it (POST /api/media) or remove it from the activity; nothing was published`);
    messages.push({ mediaId, bytes: photo.bytes });
  }
  return messages;
}

/** What the latest version changed against `since` (the stale publish's base). */
async function changesSince(store: CentralStore, since: ContentFile | undefined): Promise<ContentChange[]> {
  const latest = await store.contentVersions.latest();
  return latest ? diffContent(since, latest.content) : [];
}

/** The version a rollback republishes: `to`, or the one before the latest. */
export async function rollbackTarget(store: CentralStore, to: number | undefined): Promise<{ ok: true; latest: number; content: ContentFile; to: number } | { ok: false; message: string }> {
  const latest = await store.contentVersions.latest();
  if (!latest) return { ok: false, message: 'no content version has been published yet; publish a content file first' };
  const target = to ?? latest.version - 1;
  if (!Number.isInteger(target) || target < 1 || target > latest.version) {
    return { ok: false, message: `there is no content version ${String(to ?? target)} to roll back to; versions are 1 to ${latest.version} (see "central content versions")` };
  }
  const version = await store.contentVersions.get(target);
  return { ok: true, latest: latest.version, content: version!.content, to: target };
}

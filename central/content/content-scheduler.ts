/**
 * Scheduled activities (issue 16, protocol v2 showFrom/showUntil): a publish sends each
 * site only the activities shown at that moment, so when an item's time to appear or
 * disappear comes, this job publishes that site's Activities again. It compares what
 * kiosks should see now with what was last sent for the latest content version (at
 * the version's own publish, or by this job since), so it publishes only on a change.
 * Runs on the replica holding the jobs lease, at the next showFrom/showUntil and at
 * least every `recheckMs` (a new version may bring new times).
 */
import { isScheduledToShow, topicsFor, type CentralConfig, type ContentFile } from '../../shared/index.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { ContentVersionStore } from '../store/content-version-store.ts';
import { publishContent, siteActivitiesMessage, type ContentMessage } from './publish-content.ts';

export const RECHECK_MS = 60_000;

/** The ids a site's kiosks show at `nowMs`, as one comparable string. */
function shownIds(content: ContentFile, siteId: string, nowMs: number): string {
  return (content.activities[siteId] ?? []).filter((a) => isScheduledToShow(a, nowMs)).map((a) => a.id).join(' ');
}

/** The first showFrom or showUntil after `nowMs` in the whole file, if any. */
export function nextScheduleChange(content: ContentFile, nowMs: number): number | undefined {
  let next: number | undefined;
  for (const items of Object.values(content.activities)) {
    for (const a of items) {
      for (const at of [a.showFrom, a.showUntil]) {
        const ms = at === undefined ? NaN : Date.parse(at);
        if (ms > nowMs && (next === undefined || ms < next)) next = ms;
      }
    }
  }
  return next;
}

export interface ContentSchedulerDeps {
  contentVersions: Pick<ContentVersionStore, 'latest'>;
  publishing: Pick<CentralConfig, 'broker' | 'topicRoot'>;
  log: CentralLogger;
  nowMs: () => number;
  leader?: { holds(): boolean };
  recheckMs?: number;
  /** Tests replace the broker publish; the default is publishContent. */
  publish?: (messages: readonly ContentMessage[]) => Promise<void>;
}

export class ContentScheduler {
  /** site -> what was last sent to it, for one content version. */
  private readonly sent = new Map<string, { version: number; ids: string }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private started = false;

  constructor(private readonly deps: ContentSchedulerDeps) {}

  start(): void {
    this.started = true;
    void this.tick();
  }

  private async tick(): Promise<void> {
    const next = await this.runOnce();
    if (!this.started) return;
    const now = this.deps.nowMs();
    const recheck = this.deps.recheckMs ?? RECHECK_MS;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, Math.min(recheck, (next ?? Infinity) - now)));
    this.timer.unref();
  }

  /** Publishes the sites whose shown activities changed; answers the next schedule change. A failure is logged and retried at the next run. */
  runOnce(): Promise<number | undefined> {
    const run = this.publishChanges().catch((err: unknown) => {
      this.deps.log.error({ err }, 'publishing scheduled activities failed; will retry');
      return undefined;
    });
    this.running = run.then(() => undefined);
    return run;
  }

  private async publishChanges(): Promise<number | undefined> {
    const { contentVersions, leader, log, nowMs } = this.deps;
    if (leader && !leader.holds()) {
      this.sent.clear();
      return undefined;
    }
    const latest = await contentVersions.latest();
    if (!latest) return undefined;
    const now = nowMs();
    const topics = topicsFor(this.deps.publishing.topicRoot);
    const publishedAt = Date.parse(latest.at);
    const due: { siteId: string; ids: string; message: ContentMessage }[] = [];
    for (const siteId of Object.keys(latest.content.activities)) {
      const sent = this.sent.get(siteId);
      const before = sent?.version === latest.version ? sent.ids : shownIds(latest.content, siteId, publishedAt);
      const ids = shownIds(latest.content, siteId, now);
      if (ids !== before) due.push({ siteId, ids, message: siteActivitiesMessage(latest.content, siteId, topics, new Date(now).toISOString()) });
      else this.sent.set(siteId, { version: latest.version, ids });
    }
    if (due.length > 0) {
      await (this.deps.publish ?? ((messages) => publishContent(this.deps.publishing.broker, messages)))(due.map((d) => d.message));
      for (const d of due) this.sent.set(d.siteId, { version: latest.version, ids: d.ids });
      log.info({ version: latest.version, sites: due.map((d) => d.siteId) }, 'scheduled activities published');
    }
    return nextScheduleChange(latest.content, now);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

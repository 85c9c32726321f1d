/**
 * The console's client of the content admin API (docs/protocol.md §Content admin API),
 * through the shared admin client (admin-api.ts): a site's activities with the version
 * they come from, and saving the whole list from that version; the same for the site's
 * "Join us" panel, its announcements and its stations; its rewards catalogue (with the
 * audited stock corrections) and the city-wide star perks; the history of versions and
 * rolling back to one of them.
 */
import type {
  Activity,
  Announcement,
  AnnouncementsEdit,
  DirectoryEdit,
  DirectoryStation,
  LocalizedText,
  Perk,
  PerksEdit,
  RecruitmentEdit,
  RecruitmentPanel,
  RewardItem,
  RewardsEdit,
  SiteActivitiesEdit,
} from '../../shared/index.ts';
import { AdminApi, AdminApiError, type ManagerCredentials } from './admin-api.ts';

/** A problem or warning the server names by its body path, e.g. `activities.1.startsAt`. */
export interface FieldProblem {
  path: string;
  message: LocalizedText;
}

export interface ContentChangeView {
  section: string;
  siteId?: string;
  text: LocalizedText;
}

export interface SiteContent {
  version: number;
  publishedAt: string | null;
  publishedBy: string | null;
  siteId: string;
  activities: Activity[];
  /** The site's "Join us" panel; null when the site has none. */
  recruitment: RecruitmentPanel | null;
  /** The site's own stations in the directory. */
  directory: DirectoryStation[];
  /** The site's announcements, and the kiosks (by the stations file) they may name. */
  announcements: Announcement[];
  kiosks: string[];
  /** The site's rewards catalogue, `stock` the count on the shelf now (from central's store). */
  rewards: RewardItem[];
  /** itemId -> units on the shelf held by pending reservations. */
  rewardsHeld: Record<string, number>;
  /** The city-wide star perks. */
  perks: Perk[];
}

/** One audited stock correction, newest first. */
export interface StockCorrectionView {
  itemId: string;
  at: string;
  by: string | null;
  /** e.g. `5 -> 3 (shelf 4, held 1)`. */
  detail: string | null;
  reason: string | null;
}

/** One published version of the content file (GET /api/content/versions): `by` is `manager:NAME` or `cli:USER`. */
export interface ContentVersionView {
  version: number;
  at: string;
  by: string;
  summary: string;
}

export type RollbackOutcome =
  | { kind: 'rolled-back'; version: number }
  | { kind: 'content-changed'; message: LocalizedText; changes: ContentChangeView[] };

export type SaveOutcome =
  | { kind: 'saved'; version: number; warnings: FieldProblem[] }
  | { kind: 'invalid'; problems: FieldProblem[]; warnings: FieldProblem[] }
  | { kind: 'content-changed'; message: LocalizedText; current?: { version: number; by: string }; changes: ContentChangeView[] };

export class ContentApi {
  private readonly api: AdminApi;

  /** @param base central's admin origin, '' for this page's own origin. */
  constructor(credentials: ManagerCredentials, base = '', fetchImpl?: typeof fetch) {
    this.api = new AdminApi(credentials, base, fetchImpl);
  }

  async load(siteId: string): Promise<SiteContent> {
    return this.api.get(`/api/content?site=${encodeURIComponent(siteId)}`);
  }

  /** Field problems (400) and a stale base (409) are outcomes; anything else throws AdminApiError. */
  async save(siteId: string, edit: SiteActivitiesEdit): Promise<SaveOutcome> {
    return this.publish(`/api/content?site=${encodeURIComponent(siteId)}`, edit);
  }

  /** The site's "Join us" panel, with the same outcomes as save(). */
  async saveRecruitment(siteId: string, edit: RecruitmentEdit): Promise<SaveOutcome> {
    return this.publish(`/api/content/recruitment?site=${encodeURIComponent(siteId)}`, edit);
  }

  /** The site's whole list of announcements, with the same outcomes as save(). */
  async saveAnnouncements(siteId: string, edit: AnnouncementsEdit): Promise<SaveOutcome> {
    return this.publish(`/api/content/announcements?site=${encodeURIComponent(siteId)}`, edit);
  }

  /** The site's own stations (hours, holidays, contact), with the same outcomes as save(). */
  async saveStations(siteId: string, edit: DirectoryEdit): Promise<SaveOutcome> {
    return this.publish(`/api/content/directory?site=${encodeURIComponent(siteId)}`, edit);
  }

  /** The site's rewards catalogue with its stock corrections; a shelf changed since the load is a `content-changed` outcome too. */
  async saveRewards(siteId: string, edit: RewardsEdit): Promise<SaveOutcome> {
    return this.publish(`/api/content/rewards?site=${encodeURIComponent(siteId)}`, edit);
  }

  /** The city-wide star perks (city managers), with the same outcomes as save(). */
  async savePerks(edit: PerksEdit): Promise<SaveOutcome> {
    return this.publish('/api/content/perks', edit);
  }

  async stockCorrections(siteId: string): Promise<StockCorrectionView[]> {
    return (await this.api.get<{ corrections: StockCorrectionView[] }>(`/api/shop/stock-corrections?site=${encodeURIComponent(siteId)}`)).corrections;
  }

  /** Every version of the content file, newest first. */
  async versions(): Promise<ContentVersionView[]> {
    return (await this.api.get<{ versions: ContentVersionView[] }>('/api/content/versions')).versions;
  }

  /**
   * Publishes version `to`'s file again as a new version, made from `baseVersion`; a version
   * published meanwhile is a `content-changed` outcome, any other refusal throws AdminApiError.
   */
  async rollback(to: number, baseVersion: number): Promise<RollbackOutcome> {
    try {
      const reply = await this.api.post<{ version: { version: number } }>('/api/content/rollback', { to, baseVersion });
      return { kind: 'rolled-back', version: reply.version.version };
    } catch (err) {
      if (err instanceof AdminApiError && err.reason === 'content-changed') {
        const body = err.body as { message: LocalizedText; changes?: ContentChangeView[] };
        return { kind: 'content-changed', message: body.message, changes: body.changes ?? [] };
      }
      throw err;
    }
  }

  private async publish(path: string, edit: object): Promise<SaveOutcome> {
    try {
      const reply = await this.api.put<{ version: { version: number }; warnings: FieldProblem[] }>(path, edit);
      return { kind: 'saved', version: reply.version.version, warnings: reply.warnings };
    } catch (err) {
      if (err instanceof AdminApiError && err.reason === 'invalid-content') {
        return { kind: 'invalid', problems: err.body.problems as FieldProblem[], warnings: (err.body.warnings as FieldProblem[] | undefined) ?? [] };
      }
      if (err instanceof AdminApiError && (err.reason === 'content-changed' || err.reason === 'stock-changed')) {
        const body = err.body as { message: LocalizedText; current?: { version: number; by: string }; changes?: ContentChangeView[] };
        return { kind: 'content-changed', message: body.message, ...(body.current ? { current: body.current } : {}), changes: body.changes ?? [] };
      }
      throw err;
    }
  }
}

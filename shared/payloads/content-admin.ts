/**
 * Protocol v2, the content admin API (docs/protocol.md §Content admin API): what the
 * console sends to edit a site's activities or the station directory. Each item is
 * checked with the same schema the kiosk reads it with.
 */
import * as v from 'valibot';
import { ActivitySchema, DirectoryStationSchema } from './content.ts';
import { RecruitmentPanelSchema } from './recruitment.ts';
import { AnnouncementSchema } from './announcements.ts';
import { RewardItemSchema } from './rewards.ts';
import { PerkSchema } from './perks.ts';

/** The version the edit was made from, as `GET /api/content` gave it. */
export const ContentBaseVersionSchema = v.pipe(
  v.number('must be the version number from GET /api/content'),
  v.integer('must be a whole number'),
  v.minValue(0, 'must not be negative'),
);

/** `PUT /api/content?site=SITE`: the site's whole list of activities. */
export const SiteActivitiesEditSchema = v.strictObject({
  baseVersion: ContentBaseVersionSchema,
  activities: v.array(ActivitySchema),
  /** Check only: the problems, warnings and changes, nothing published. */
  dryRun: v.optional(v.boolean()),
});
export type SiteActivitiesEdit = v.InferOutput<typeof SiteActivitiesEditSchema>;

/** `PUT /api/content/recruitment?site=SITE` (protocol v2): the site's "Join us" panel; `null` removes it. */
export const RecruitmentEditSchema = v.strictObject({
  baseVersion: ContentBaseVersionSchema,
  recruitment: v.nullable(RecruitmentPanelSchema),
  dryRun: v.optional(v.boolean()),
});
export type RecruitmentEdit = v.InferOutput<typeof RecruitmentEditSchema>;

/** `PUT /api/content/announcements?site=SITE` (protocol v2): the site's whole list of announcements. */
export const AnnouncementsEditSchema = v.strictObject({
  baseVersion: ContentBaseVersionSchema,
  announcements: v.array(AnnouncementSchema),
  dryRun: v.optional(v.boolean()),
});
export type AnnouncementsEdit = v.InferOutput<typeof AnnouncementsEditSchema>;

/** `PUT /api/content/directory` (city managers): the whole station directory, every site. */
export const DirectoryEditSchema = v.strictObject({
  baseVersion: ContentBaseVersionSchema,
  directory: v.array(DirectoryStationSchema),
  dryRun: v.optional(v.boolean()),
});
export type DirectoryEdit = v.InferOutput<typeof DirectoryEditSchema>;

const ShelfCountSchema = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be a whole number`), v.minValue(0, `${what} must not be negative`));

/**
 * One item of a site's catalogue as the console edits it: the content file's item, where
 * `stock` is the count on the shelf the manager wants (a stock correction, audited) and
 * `stockSeen` the count `GET /api/content` showed, so a correction made while a hand-over
 * changed the shelf is refused (409 `stock-changed`) instead of undoing it. Without
 * `stock` the item keeps the store's count.
 */
export const RewardEditItemSchema = v.strictObject({
  ...RewardItemSchema.entries,
  stockSeen: v.optional(ShelfCountSchema('stockSeen')),
  /** Why the count changed (counted, damaged, donated...), kept in the audit. */
  stockReason: v.optional(v.pipe(v.string('stockReason must be text'), v.trim(), v.maxLength(200, 'stockReason must be at most 200 characters'))),
});
export type RewardEditItem = v.InferOutput<typeof RewardEditItemSchema>;

/** `PUT /api/content/rewards?site=SITE` (protocol v2): the site's whole rewards catalogue. */
export const RewardsEditSchema = v.strictObject({
  baseVersion: ContentBaseVersionSchema,
  rewards: v.array(RewardEditItemSchema),
  dryRun: v.optional(v.boolean()),
});
export type RewardsEdit = v.InferOutput<typeof RewardsEditSchema>;

/** `PUT /api/content/perks` (protocol v2, city managers): the city-wide star perks. */
export const PerksEditSchema = v.strictObject({
  baseVersion: ContentBaseVersionSchema,
  perks: v.array(PerkSchema),
  dryRun: v.optional(v.boolean()),
});
export type PerksEdit = v.InferOutput<typeof PerksEditSchema>;

/** `POST /api/content/rollback`: publish version `to` (default: the one before the latest) again. */
export const ContentRollbackRequestSchema = v.strictObject({
  to: v.optional(v.pipe(v.number('must be a version number'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'))),
  baseVersion: v.optional(ContentBaseVersionSchema),
});
export type ContentRollbackRequest = v.InferOutput<typeof ContentRollbackRequestSchema>;

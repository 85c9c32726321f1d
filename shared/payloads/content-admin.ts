/**
 * Protocol v2, the content admin API (docs/protocol.md §Content admin API): what the
 * console sends to edit a site's activities or the station directory. Each item is
 * checked with the same schema the kiosk reads it with.
 */
import * as v from 'valibot';
import { ActivitySchema, DirectoryStationSchema } from './content.ts';
import { RecruitmentPanelSchema } from './recruitment.ts';
import { AnnouncementSchema } from './announcements.ts';

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

/** `POST /api/content/rollback`: publish version `to` (default: the one before the latest) again. */
export const ContentRollbackRequestSchema = v.strictObject({
  to: v.optional(v.pipe(v.number('must be a version number'), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'))),
  baseVersion: v.optional(ContentBaseVersionSchema),
});
export type ContentRollbackRequest = v.InferOutput<typeof ContentRollbackRequestSchema>;

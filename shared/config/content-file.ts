/**
 * The file that `central content publish FILE.json` reads: activities per site and
 * the station directory, published retained as Activities and StationDirectory, and
 * (protocol v2) the star perks, published retained as Perks on `R/perks`, and
 * (protocol v2) each site's rewards catalogue, written into central's store, and
 * (protocol v2) each site's "Join us" recruitment panel on `R/sites/{siteId}/recruitment`, and
 * (protocol v2) each site's announcements on `R/sites/{siteId}/announcements`.
 */
import * as v from 'valibot';
import { ActivitySchema, DirectoryStationSchema } from '../payloads/content.ts';
import { RewardItemSchema } from '../payloads/rewards.ts';
import { IdSchema, ProtocolVersionSchema } from '../schema-kit.ts';
import { PerkSchema } from '../payloads/perks.ts';
import { RecruitmentPanelSchema } from '../payloads/recruitment.ts';
import { AnnouncementSchema } from '../payloads/announcements.ts';

export const ContentFileSchema = v.strictObject({
  v: ProtocolVersionSchema,
  /** siteId -> that site's activities. */
  activities: v.record(IdSchema, v.array(ActivitySchema)),
  directory: v.array(DirectoryStationSchema),
  /** Protocol v2: star perks, city-wide; absent: nothing is published on `R/perks`. */
  perks: v.optional(v.array(PerkSchema)),
  /** Protocol v2: siteId -> that site's rewards catalogue (爱心超市); optional, and a site left out keeps its catalogue. */
  rewards: v.optional(v.record(IdSchema, v.array(RewardItemSchema))),
  /** Protocol v2: siteId -> that site's "Join us" panel; a site left out has none. */
  recruitment: v.optional(v.record(IdSchema, RecruitmentPanelSchema)),
  /** Protocol v2: siteId -> that site's announcements, shown by their kiosks from/until their times. */
  announcements: v.optional(v.record(IdSchema, v.array(AnnouncementSchema))),
});
export type ContentFile = v.InferOutput<typeof ContentFileSchema>;

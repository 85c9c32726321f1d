/**
 * Protocol v2, a site's announcements as content (issue 16): a bilingual notice for the
 * site's kiosks (or some of them) from/until set times, edited in the console instead of
 * typed into an `announce` command. Retained per site on `R/sites/{siteId}/announcements`
 * with every item, future ones too, so a kiosk that is offline when one is due still
 * shows it and takes it down on time. An `announce` command (v1) still works and wins
 * while it is up.
 */
import * as v from 'valibot';
import { IdSchema, LocalizedTextSchema, TimestampSchema } from '../schema-kit.ts';
import { isScheduledToShow, showWindowCheck } from './content.ts';

export const AnnouncementSchema = v.pipe(
  v.strictObject({
    id: IdSchema,
    text: LocalizedTextSchema,
    /** The kiosks that show it; absent: every kiosk of the site. */
    kiosks: v.optional(v.pipe(v.array(IdSchema), v.minLength(1, 'must name at least one kiosk, or be left out for all of the site\'s kiosks'))),
    showFrom: v.optional(TimestampSchema),
    showUntil: v.optional(TimestampSchema),
  }),
  showWindowCheck(),
);
export type Announcement = v.InferOutput<typeof AnnouncementSchema>;

export const AnnouncementsSchema = v.looseObject({
  v: v.literal(2, 'must be 2 (protocol v2)'),
  updatedAt: TimestampSchema,
  siteId: IdSchema,
  items: v.array(AnnouncementSchema),
});
export type Announcements = v.InferOutput<typeof AnnouncementsSchema>;

/** What `kioskId` shows at `nowMs`: the first item meant for it whose time it is. */
export function announcementFor(items: readonly Announcement[], kioskId: string, nowMs: number): Announcement | undefined {
  return items.find((item) => (item.kiosks === undefined || item.kiosks.includes(kioskId)) && isScheduledToShow(item, nowMs));
}

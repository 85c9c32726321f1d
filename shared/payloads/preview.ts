/**
 * The console's kiosk preview (issue 16): the console frames the real kiosk page with
 * `?preview=1` and sends it a draft of a site's content by `window.postMessage`, in the
 * payload shapes the kiosk gets over MQTT. The kiosk validates the draft with the same
 * schemas as those payloads before it shows anything. Nothing here is ever published.
 */
import * as v from 'valibot';
import { IdSchema } from '../schema-kit.ts';
import { ActivitiesSchema, StationDirectorySchema } from './content.ts';
import { AnnouncementsSchema } from './announcements.ts';
import { RecruitmentSchema } from './recruitment.ts';

/** The kiosk page's query parameter that turns on preview mode. */
export const PREVIEW_QUERY = 'preview';
/** The kiosk tells the framing console it listens, so a draft sent before the page loaded is sent again. */
export const PREVIEW_READY = 'vs-kiosk-preview-ready';
export const PREVIEW_DRAFT = 'vs-kiosk-preview-draft';

export const PREVIEW_SCREENS = ['home', 'activities', 'stations'] as const;
export type PreviewScreen = (typeof PREVIEW_SCREENS)[number];

export const PreviewDraftSchema = v.strictObject({
  type: v.literal(PREVIEW_DRAFT),
  locale: v.picklist(['zh-CN', 'en']),
  screen: v.picklist(PREVIEW_SCREENS),
  /** The station the preview stands at ("you are here", its name on the home screen). */
  stationId: v.optional(IdSchema),
  content: v.strictObject({
    activities: v.optional(ActivitiesSchema),
    directory: v.optional(StationDirectorySchema),
    announcements: v.optional(AnnouncementsSchema),
    recruitment: v.optional(RecruitmentSchema),
  }),
});
export type PreviewDraft = v.InferOutput<typeof PreviewDraftSchema>;

/**
 * Protocol v2, "Join us" on the kiosk (issue 16): a site's recruitment panel, like the
 * 招募志愿者 board at a community centre's door. Retained per site on
 * `R/sites/{siteId}/recruitment`; the kiosk shows the text and a QR to the programme's
 * registration page while `show` is true. The text stays in the content file while a
 * site has the panel turned off.
 */
import * as v from 'valibot';
import { HttpUrlSchema, IdSchema, LocalizedTextSchema, TimestampSchema } from '../schema-kit.ts';

/** One site's panel as the content file and the editor hold it. */
export const RecruitmentPanelSchema = v.strictObject({
  show: v.boolean(),
  text: LocalizedTextSchema,
  /** The registration page the QR opens on a phone. */
  url: HttpUrlSchema,
});
export type RecruitmentPanel = v.InferOutput<typeof RecruitmentPanelSchema>;

export const RecruitmentSchema = v.looseObject({
  v: v.literal(2, 'must be 2 (protocol v2)'),
  updatedAt: TimestampSchema,
  siteId: IdSchema,
  ...RecruitmentPanelSchema.entries,
});
export type Recruitment = v.InferOutput<typeof RecruitmentSchema>;

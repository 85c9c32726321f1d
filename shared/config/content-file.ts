/**
 * The file that `central content publish FILE.json` reads: activities per site and
 * the station directory, published retained as Activities and StationDirectory, and
 * (protocol v2) the star perks, published retained as Perks on `R/perks`.
 */
import * as v from 'valibot';
import { ActivitySchema, DirectoryStationSchema } from '../payloads/content.ts';
import { IdSchema, ProtocolVersionSchema } from '../schema-kit.ts';
import { PerkSchema } from '../payloads/perks.ts';

export const ContentFileSchema = v.strictObject({
  v: ProtocolVersionSchema,
  /** siteId -> that site's activities. */
  activities: v.record(IdSchema, v.array(ActivitySchema)),
  directory: v.array(DirectoryStationSchema),
  /** Protocol v2: star perks, city-wide; absent: nothing is published on `R/perks`. */
  perks: v.optional(v.array(PerkSchema)),
});
export type ContentFile = v.InferOutput<typeof ContentFileSchema>;

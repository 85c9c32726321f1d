/**
 * The file that `central content publish FILE.json` reads: activities per site and
 * the station directory, published retained as Activities and StationDirectory.
 */
import * as v from 'valibot';
import { ActivitySchema, DirectoryStationSchema } from '../payloads/content.ts';
import { IdSchema, ProtocolVersionSchema } from '../schema-kit.ts';

export const ContentFileSchema = v.strictObject({
  v: ProtocolVersionSchema,
  /** siteId -> that site's activities. */
  activities: v.record(IdSchema, v.array(ActivitySchema)),
  directory: v.array(DirectoryStationSchema),
});
export type ContentFile = v.InferOutput<typeof ContentFileSchema>;

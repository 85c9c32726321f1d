/**
 * Protocol v2 photos (docs/protocol.md §Media): an uploaded image is stored and sent as WebP,
 * named by the SHA-256 of the kiosk-size bytes. A content file holds only that id, never an
 * address, so a kiosk can never be told to load an image from outside the deployment.
 */
import * as v from 'valibot';

export const MEDIA_ID_PATTERN = /^[0-9a-f]{64}$/;

/** A media id: 64 lower-case hex digits (SHA-256), nothing an URL could hide in. */
export const MediaIdSchema = v.pipe(v.string(), v.regex(MEDIA_ID_PATTERN, 'must be a media id (64 hex digits) from the photo upload (POST /api/media)'));

export function isMediaId(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_ID_PATTERN.test(value);
}

/** The widths made of an upload (never upscaled): the console's thumbnail and the kiosk's photo. */
export const MEDIA_WIDTHS = [480, 960] as const;
/** The width kiosks get over MQTT; the media id is the SHA-256 of this size's bytes. */
export const KIOSK_MEDIA_WIDTH = 960;
export const MEDIA_CONTENT_TYPE = 'image/webp';

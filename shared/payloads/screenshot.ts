/**
 * Protocol v2: a thumbnail of a kiosk's screen on request (docs/protocol.md §Screenshots).
 * The console sends the `screenshot` command on `R/stations/{stationId}/cmd`; the station's
 * screen watchdog answers on `R/stations/{stationId}/screenshot`, QoS 1, never retained, so
 * a picture of a public screen is never kept by the broker. Only manager accounts may send
 * commands and read the answers (broker-config/provision/acl.ts).
 */
import * as v from 'valibot';
import { IdSchema, TimestampSchema } from '../schema-kit.ts';
import { ProtocolV2Schema } from './pairing.ts';

/** A JPEG of at most 100 KB, base64: 100 KB is 136,534 characters. */
export const SCREENSHOT_MAX_BYTES = 100 * 1024;
const MAX_BASE64 = Math.ceil(SCREENSHOT_MAX_BYTES / 3) * 4;

export const SCREENSHOT_FAILURES = ['no-watchdog', 'capture-failed'] as const;
export type ScreenshotFailure = (typeof SCREENSHOT_FAILURES)[number];

const ReplyBase = {
  v: ProtocolV2Schema,
  /** The command's `id`, so the console matches the answer to its request. */
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  stationId: IdSchema,
  kioskId: v.optional(IdSchema),
  /** When the screen was captured (or the capture failed), station clock. */
  at: TimestampSchema,
};

export const ScreenshotReplySchema = v.variant('ok', [
  v.looseObject({
    ...ReplyBase,
    ok: v.literal(true),
    image: v.looseObject({
      type: v.literal('image/jpeg'),
      width: v.pipe(v.number(), v.integer(), v.minValue(1)),
      height: v.pipe(v.number(), v.integer(), v.minValue(1)),
      /** Base64 of the JPEG bytes. */
      data: v.pipe(v.string(), v.minLength(4), v.maxLength(MAX_BASE64), v.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')),
    }),
    /**
     * True when something personal (a tap's result, a pairing or desk prompt, the manager
     * panel) was still on screen after the watchdog waited for it to go: the picture is blurred.
     */
    blurred: v.boolean(),
  }),
  v.looseObject({
    ...ReplyBase,
    ok: v.literal(false),
    error: v.picklist(SCREENSHOT_FAILURES),
    detail: v.optional(v.pipe(v.string(), v.maxLength(500))),
  }),
]);
export type ScreenshotReply = v.InferOutput<typeof ScreenshotReplySchema>;

/** Building blocks shared by every payload and config schema (valibot). */
import * as v from 'valibot';
import { CARD_UID_PATTERN } from './card-uid.ts';
import { ID_PATTERN, ID_RULE } from './ids.ts';
import { isValidTopicRoot } from './topics.ts';

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, `must be ${ID_RULE}`));
export const UuidSchema = v.pipe(v.string(), v.uuid('must be a UUID'));
export const CardUidSchema = v.pipe(v.string(), v.regex(CARD_UID_PATTERN, 'must be 8 to 20 upper-case hex digits, whole bytes, no separators'));

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    return new URL(text).hostname !== '';
  } catch {
    return false;
  }
}

/** A web address a phone opens (a sign-up or registration page): http(s) only, one problem when it is not. */
export const HttpUrlSchema = v.pipe(v.string(), v.check(isHttpUrl, 'must be an http(s) URL, e.g. https://volunteer.example.org/join'));

/** ISO-8601 UTC with milliseconds, as `Date.prototype.toISOString()` writes it. */
const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const TimestampSchema = v.pipe(
  v.string(),
  v.regex(ISO_UTC_MILLIS, 'must be an ISO-8601 UTC time with milliseconds, e.g. 2026-11-29T08:30:00.000Z'),
  // Date.parse rolls 2026-02-30 over to 2 March; only a real time writes itself back unchanged.
  // Judged only when the form is right, so a malformed time gets one message, not two.
  v.check((s) => !ISO_UTC_MILLIS.test(s) || (!Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s), 'must be a real calendar time'),
);

/** A local calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const LocalDateSchema = v.pipe(
  v.string(),
  v.check((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === s;
  }, 'must be a calendar date YYYY-MM-DD'),
);

export const LocalizedTextSchema = v.strictObject({
  zh: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  en: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
});
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

export const TopicRootSchema = v.pipe(
  v.string(),
  v.check(isValidTopicRoot, 'must be topic levels separated by "/", no leading "/", no "+" or "#"'),
);

export const ProtocolVersionSchema = v.literal(1, 'must be 1 (protocol v1)');

export const BrokerConnectionSchema = v.strictObject({
  url: v.pipe(v.string(), v.regex(/^(mqtts?|wss?|tcp|tls):\/\/[^\s]+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')),
  username: v.optional(v.pipe(v.string(), v.minLength(1))),
  password: v.optional(v.string()),
});

export const PortSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));
export const HostPortSchema = v.strictObject({
  host: v.optional(v.string(), '127.0.0.1'),
  port: PortSchema,
});

export const NonNegativeIntSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

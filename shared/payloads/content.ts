/** Activities and StationDirectory (protocol v1 §Payloads): `{v, updatedAt, items}`, texts as `{zh, en}`. */
import * as v from 'valibot';
import { MediaIdSchema } from './media.ts';
import { HttpUrlSchema, IdSchema, LocalDateSchema, LocalizedTextSchema, ProtocolVersionSchema, TimestampSchema } from '../schema-kit.ts';

/** The city's service categories, keyed by a stable slug. */
export const SERVICE_CATEGORIES = {
  'civilised-tourism': { zh: '文明旅游', en: 'Civilised tourism' },
  'civilised-traffic': { zh: '文明交通', en: 'Civilised traffic' },
  'culture-arts': { zh: '文化文艺', en: 'Culture and arts' },
  'education-support': { zh: '助学支教', en: 'Tutoring and education' },
  'smart-elder-care': { zh: '智慧助老', en: 'Digital help for seniors' },
  'mental-health': { zh: '心理健康', en: 'Mental health' },
  'environment': { zh: '环境保护', en: 'Environmental protection' },
  'legal-aid': { zh: '法律援助', en: 'Legal aid' },
  'science': { zh: '科学普及', en: 'Science outreach' },
  'public-safety': { zh: '社会治安', en: 'Public safety' },
} as const;
export type ServiceCategory = keyof typeof SERVICE_CATEGORIES;
export const SERVICE_CATEGORY_KEYS = Object.keys(SERVICE_CATEGORIES) as ServiceCategory[];

const LocalTimeSchema = v.pipe(v.string(), v.regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a 24-hour time HH:MM'));

export const ActivitySchema = v.pipe(
  v.looseObject({
    id: IdSchema,
    title: LocalizedTextSchema,
    category: v.picklist(SERVICE_CATEGORY_KEYS, `must be one of ${SERVICE_CATEGORY_KEYS.join(', ')}`),
    startsAt: TimestampSchema,
    endsAt: TimestampSchema,
    place: LocalizedTextSchema,
    organiser: LocalizedTextSchema,
    description: v.optional(LocalizedTextSchema),
    signupUrl: v.optional(HttpUrlSchema),
    stationId: v.optional(IdSchema),
    /** Protocol v2: kiosks show the activity only from this time (central publishes it then). */
    showFrom: v.optional(TimestampSchema),
    /** Protocol v2: and only until this time. */
    showUntil: v.optional(TimestampSchema),
    /** Protocol v2: a photo, by media id (shared/payloads/media.ts); kiosks get its bytes on `R/media/{id}`. */
    photo: v.optional(MediaIdSchema),
    /** Protocol v2: called off; kiosks keep it listed, marked cancelled, and central offers no check-in for it. */
    cancelled: v.optional(v.literal(true, 'must be true, or left out when the activity goes ahead')),
  }),
  // Reported at endsAt, so a form shows it beside the end time.
  v.forward(
    v.check((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), 'endsAt must be after startsAt'),
    ['endsAt'],
  ),
  showWindowCheck(),
);

/** Protocol v2: a shown-from/until window ends after it starts; reported at showUntil, so a form shows it beside that field. */
export function showWindowCheck<T extends Record<string, unknown> & { showFrom?: string; showUntil?: string }>(): v.BaseValidation<T, T, v.CheckIssue<T>> {
  return v.forward<T, v.CheckIssue<T>, ['showUntil']>(
    v.check((a) => a.showFrom === undefined || a.showUntil === undefined || Date.parse(a.showUntil) > Date.parse(a.showFrom), 'showUntil must be after showFrom'),
    ['showUntil'] as never,
  );
}

/** Whether kiosks show `activity` at `nowMs` by its schedule (protocol v2 showFrom/showUntil); ended ones are the screens' business. */
export function isScheduledToShow(activity: Pick<Activity, 'showFrom' | 'showUntil'>, nowMs: number): boolean {
  return (activity.showFrom === undefined || Date.parse(activity.showFrom) <= nowMs) && (activity.showUntil === undefined || nowMs < Date.parse(activity.showUntil));
}
export type Activity = v.InferOutput<typeof ActivitySchema>;

export const ActivitiesSchema = v.looseObject({
  v: ProtocolVersionSchema,
  updatedAt: TimestampSchema,
  siteId: v.optional(IdSchema),
  items: v.array(ActivitySchema),
});
export type Activities = v.InferOutput<typeof ActivitiesSchema>;

/** Opening hours: days are ISO weekdays, 1 = Monday … 7 = Sunday; times are the station's local time. */
export const OpeningHoursSchema = v.pipe(
  v.strictObject({
    days: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7))), v.minLength(1)),
    opens: LocalTimeSchema,
    closes: LocalTimeSchema,
  }),
  v.check((h) => h.closes > h.opens, 'closes must be after opens'),
);
export type OpeningHours = v.InferOutput<typeof OpeningHoursSchema>;

const DayHoursSchema = v.pipe(
  v.strictObject({ opens: LocalTimeSchema, closes: LocalTimeSchema }),
  v.check((h) => h.closes > h.opens, 'closes must be after opens'),
);

/**
 * Protocol v2: a holiday exception. On every day from `from` to `until` (inclusive; one
 * day if left out) the station keeps `hours` instead of its weekly hours: none means
 * closed ("closed 1–3 Oct"), one or more mean special hours ("open 9–12 on 1 Jan").
 */
export const HoursExceptionSchema = v.pipe(
  v.strictObject({
    from: LocalDateSchema,
    until: v.optional(LocalDateSchema),
    hours: v.array(DayHoursSchema),
    /** Why, e.g. {zh: '国庆节', en: 'National Day'}. */
    note: v.optional(LocalizedTextSchema),
  }),
  v.forward(
    v.check((e) => e.until === undefined || e.until >= e.from, 'must be on or after the first day (from)'),
    ['until'],
  ),
);
export type HoursException = v.InferOutput<typeof HoursExceptionSchema>;

export const DirectoryStationSchema = v.looseObject({
  stationId: IdSchema,
  siteId: IdSchema,
  name: LocalizedTextSchema,
  address: LocalizedTextSchema,
  kind: v.optional(v.picklist(['community-centre', 'park', 'scenic-spot', 'transit', 'other'])),
  location: v.strictObject({
    lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
    lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
  }),
  services: v.array(LocalizedTextSchema),
  hours: v.array(OpeningHoursSchema),
  /** Protocol v2: holiday exceptions to `hours`; v1 kiosks ignore the field and keep the weekly hours. */
  exceptions: v.optional(v.array(HoursExceptionSchema)),
  /** IANA zone the hours are in; defaults to Asia/Shanghai. */
  timeZone: v.optional(v.string()),
  phone: v.optional(v.string()),
});
export type DirectoryStation = v.InferOutput<typeof DirectoryStationSchema>;

export const StationDirectorySchema = v.looseObject({
  v: ProtocolVersionSchema,
  updatedAt: TimestampSchema,
  items: v.array(DirectoryStationSchema),
});
export type StationDirectory = v.InferOutput<typeof StationDirectorySchema>;

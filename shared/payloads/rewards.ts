/**
 * Protocol v2, the rewards shop (爱心超市; docs/protocol.md §Time bank: the rewards shop):
 * - the catalogue items of the content file (`rewards` per site);
 * - RewardsView, retained on `R/sites/{siteId}/rewards`, what the kiosk's Rewards screen
 *   shows: prices and an availability bucket, never an exact count or anything personal;
 * - the card-only desk: DeskPrompt on `R/stations/{S}/desk` (central -> kiosk) and
 *   DeskAnswer on `R/stations/{S}/desk-answers` (kiosk -> central), QoS 1, never retained;
 * - the phone's reservation request.
 */
import * as v from 'valibot';
import { IdSchema, LocalizedTextSchema, TimestampSchema, UuidSchema } from '../schema-kit.ts';
import { ProtocolV2Schema } from './pairing.ts';

const PositiveIntSchema = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be a whole number`), v.minValue(1, `${what} must be at least 1`));

/** A path below the kiosk's content folder: letters, digits, `-`, `_`, `.`, `/`, no `..`, ending in an image type. */
export const REWARD_PHOTO_PATTERN = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_./-]{0,199}\.(webp|png|jpe?g|svg)$/;

/** One item of a site's catalogue in the content file. `stock`, when present, is the count on the shelf now (a stock correction). */
export const RewardItemSchema = v.strictObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  price: PositiveIntSchema('price'),
  stock: v.optional(v.pipe(v.number('stock must be a number'), v.integer('stock must be a whole number'), v.minValue(0, 'stock must not be negative'))),
  photo: v.optional(v.pipe(v.string(), v.regex(REWARD_PHOTO_PATTERN, 'must be a relative image path like rewards/rice.webp (no "..")'))),
  monthlyLimit: v.optional(PositiveIntSchema('monthlyLimit')),
});
export type RewardItem = v.InferOutput<typeof RewardItemSchema>;

export const REWARD_AVAILABILITY = ['available', 'few-left', 'out'] as const;
export type RewardAvailability = (typeof REWARD_AVAILABILITY)[number];

export const RewardsViewItemSchema = v.looseObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  price: PositiveIntSchema('price'),
  availability: v.picklist(REWARD_AVAILABILITY),
  photo: v.optional(v.pipe(v.string(), v.regex(REWARD_PHOTO_PATTERN))),
  monthlyLimit: v.optional(PositiveIntSchema('monthlyLimit')),
});
export type RewardsViewItem = v.InferOutput<typeof RewardsViewItemSchema>;

/** `R/sites/{siteId}/rewards`, retained, QoS 1: republished by central when an item's bucket changes. */
export const RewardsViewSchema = v.looseObject({
  v: ProtocolV2Schema,
  updatedAt: TimestampSchema,
  siteId: IdSchema,
  items: v.array(RewardsViewItemSchema),
});
export type RewardsView = v.InferOutput<typeof RewardsViewSchema>;

/**
 * `R/stations/{stationId}/desk`, central -> kiosk. `checkinId` is the card tap (the Tap's
 * `id`) that opened it: a kiosk shows a prompt only for a tap it showed. `confirm` asks
 * the card holder to confirm taking `item` for `price` points; `closed` takes it down.
 */
export const DeskPromptSchema = v.variant('state', [
  v.looseObject({
    v: ProtocolV2Schema,
    state: v.literal('confirm'),
    checkinId: UuidSchema,
    /** Masked, as Result.volunteer.displayName. */
    displayName: v.string(),
    item: LocalizedTextSchema,
    price: PositiveIntSchema('price'),
    balance: v.pipe(v.number(), v.integer(), v.minValue(0)),
    expiresAt: TimestampSchema,
  }),
  v.looseObject({
    v: ProtocolV2Schema,
    state: v.literal('closed'),
    checkinId: UuidSchema,
    outcome: v.picklist(['redeemed', 'declined', 'expired', 'cancelled', 'refused']),
  }),
]);
export type DeskPrompt = v.InferOutput<typeof DeskPromptSchema>;

/** `R/stations/{stationId}/desk-answers`, kiosk -> central: the card holder's yes or no, taken once. */
export const DeskAnswerSchema = v.looseObject({
  v: ProtocolV2Schema,
  checkinId: UuidSchema,
  kioskId: IdSchema,
  confirmed: v.boolean(),
  at: TimestampSchema,
});
export type DeskAnswer = v.InferOutput<typeof DeskAnswerSchema>;

/** `POST /phone/api/reservations`: the item at the phone's site, and the client's request id (retries count once). */
export const ReservationRequestSchema = v.strictObject({
  siteId: IdSchema,
  itemId: IdSchema,
  requestId: UuidSchema,
});
export type ReservationRequest = v.InferOutput<typeof ReservationRequestSchema>;

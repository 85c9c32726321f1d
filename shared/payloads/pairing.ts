/**
 * Protocol v2: linking a phone to a volunteer at a station (docs/protocol.md §Linking a
 * phone). Central tells the kiosk, after the volunteer's own card tap, which codes to
 * offer; the kiosk answers with the code the volunteer picked, or with "not me".
 * Neither message carries a full name, a card uid or a volunteer number.
 */
import * as v from 'valibot';
import { IdSchema, TimestampSchema, UuidSchema } from '../schema-kit.ts';

export const ProtocolV2Schema = v.literal(2, 'must be 2 (protocol v2)');

/** The 4-digit code a phone shows while it waits to be linked. */
export const PAIRING_CODE_PATTERN = /^\d{4}$/;
export const PairingCodeSchema = v.pipe(v.string(), v.regex(PAIRING_CODE_PATTERN, 'must be 4 digits'));

/** A kiosk offers between 2 and 6 codes: the phone's own among decoys. */
const ChoicesSchema = v.pipe(v.array(PairingCodeSchema), v.minLength(2), v.maxLength(6));

/**
 * `R/stations/{stationId}/pairing`, central -> kiosk, QoS 1, never retained.
 * `checkinId` is the card tap (the Tap's `id`) that proved the card; a kiosk shows a
 * prompt only for a tap it saw itself.
 */
export const PairingPromptSchema = v.variant('state', [
  v.looseObject({
    v: ProtocolV2Schema,
    state: v.literal('choose'),
    checkinId: UuidSchema,
    /** Masked for a public screen, as Result.volunteer.displayName. */
    displayName: v.string(),
    choices: ChoicesSchema,
    expiresAt: TimestampSchema,
  }),
  v.looseObject({
    v: ProtocolV2Schema,
    state: v.literal('limit'),
    checkinId: UuidSchema,
    displayName: v.string(),
    maxPhones: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.looseObject({
    v: ProtocolV2Schema,
    state: v.literal('closed'),
    checkinId: UuidSchema,
    outcome: v.picklist(['linked', 'declined', 'expired', 'limit']),
  }),
]);
export type PairingPrompt = v.InferOutput<typeof PairingPromptSchema>;

/**
 * `R/stations/{stationId}/pairing-answers`, kiosk -> central, QoS 1, never retained.
 * `choice` is the code the volunteer touched, or null for "this is not me".
 */
export const PairingAnswerSchema = v.looseObject({
  v: ProtocolV2Schema,
  checkinId: UuidSchema,
  kioskId: IdSchema,
  choice: v.nullable(PairingCodeSchema),
  at: TimestampSchema,
});
export type PairingAnswer = v.InferOutput<typeof PairingAnswerSchema>;

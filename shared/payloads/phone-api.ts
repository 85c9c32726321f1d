/**
 * Protocol v2: the JSON API between the volunteer's phone app (`phone/`) and the central
 * service's public listener (docs/protocol.md §Phone API). Requests are validated with
 * these schemas on the server; the reply types are what the phone app reads.
 * The device cookie and the ticket are what tie a request to one phone: the ticket is
 * sent in the body, never in a URL.
 */
import * as v from 'valibot';
import { IdSchema, type LocalizedText } from '../schema-kit.ts';
import type { ServiceCategoryId } from '../timebank/categories.ts';

const TextSchema = (max: number) => v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));

/** The rotating QR token from the page's address, and the ticket the page was served with. */
const AdmittedFields = {
  token: TextSchema(200),
  ticket: TextSchema(200),
};

/** A WebAuthn credential as `@simplewebauthn/browser` serialises it; the server verifies the rest. */
export const WebAuthnResponseSchema = v.looseObject({
  id: TextSchema(1400),
  rawId: TextSchema(1400),
  type: v.literal('public-key'),
  response: v.looseObject({ clientDataJSON: TextSchema(4000) }),
});

/** What a volunteer may type: checked loosely here so a bad number gets a page, not a schema error. */
const TypedVolunteerSchema = v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters'));

export const PhoneCheckinRequestSchema = v.strictObject({
  ...AdmittedFields,
  /** Optional: a number typed on the phone must be the bound volunteer's own. */
  volunteer: v.optional(TypedVolunteerSchema),
  /** Present on a phone linked with a passkey. */
  assertion: v.optional(WebAuthnResponseSchema),
  lang: v.optional(v.picklist(['zh', 'en'])),
  /** Protocol v2: checking in for one of today's activities at this station (the page's `activities`); absent: general service. */
  activityId: v.optional(IdSchema),
});
export type PhoneCheckinRequest = v.InferOutput<typeof PhoneCheckinRequestSchema>;

export const PasskeyCheckinOptionsRequestSchema = v.strictObject({ ...AdmittedFields });

export const PairingStartRequestSchema = v.strictObject({
  ...AdmittedFields,
  volunteer: TypedVolunteerSchema,
});
export type PairingStartRequest = v.InferOutput<typeof PairingStartRequestSchema>;

export const PasskeyRegistrationRequestSchema = v.strictObject({ response: WebAuthnResponseSchema });

/** Why the phone's request was refused; every reason has a bilingual message in the reply. */
export type PhoneRefusalReason =
  | 'malformed'
  | 'forged'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-station'
  | 'unknown-station'
  | 'other-device'
  | 'bad-volunteer-number'
  | 'phone-not-linked'
  | 'not-this-phone'
  | 'passkey-required'
  | 'passkey-failed'
  | 'replayed'
  | 'throttled'
  | 'no-pairing'
  | 'passkey-unavailable'
  | 'unknown-activity'
  | 'unavailable';

export interface PhoneRefusalReply {
  ok: false;
  reason: PhoneRefusalReason;
  message: LocalizedText;
  /** With `throttled` (HTTP 429), as the Retry-After header. */
  retryAfterSeconds?: number;
}

/**
 * Protocol v2: one of today's activities at the page's station, as the check-in page
 * offers it (`<meta name="vs-visit">`); `time` is the local `HH:MM–HH:MM`.
 */
export interface CheckInActivity {
  id: string;
  title: LocalizedText;
  category: ServiceCategoryId;
  time: string;
}

/** Only what the linked volunteer needs about their own check-in. */
export interface PhoneCheckinView {
  status: 'accepted' | 'duplicate' | 'rejected';
  direction?: 'in' | 'out';
  sessionStartedAt?: string;
  sessionMinutes?: number;
  pointsEarned?: number;
  minutesToday?: number;
  points?: number;
}

export interface PhoneCheckinReply {
  ok: true;
  checkin: PhoneCheckinView;
  message: LocalizedText;
}

export type PairingPhase = 'awaiting-tap' | 'awaiting-confirm' | 'linked' | 'declined' | 'expired' | 'limit' | 'cancelled';

export interface PairingView {
  phase: PairingPhase;
  /** Shown on the phone while it waits; the kiosk offers the same code after the card tap. */
  code?: string;
  expiresAt?: string;
  stationName?: LocalizedText;
}

export type PhoneCredentialKind = 'device-key' | 'passkey';

/** `GET /phone/api/me`: what this phone is; nothing about any other volunteer. */
export type PhoneStateReply =
  | { linked: false; pairing?: PairingView; passkeys: boolean }
  | {
      linked: true;
      volunteerId: string;
      displayName: string;
      credential: PhoneCredentialKind;
      linkedAt: string;
      /** The passkey may still be added to this binding (a short window after linking). */
      canAddPasskey: boolean;
      passkeys: boolean;
    };

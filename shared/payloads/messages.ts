/**
 * Payload schemas of protocol v1 §Payloads. Payloads are loose objects: a sender
 * may add optional fields, and a receiver keeps working with them.
 */
import * as v from 'valibot';
import { CardUidSchema, IdSchema, LocalizedTextSchema, NonNegativeIntSchema, ProtocolVersionSchema, TimestampSchema, UuidSchema } from '../schema-kit.ts';

export const CardTechSchema = v.picklist(['em4100', 'iso14443a', 'other']);
export type CardTech = v.InferOutput<typeof CardTechSchema>;

export const CheckInSchema = v.looseObject({
  v: ProtocolVersionSchema,
  id: UuidSchema,
  stationId: IdSchema,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1, 'must be 1 or more')),
  method: v.literal('card'),
  card: v.looseObject({ uid: CardUidSchema, tech: CardTechSchema }),
  at: TimestampSchema,
});
export type CheckIn = v.InferOutput<typeof CheckInSchema>;

export const ResultStatusSchema = v.picklist(['accepted', 'duplicate', 'rejected']);
export type ResultStatus = v.InferOutput<typeof ResultStatusSchema>;

export const ResultSchema = v.looseObject({
  v: ProtocolVersionSchema,
  id: UuidSchema,
  status: ResultStatusSchema,
  at: TimestampSchema,
  direction: v.optional(v.picklist(['in', 'out'])),
  /**
   * Machine-readable, e.g. `unknown-card`, `card-disabled`. Protocol v2 adds
   * `clock-ahead`: the CheckIn's `at` was more than 2 minutes ahead of central's clock,
   * so it was recorded as evidence and credited nothing.
   */
  reason: v.optional(v.pipe(v.string(), v.minLength(1))),
  method: v.optional(v.picklist(['card', 'qr'])),
  volunteer: v.optional(
    v.looseObject({
      displayName: v.string(),
      minutesToday: NonNegativeIntSchema,
      points: v.number(),
      /** Protocol v2: the volunteer's awarded star (1–5), absent for none; a v1 kiosk ignores it. */
      star: v.optional(v.number()),
    }),
  ),
  /** When the open session began: "already checked in at 09:02" on a duplicate, the start on check-out. */
  sessionStartedAt: v.optional(TimestampSchema),
  /** Length of the session a check-out closed. */
  sessionMinutes: v.optional(NonNegativeIntSchema),
  /** Points this check-out earned. */
  pointsEarned: v.optional(v.number()),
  /**
   * Protocol v2: the check-in was recorded, but the session it touched waits for a
   * manager instead of being credited (`clock-behind`, `before-session-start`, …; see
   * `REVIEW_REASONS`). Receivers that do not know a reason still show the hold.
   */
  reviewReason: v.optional(v.pipe(v.string(), v.minLength(1))),
});
export type Result = v.InferOutput<typeof ResultSchema>;

/**
 * Why a session waits for a manager (protocol v2), on `Result.reviewReason` and in the
 * review queue: `clock-behind` (a CheckIn older than central's `maxCheckInAgeHours`),
 * `before-session-start` (dated before the open session began), `auto-cutoff` (still
 * open at the daily cutoff), `clock-ahead` (a session opened in the future before v2).
 */
export const REVIEW_REASONS = ['clock-behind', 'before-session-start', 'auto-cutoff', 'clock-ahead'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export const TapSchema = v.pipe(
  v.looseObject({ v: ProtocolVersionSchema, id: UuidSchema, at: TimestampSchema }),
  v.check((tap) => !('uid' in tap) && !('card' in tap), 'a Tap never carries the card uid'),
);
export type Tap = v.InferOutput<typeof TapSchema>;

export const OfflineReasonSchema = v.picklist(['lost', 'shutdown']);

const ReaderStatusSchema = v.looseObject({
  driver: v.picklist(['rdm6300', 'pn532', 'line', 'simulated']),
  state: v.picklist(['connected', 'disconnected', 'error']),
  lastReadAt: v.optional(TimestampSchema),
  /** Human-readable cause when not connected, e.g. "ENOENT /dev/ttyUSB0". */
  detail: v.optional(v.string()),
});

const OutboxStatusSchema = v.looseObject({
  pending: NonNegativeIntSchema,
  oldestAt: v.optional(TimestampSchema),
  /** False when the outbox cannot be written (disk full, read-only): taps are refused. */
  writable: v.optional(v.boolean()),
});

/** `at` is required except in a Last Will (`reason: "lost"`), which is fixed at connect time. */
function atRequiredUnlessLastWill<T extends { at?: string; reason?: string }>(status: T): boolean {
  return status.at !== undefined || status.reason === 'lost';
}

/**
 * Protocol v2: the state of a kiosk's screen. `on` and `sleeping` (outside the display
 * schedule) are normal; `frozen` (the page stopped answering) and `blank` (over 98 % of the
 * pixels one colour while it should be on) are faults the watchdog reports and repairs.
 */
export const DISPLAY_STATES = ['on', 'sleeping', 'frozen', 'blank'] as const;
export const DisplayStateSchema = v.picklist(DISPLAY_STATES);
export type DisplayState = v.InferOutput<typeof DisplayStateSchema>;

const StationDisplaySchema = v.looseObject({
  kioskId: v.optional(IdSchema),
  state: DisplayStateSchema,
  since: TimestampSchema,
  /** Chromium restarts by the watchdog since the agent started. */
  restarts: v.optional(NonNegativeIntSchema),
  detail: v.optional(v.string()),
});

export const StationStatusSchema = v.pipe(
  v.looseObject({
    v: ProtocolVersionSchema,
    state: v.picklist(['online', 'offline']),
    at: v.optional(TimestampSchema),
    reason: v.optional(OfflineReasonSchema),
    siteId: v.optional(IdSchema),
    reader: v.optional(ReaderStatusSchema),
    outbox: v.optional(OutboxStatusSchema),
    agent: v.optional(v.looseObject({ version: v.string(), startedAt: TimestampSchema })),
    /** The last seq written to the outbox; the central service compares it with what it has. */
    lastSeq: v.optional(NonNegativeIntSchema),
    /** Protocol v2: free space on the disk that holds the outbox (storage-low alerts). */
    disk: v.optional(v.looseObject({ freeBytes: NonNegativeIntSchema, totalBytes: NonNegativeIntSchema })),
    /** Protocol v2: what the screen watchdog on this station PC sees of its kiosk's screen. */
    display: v.optional(StationDisplaySchema),
  }),
  v.check(atRequiredUnlessLastWill, '"at" is required except in the Last Will'),
);
export type StationStatus = v.InferOutput<typeof StationStatusSchema>;

export const KioskStatusSchema = v.pipe(
  v.looseObject({
    v: ProtocolVersionSchema,
    state: v.picklist(['online', 'offline']),
    at: v.optional(TimestampSchema),
    reason: v.optional(OfflineReasonSchema),
    stationId: IdSchema,
    kioskId: v.optional(IdSchema),
    siteId: v.optional(IdSchema),
    app: v.optional(v.looseObject({ version: v.string() })),
    serviceWorker: v.optional(
      v.looseObject({
        state: v.picklist(['unsupported', 'installing', 'waiting', 'active', 'none', 'error']),
        version: v.optional(v.string()),
      }),
    ),
    content: v.optional(
      v.looseObject({
        activitiesUpdatedAt: v.optional(TimestampSchema),
        directoryUpdatedAt: v.optional(TimestampSchema),
      }),
    ),
    screen: v.optional(v.string()),
    storage: v.optional(
      v.looseObject({
        persisted: v.boolean(),
        /** Protocol v2: `navigator.storage.estimate()` (storage-low alerts). */
        usageBytes: v.optional(NonNegativeIntSchema),
        quotaBytes: v.optional(NonNegativeIntSchema),
      }),
    ),
    /** Protocol v2: `on`, or `sleeping` outside the display schedule (the page shows black). */
    display: v.optional(v.looseObject({ state: v.picklist(['on', 'sleeping']), since: v.optional(TimestampSchema) })),
  }),
  v.check(atRequiredUnlessLastWill, '"at" is required except in the Last Will'),
);
export type KioskStatus = v.InferOutput<typeof KioskStatusSchema>;

const CommandBase = {
  v: ProtocolVersionSchema,
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  expiresAt: v.optional(TimestampSchema),
};

export const AnnounceArgsSchema = v.looseObject({
  text: LocalizedTextSchema,
  until: v.optional(TimestampSchema),
});

export const CommandSchema = v.variant('cmd', [
  v.looseObject({ ...CommandBase, cmd: v.literal('identify'), args: v.optional(v.looseObject({})) }),
  v.looseObject({ ...CommandBase, cmd: v.literal('reload'), args: v.optional(v.looseObject({})) }),
  v.looseObject({ ...CommandBase, cmd: v.literal('announce'), args: AnnounceArgsSchema }),
  v.looseObject({ ...CommandBase, cmd: v.literal('clear-announcement'), args: v.optional(v.looseObject({})) }),
  /** Demo and test only: an agent with the `simulated` reader treats it as a card read. */
  v.looseObject({ ...CommandBase, cmd: v.literal('simulate-tap'), args: v.looseObject({ uid: CardUidSchema }) }),
  /** Protocol v2: the station's screen watchdog captures a JPEG thumbnail of its kiosk's screen. */
  v.looseObject({ ...CommandBase, cmd: v.literal('screenshot'), args: v.optional(v.looseObject({})) }),
]);
export type Command = v.InferOutput<typeof CommandSchema>;
export type CommandName = Command['cmd'];

/** True when a command with `expiresAt` arrives too late to be acted on. */
export function isCommandExpired(command: Command, nowMillis: number): boolean {
  return command.expiresAt !== undefined && Date.parse(command.expiresAt) <= nowMillis;
}

/**
 * Protocol v2: proof of play (docs/protocol.md §Proof of play). Once a clock hour is over, a
 * kiosk reports which screens it showed in it, with which content versions, and for how long,
 * on `R/kiosks/{kioskId}/play`, QoS 1, never retained. It keeps the hour until the broker
 * acknowledges it (PUBACK), so a report may arrive twice; central keys it by kiosk and hour
 * and a repeat replaces the earlier copy. Screen names only: nothing personal is reported.
 */
import * as v from 'valibot';
import { IdSchema, TimestampSchema } from '../schema-kit.ts';
import { ProtocolV2Schema } from './pairing.ts';

export const PLAY_HOUR_MS = 3_600_000;

/**
 * The kiosk's screens, plus what covers them: `sleeping` (the display schedule), `tap` (a
 * volunteer's tap result), `pairing` and `desk` (prompts), `manager` (the manager panel).
 */
export const PLAY_SCREENS = ['home', 'activities', 'stations', 'perks', 'rewards', 'sleeping', 'tap', 'pairing', 'desk', 'manager'] as const;
export type PlayScreen = (typeof PLAY_SCREENS)[number];

/** The most entries one hour may hold: distinct screen and version combinations. */
export const PLAY_ENTRIES_MAX = 200;

export const PlayEntrySchema = v.strictObject({
  screen: v.picklist(PLAY_SCREENS),
  /** The kiosk app's version. */
  appVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The content versions shown, as in KioskStatus `content`: the `updatedAt` of each. */
  activitiesUpdatedAt: v.optional(TimestampSchema),
  directoryUpdatedAt: v.optional(TimestampSchema),
  durationMs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(PLAY_HOUR_MS)),
});
export type PlayEntry = v.InferOutput<typeof PlayEntrySchema>;

export const PlayReportSchema = v.pipe(
  v.looseObject({
    v: ProtocolV2Schema,
    kioskId: IdSchema,
    stationId: IdSchema,
    /** The hour's start, a whole UTC hour (a whole local hour too in Asia/Shanghai). */
    hour: v.pipe(
      TimestampSchema,
      v.check((hour) => Date.parse(hour) % PLAY_HOUR_MS === 0, 'must be the start of an hour, e.g. 2026-12-03T06:00:00.000Z'),
    ),
    entries: v.pipe(v.array(PlayEntrySchema), v.maxLength(PLAY_ENTRIES_MAX, `must hold at most ${PLAY_ENTRIES_MAX} entries`)),
    /** When the kiosk sent it (its clock). */
    sentAt: TimestampSchema,
  }),
  v.check((report) => report.entries.reduce((sum, e) => sum + e.durationMs, 0) <= PLAY_HOUR_MS, 'entries must add up to at most one hour'),
);
export type PlayReport = v.InferOutput<typeof PlayReportSchema>;

/** The start of the clock hour holding `ms`. */
export const hourStartOf = (ms: number): number => Math.floor(ms / PLAY_HOUR_MS) * PLAY_HOUR_MS;

/**
 * Star perks (protocol v2): discounts that partners (the bus company, a scenic spot, a
 * cinema, a bookshop) give to star volunteers, published retained, city-wide, on
 * `R/perks` from the content file. Each names the lowest star that gets it.
 */
import * as v from 'valibot';
import { IdSchema, LocalDateSchema, LocalizedTextSchema, ProtocolVersionSchema, TimestampSchema } from '../schema-kit.ts';

export const PERK_KINDS = ['transport', 'scenic-spot', 'cinema', 'books', 'other'] as const;
export type PerkKind = (typeof PERK_KINDS)[number];

export const PerkSchema = v.pipe(
  v.looseObject({
    id: IdSchema,
    partner: LocalizedTextSchema,
    offer: LocalizedTextSchema,
    /** The lowest star (1–5) that gets the perk. */
    minStar: v.pipe(v.number('must be a whole number 1 to 5'), v.integer('must be a whole number 1 to 5'), v.minValue(1, 'must be 1 to 5'), v.maxValue(5, 'must be 1 to 5')),
    kind: v.optional(v.picklist(PERK_KINDS, `must be one of ${PERK_KINDS.join(', ')}`)),
    /** Local dates, inclusive; absent: no limit. */
    validFrom: v.optional(LocalDateSchema),
    validUntil: v.optional(LocalDateSchema),
    /** How to claim it, e.g. "show your volunteer card at the ticket office". */
    howToClaim: v.optional(LocalizedTextSchema),
  }),
  v.check((p) => p.validFrom === undefined || p.validUntil === undefined || p.validUntil >= p.validFrom, 'validUntil must not be before validFrom'),
);
export type Perk = v.InferOutput<typeof PerkSchema>;

export const PerksSchema = v.looseObject({
  v: ProtocolVersionSchema,
  updatedAt: TimestampSchema,
  items: v.array(PerkSchema),
});
export type Perks = v.InferOutput<typeof PerksSchema>;

/** ★★★☆☆-style text is never used alone: callers print "★★★ 3-star and above" with words. */
export function starSymbols(stars: number): string {
  return '★'.repeat(Math.max(0, Math.min(5, Math.trunc(stars))));
}

/** A perk shown on `localDate` (YYYY-MM-DD): within its validity, when it has one. */
export function perkIsCurrent(perk: Pick<Perk, 'validFrom' | 'validUntil'>, localDate: string): boolean {
  return (perk.validFrom === undefined || perk.validFrom <= localDate) && (perk.validUntil === undefined || localDate <= perk.validUntil);
}

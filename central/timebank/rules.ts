/**
 * The time bank's rules, from `timeBank` in the central config. Points per session:
 *   points = round(min(sessionMinutes, maxCreditedHoursPerSession * 60) * pointsPerHour * weight / 60)
 * with `round` = floor (`down`, default), Math.round (`nearest`, halves up) or ceil (`up`),
 * and `weight` the session category's `categoryWeights` entry (default 1). The cap and the
 * weight change points only: the session's minutes (its hours) are never capped.
 * Session minutes are whole minutes, rounded down from the two taps' times.
 */
import { DEFAULT_SERVICE_CATEGORY, type CentralConfig, type ServiceCategory, type ServiceCategoryId, type StationsFile } from '../../shared/index.ts';
import { localDate, nextDate, zonedInstant } from '../../shared/local-time.ts';

export interface TimeBankRules {
  minSessionMinutes: number;
  pointsPerHour: number;
  pointsRounding: 'down' | 'nearest' | 'up';
  /** Local `HH:MM` at which sessions still open are closed and flagged for review. */
  dailyCutoff: string;
  timeZone: string;
  /** A CheckIn dated further back than this when it arrives is held for review (trusted-time.ts). */
  maxCheckInAgeHours: number;
  /** Protocol v2 points rules; each absent means the v1 behaviour. */
  maxCreditedHoursPerSession?: number;
  categoryWeights?: Partial<Record<ServiceCategoryId, number>>;
  /** The category of sessions opened at each station (the stations file's `category`). */
  stationCategories?: Record<string, ServiceCategoryId>;
  pointsExpireAfterYears?: number;
  /** The star ladder (`stars` in the config); absent: no stars are awarded at check-out. */
  stars?: StarRules;
}

export interface StarRules {
  /** Five rising cumulative-hour thresholds, for ★ to ★★★★★. */
  thresholdsHours: readonly number[];
  mode: 'apply' | 'auto';
}

export function rulesFromConfig(config: CentralConfig, stations: StationsFile = {}): TimeBankRules {
  const { minSessionMinutes, pointsPerHour, pointsRounding, dailyCutoff, timeZone, maxCheckInAgeHours } = config.timeBank;
  const { maxCreditedHoursPerSession, categoryWeights, pointsExpireAfterYears } = config.timeBank;
  const stationCategories: Record<string, ServiceCategoryId> = {};
  for (const [stationId, entry] of Object.entries(stations)) if (entry.category) stationCategories[stationId] = entry.category;
  return {
    minSessionMinutes,
    pointsPerHour,
    pointsRounding,
    dailyCutoff,
    timeZone,
    maxCheckInAgeHours,
    ...(maxCreditedHoursPerSession !== undefined ? { maxCreditedHoursPerSession } : {}),
    ...(categoryWeights !== undefined ? { categoryWeights } : {}),
    stationCategories,
    ...(pointsExpireAfterYears !== undefined ? { pointsExpireAfterYears } : {}),
    stars: { thresholdsHours: config.stars.thresholdsHours, mode: config.stars.mode },
  };
}

/** The category of a session opened at this station: the stations file's, else the default. */
export function categoryOfStation(stationId: string, rules: Pick<TimeBankRules, 'stationCategories'>): ServiceCategoryId {
  return rules.stationCategories?.[stationId] ?? DEFAULT_SERVICE_CATEGORY;
}

/**
 * The category of a session opened for an activity. Activities (protocol v1 content)
 * name two categories with other slugs than the time bank's: map those, keep the rest.
 */
const ACTIVITY_CATEGORY_SLUGS: Partial<Record<ServiceCategory, ServiceCategoryId>> = {
  'education-support': 'education',
  'smart-elder-care': 'elderly-care',
};

export function categoryOfActivity(category: ServiceCategory): ServiceCategoryId {
  return ACTIVITY_CATEGORY_SLUGS[category] ?? (category as Exclude<ServiceCategory, 'education-support' | 'smart-elder-care'>);
}

export function sessionMinutes(startedAtMs: number, endedAtMs: number): number {
  return Math.max(0, Math.floor((endedAtMs - startedAtMs) / 60_000));
}

export function pointsFor(minutes: number, rules: Pick<TimeBankRules, 'pointsPerHour' | 'pointsRounding'>, weight = 1): number {
  // Work in integer hundredths first so 30 min at 2/h is exactly 1, not 0.9999….
  const exact = Math.round(minutes * rules.pointsPerHour * weight * 100 / 60) / 100;
  if (rules.pointsRounding === 'up') return Math.ceil(exact);
  if (rules.pointsRounding === 'nearest') return Math.round(exact);
  return Math.floor(exact);
}

/** The first cutoff at or after a session's start: that day's, or the next day's if it started later. */
export function cutoffAfter(startedAtMs: number, rules: Pick<TimeBankRules, 'dailyCutoff' | 'timeZone'>): number {
  const day = localDate(startedAtMs, rules.timeZone);
  const sameDay = zonedInstant(day, rules.dailyCutoff, rules.timeZone);
  return sameDay > startedAtMs ? sameDay : zonedInstant(nextDate(day), rules.dailyCutoff, rules.timeZone);
}

/** The minutes of a session that earn points: all of them, or at most the per-session cap. */
export function creditedMinutes(minutes: number, rules: Pick<TimeBankRules, 'maxCreditedHoursPerSession'>): number {
  const cap = rules.maxCreditedHoursPerSession;
  return cap === undefined ? minutes : Math.min(minutes, Math.floor(cap * 60));
}

/** Points a closed session of this category earns: capped minutes, weighted, rounded (see the header). */
export function sessionPoints(minutes: number, category: ServiceCategoryId | undefined, rules: TimeBankRules): number {
  const weight = rules.categoryWeights?.[category ?? DEFAULT_SERVICE_CATEGORY] ?? 1;
  return pointsFor(creditedMinutes(minutes, rules), rules, weight);
}

// The time bank's pure rules at each boundary: points cap and category weights, the
// star ladder, eligibility, and FIFO expiry of unspent earned points.
import { describe, expect, it } from 'vitest';
import { SERVICE_CATEGORY_IDS, SERVICE_CATEGORY_KEYS } from '../../../shared/index.ts';
import type { LedgerEntry } from '../../../central/store/ledger-store.ts';
import { DEFAULT_STAR_THRESHOLDS_HOURS, eligibleStar, expiriesDue, expiresAtMs, starForHours, starProgress } from '../../../central/timebank/bank-rules.ts';
import { categoryOfActivity, categoryOfStation, creditedMinutes, sessionPoints, type TimeBankRules } from '../../../central/timebank/rules.ts';

const base: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 6 };

describe('points rules: cap and category weight', () => {
  it('without a cap or weights, points are the v1 formula', () => {
    expect([0, 59, 60, 600].map((m) => sessionPoints(m, 'elderly-care', base))).toEqual([0, 1, 2, 20]);
  });

  it('caps the minutes that earn points at maxCreditedHoursPerSession, exactly at the boundary', () => {
    const capped = { ...base, maxCreditedHoursPerSession: 2 };
    expect([119, 120, 121, 600].map((m) => creditedMinutes(m, capped))).toEqual([119, 120, 120, 120]);
    expect([119, 120, 121, 600].map((m) => sessionPoints(m, undefined, capped))).toEqual([3, 4, 4, 4]);
    expect(creditedMinutes(100, { maxCreditedHoursPerSession: 1.5 })).toBe(90);
  });

  it('weights points by the session category; other categories and absent ones count 1', () => {
    const weighted = { ...base, categoryWeights: { 'elderly-care': 1.5, environment: 0 } };
    expect(sessionPoints(60, 'elderly-care', weighted)).toBe(3);
    expect(sessionPoints(60, 'environment', weighted)).toBe(0);
    expect(sessionPoints(60, 'legal-aid', weighted)).toBe(2);
    expect(sessionPoints(60, undefined, weighted)).toBe(2);
    // The cap applies before the weight.
    expect(sessionPoints(300, 'elderly-care', { ...weighted, maxCreditedHoursPerSession: 2 })).toBe(6);
  });

  it('a station without a category gives the default one', () => {
    expect(categoryOfStation('ST-1', { stationCategories: { 'ST-1': 'legal-aid' } })).toBe('legal-aid');
    expect(categoryOfStation('ST-2', { stationCategories: { 'ST-1': 'legal-aid' } })).toBe('civilised-tourism');
    expect(categoryOfStation('ST-2', {})).toBe('civilised-tourism');
  });

  it("an activity's category, in the content's slugs, maps to the time bank's", () => {
    expect(SERVICE_CATEGORY_KEYS.map(categoryOfActivity)).toEqual([...SERVICE_CATEGORY_IDS]);
    expect(categoryOfActivity('education-support')).toBe('education');
    expect(categoryOfActivity('smart-elder-care')).toBe('elderly-care');
  });
});

describe('star ladder', () => {
  it('awards each star exactly at its threshold, not a minute before', () => {
    const t = DEFAULT_STAR_THRESHOLDS_HOURS;
    expect([0, 99.99, 100, 299.99, 300, 599, 600, 999, 1000, 1499.99, 1500, 5000].map((h) => starForHours(h, t))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('uses another city\'s ladder as data (张家港 30/60/100/200/300)', () => {
    expect([29, 30, 60, 100, 200, 300].map((h) => starForHours(h, [30, 60, 100, 200, 300]))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reports the next star and the hours to go, and nothing past five', () => {
    expect(starProgress(0, DEFAULT_STAR_THRESHOLDS_HOURS)).toEqual({ reached: 0, next: { star: 1, thresholdHours: 100, hoursToGo: 100 } });
    expect(starProgress(250.5, DEFAULT_STAR_THRESHOLDS_HOURS)).toEqual({ reached: 1, next: { star: 2, thresholdHours: 300, hoursToGo: 49.5 } });
    expect(starProgress(1500, DEFAULT_STAR_THRESHOLDS_HOURS)).toEqual({ reached: 5 });
  });

  it('is eligible only for a star above the awarded one', () => {
    expect(eligibleStar(99, 0, DEFAULT_STAR_THRESHOLDS_HOURS)).toBeUndefined();
    expect(eligibleStar(100, 0, DEFAULT_STAR_THRESHOLDS_HOURS)).toBe(1);
    expect(eligibleStar(350, 1, DEFAULT_STAR_THRESHOLDS_HOURS)).toBe(2);
    expect(eligibleStar(350, 2, DEFAULT_STAR_THRESHOLDS_HOURS)).toBeUndefined();
  });
});

describe('expiry of unspent earned points (FIFO)', () => {
  let id = 0;
  const entry = (kind: LedgerEntry['kind'], points: number, at: string, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
    id: ++id,
    requestId: `r-${id}`,
    volunteerId: 'V-1',
    kind,
    points,
    balanceAfter: 0,
    at,
    ...extra,
  });
  const NOW = Date.parse('2026-06-01T00:00:00.000Z');

  it('expires an earned entry exactly N calendar years after it, not a millisecond sooner', () => {
    id = 0;
    const earned = entry('earned', 10, '2023-06-01T00:00:00.000Z');
    expect(expiresAtMs(earned.at, 3)).toBe(NOW);
    expect(expiriesDue([earned], NOW, 3)).toEqual([{ entryId: earned.id, points: -10 }]);
    expect(expiriesDue([earned], NOW - 1, 3)).toEqual([]);
  });

  it('spending consumes the oldest points first, so only the unspent rest of old entries expires', () => {
    id = 0;
    const old1 = entry('earned', 10, '2022-01-01T00:00:00.000Z');
    const old2 = entry('earned', 10, '2023-01-01T00:00:00.000Z');
    const recent = entry('earned', 10, '2025-01-01T00:00:00.000Z');
    const spent = entry('redeemed', -15, '2025-02-01T00:00:00.000Z');
    expect(expiriesDue([old1, old2, recent, spent], NOW, 3)).toEqual([{ entryId: old2.id, points: -5 }]);
  });

  it('is idempotent: an entry already expired is not expired again', () => {
    id = 0;
    const old = entry('earned', 10, '2022-01-01T00:00:00.000Z');
    const expired = entry('expired', -10, '2025-01-01T00:00:00.000Z', { requestId: `expired:${old.id}` });
    expect(expiriesDue([old, expired], NOW, 3)).toEqual([]);
  });

  it('an expiry consumes its own entry and a reversal the entry it undoes, not the oldest', () => {
    id = 0;
    const a = entry('earned', 10, '2022-01-01T00:00:00.000Z');
    const b = entry('earned', 10, '2022-06-01T00:00:00.000Z');
    const reversedB = entry('reversed', -10, '2024-01-01T00:00:00.000Z', { reversesId: b.id });
    expect(expiriesDue([a, b, reversedB], NOW, 3)).toEqual([{ entryId: a.id, points: -10 }]);
    const expiredB = entry('expired', -4, '2025-06-02T00:00:00.000Z', { requestId: `expired:${b.id}` });
    const c = entry('earned', 10, '2022-07-01T00:00:00.000Z');
    expect(expiriesDue([a, b, expiredB, c], NOW, 3)).toEqual([
      { entryId: a.id, points: -10 },
      { entryId: c.id, points: -10 },
    ]);
  });

  it('positive adjustments never expire, but are spent in their turn', () => {
    id = 0;
    const gift = entry('adjusted', 5, '2021-01-01T00:00:00.000Z');
    const old = entry('earned', 10, '2022-01-01T00:00:00.000Z');
    const spent = entry('redeemed', -8, '2024-01-01T00:00:00.000Z');
    expect(expiriesDue([gift, old, spent], NOW, 3)).toEqual([{ entryId: old.id, points: -7 }]);
  });
});

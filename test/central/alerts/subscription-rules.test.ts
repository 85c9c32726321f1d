/** Who hears of an alert and when (central/alerts/subscription-rules.ts), with times pinned in Asia/Shanghai (UTC+8). */
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../central/alerts/alert-episodes.ts';
import { digestDue, inQuietHours, quietHoursEnd, subscriberDeliveries } from '../../../central/alerts/subscription-rules.ts';
import type { StoredAlertSubscription } from '../../../central/store/alert-subscription-store.ts';

const TZ = 'Asia/Shanghai';
/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const event = (siteId = 'SITE-01'): AlertEvent => ({ alert: 'station-offline', state: 'open', deviceId: 'ST-0001', deviceKind: 'station', stationId: 'ST-0001', siteId, since: '2026-12-02T14:58:00.000Z', at: '2026-12-02T15:00:00.000Z' });
const quiet = { from: '22:00', to: '07:00' };

describe('quiet hours', () => {
  it('may cross midnight, and include their start but not their end', () => {
    expect(['22:00', '23:59', '00:00', '06:59'].map((t) => inQuietHours(t, quiet))).toEqual([true, true, true, true]);
    expect(['07:00', '12:00', '21:59'].map((t) => inQuietHours(t, quiet))).toEqual([false, false, false]);
    expect(['12:00', '12:59', '13:00', '11:59'].map((t) => inQuietHours(t, { from: '12:00', to: '13:00' }))).toEqual([true, true, false, false]);
  });

  it('end at the next `to`: the same night, before or after midnight', () => {
    expect(quietHoursEnd(sh('2026-12-02T23:00'), quiet, TZ)).toBe(sh('2026-12-03T07:00'));
    expect(quietHoursEnd(sh('2026-12-03T01:00'), quiet, TZ)).toBe(sh('2026-12-03T07:00'));
  });
});

describe('immediate mails of an event', () => {
  const both = { email: 'both@example.org', sites: ['SITE-01'], quietHours: quiet, immediate: true, digestAt: '08:00' };
  const noDigest = { email: 'night@example.org', sites: 'all' as const, quietHours: quiet, immediate: true };
  const digestOnly = { email: 'digest@example.org', sites: 'all' as const, immediate: false, digestAt: '08:00' };

  it('go at once outside quiet hours, to subscribers of the site only', () => {
    const at = sh('2026-12-02T12:00');
    expect(subscriberDeliveries(event(), [both, noDigest, digestOnly], at, TZ).map((d) => [d.url, d.notBeforeMs])).toEqual([
      ['mailto:both@example.org', undefined],
      ['mailto:night@example.org', undefined],
    ]);
    expect(subscriberDeliveries(event('SITE-02'), [both], at, TZ)).toEqual([]);
  });

  it('inside quiet hours: none for a digest subscriber (the digest has it), held until 07:00 for one without', () => {
    const at = sh('2026-12-02T23:00');
    expect(subscriberDeliveries(event(), [both, noDigest], at, TZ).map((d) => [d.url, d.notBeforeMs])).toEqual([['mailto:night@example.org', sh('2026-12-03T07:00')]]);
  });
});

describe('the daily digest', () => {
  const sub: StoredAlertSubscription = { account: 'staff-01', email: 'ops@example.org', sites: ['SITE-01'], immediate: false, digestAt: '08:00', createdAtMs: sh('2026-12-01T09:00') };

  it('is due from its local time on, once per local day, covering the 24 h before it', () => {
    expect(digestDue(sub, sh('2026-12-03T07:59'), TZ)).toBeUndefined();
    expect(digestDue(sub, sh('2026-12-03T08:00'), TZ)).toEqual({ date: '2026-12-03', fromMs: sh('2026-12-02T08:00'), toMs: sh('2026-12-03T08:00') });
    expect(digestDue({ ...sub, lastDigestDate: '2026-12-03' }, sh('2026-12-03T20:00'), TZ)).toBeUndefined();
    expect(digestDue({ ...sub, lastDigestDate: '2026-12-03' }, sh('2026-12-04T08:01'), TZ)?.date).toBe('2026-12-04');
  });

  it('is not sent on the day it was subscribed after its time', () => {
    expect(digestDue(sub, sh('2026-12-01T10:00'), TZ)).toBeUndefined();
    expect(digestDue(sub, sh('2026-12-02T08:00'), TZ)?.date).toBe('2026-12-02');
  });
});

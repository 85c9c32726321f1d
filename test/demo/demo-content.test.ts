/** The demo data `npm start` publishes and imports: valid against the shared schemas, dated for today, invented people. */
import { describe, expect, it } from 'vitest';
import { CheckInSchema, ContentFileSchema, exceptionsAhead, isScheduledToShow, normaliseCardUid, SERVICE_CATEGORY_KEYS, validate } from '../../shared/index.ts';
import { buildDemoContent, buildEarlierDemoContent, ziboTime } from '../../demo/data/content.ts';
import { demoHistoryCheckIns, HISTORY_DAYS } from '../../demo/data/history.ts';
import { DEMO_STATIONS, LIVE_DEMO_STATIONS } from '../../demo/data/stations.ts';
import { DEMO_VOLUNTEERS, demoVolunteersCsv, unknownCardUid } from '../../demo/data/volunteers.ts';

/** People named in shared/seed/000_c91d9438e785ccd9.txt: the demo must never use them. */
const REAL_PEOPLE = ['史水萍', '姜文英', '刘持静', '朱伟', '李斌', '王玲', '王玮'];

describe('demo content', () => {
  it('is a valid content file', () => {
    const result = validate(ContentFileSchema, buildDemoContent(new Date('2026-11-29T03:00:00.000Z')));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('has activities on today and not yet over at every live station site, whatever the time of day', () => {
    // 00:05, 09:00, 15:00, 23:11 and 23:59 in Zibo.
    for (const iso of ['2026-11-28T16:05:00.000Z', '2026-11-29T01:00:00.000Z', '2026-11-29T07:00:00.000Z', '2026-11-29T15:11:00.000Z', '2026-11-29T15:59:00.000Z']) {
      const now = new Date(iso);
      const content = buildDemoContent(now);
      expect(validate(ContentFileSchema, content).ok, iso).toBe(true);
      const todayStart = Date.parse(ziboTime(now, 0, '00:00'));
      for (const station of LIVE_DEMO_STATIONS) {
        const items = content.activities[station.siteId] ?? [];
        const startsToday = items.filter((a) => Date.parse(a.startsAt) >= todayStart && Date.parse(a.startsAt) < todayStart + 86_400_000);
        expect(startsToday.length, `${station.siteId} at ${iso}`).toBeGreaterThanOrEqual(2);
        // What a kiosk lists under "today": started today and not ended yet.
        expect(startsToday.filter((a) => Date.parse(a.endsAt) > now.getTime()).length, `${station.siteId} at ${iso}`).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('has holiday exceptions ahead, dated from the day it runs, that a kiosk lists in the station detail', () => {
    // 23:30 in Zibo on 29 Nov: "tomorrow" is 30 Nov there, though it is still the 29th in UTC.
    const now = new Date('2026-11-29T15:30:00.000Z');
    const directory = buildDemoContent(now).directory;
    const withExceptions = directory.filter((s) => (s.exceptions ?? []).length > 0);
    expect(withExceptions.map((s) => s.stationId)).toEqual(['ST-0001', 'ST-0004']);
    expect(withExceptions[0]?.exceptions?.[0]).toMatchObject({ from: '2026-11-30', hours: [{ opens: '09:00', closes: '12:00' }] });
    for (const station of withExceptions) expect(exceptionsAhead(station.exceptions ?? [], now, station.timeZone).length, station.stationId).toBe(1);
  });

  it('has an activity scheduled to appear on the kiosks a few minutes after the demo starts', () => {
    const now = new Date('2026-11-29T03:00:00.000Z');
    const scheduled = Object.values(buildDemoContent(now).activities).flat().filter((a) => a.showFrom !== undefined);
    expect(scheduled.map((a) => [a.id, a.showFrom])).toEqual([['A-LY-FAIR', '2026-11-29T03:05:00.000Z']]);
  });

  it('uses ziboTime in UTC+8', () => {
    expect(ziboTime(new Date('2026-11-28T17:00:00.000Z'), 0, '09:00')).toBe('2026-11-29T01:00:00.000Z');
    expect(ziboTime(new Date('2026-11-29T15:00:00.000Z'), 1, '00:30')).toBe('2026-11-29T16:30:00.000Z');
  });

  it('spans several service categories and lists every demo place in the directory', () => {
    const content = buildDemoContent();
    const categories = new Set(Object.values(content.activities).flat().map((a) => a.category));
    expect(categories.size).toBeGreaterThanOrEqual(6);
    for (const category of categories) expect(SERVICE_CATEGORY_KEYS).toContain(category);
    expect(content.directory.map((s) => s.stationId)).toEqual(DEMO_STATIONS.map((s) => s.stationId));
    const names = content.directory.map((s) => s.name.zh).join(' ');
    for (const place of ['党群服务中心', '便民小屋', '长者食堂', '淄博站']) expect(names).toContain(place);
  });

  it('has an announcement on at every demo site now, and an earlier version without them to roll back to', () => {
    const now = new Date('2026-11-29T03:00:00.000Z');
    const content = buildDemoContent(now);
    const sites = [...new Set(DEMO_STATIONS.map((s) => s.siteId))].sort();
    expect(Object.keys(content.announcements ?? {}).sort()).toEqual(sites);
    for (const items of Object.values(content.announcements ?? {})) expect(items.filter((n) => isScheduledToShow(n, now.getTime()))).toHaveLength(1);
    const earlier = buildEarlierDemoContent(now);
    expect(validate(ContentFileSchema, earlier).ok).toBe(true);
    expect(earlier.announcements).toBeUndefined();
    expect({ ...content, announcements: undefined }).toEqual({ ...earlier, announcements: undefined });
  });
});

describe('demo volunteers', () => {
  it('are about twenty invented people with unique ids and valid card uids', () => {
    expect(DEMO_VOLUNTEERS.length).toBe(20);
    expect(new Set(DEMO_VOLUNTEERS.map((v) => v.id)).size).toBe(20);
    expect(new Set(DEMO_VOLUNTEERS.map((v) => v.cardUid)).size).toBe(20);
    for (const v of DEMO_VOLUNTEERS) {
      expect(normaliseCardUid(v.cardUid)).toBe(v.cardUid);
      expect(REAL_PEOPLE).not.toContain(v.name);
    }
    expect(DEMO_VOLUNTEERS.filter((v) => /^[A-Za-z ]+$/.test(v.name)).length).toBeGreaterThanOrEqual(2);
  });

  it('are written as the CSV the central import reads', () => {
    const lines = demoVolunteersCsv().trim().split('\n');
    expect(lines[0]).toBe('id,name,cards,phone,team');
    expect(lines).toHaveLength(21);
    expect(lines[1]).toBe('V0001,陈晓燕,1A00000001,13800000001,T-canteen');
  });

  it('makes unknown card uids that no volunteer holds', () => {
    const uid = unknownCardUid();
    expect(normaliseCardUid(uid)).toBe(uid);
    expect(DEMO_VOLUNTEERS.map((v) => v.cardUid)).not.toContain(uid);
  });
});

describe('demo history', () => {
  const now = new Date('2026-11-29T06:00:00.000Z');
  const history = demoHistoryCheckIns(now);

  it('is valid CheckIns with contiguous seq from 1 per station, all in the past', () => {
    for (const checkIn of history) expect(validate(CheckInSchema, checkIn).ok).toBe(true);
    const byStation = new Map<string, number[]>();
    for (const c of history) byStation.set(c.stationId, [...(byStation.get(c.stationId) ?? []), c.seq]);
    for (const seqs of byStation.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(history.every((c) => Date.parse(c.at) < now.getTime())).toBe(true);
  });

  it('reaches back about four months, with service in every one of them', () => {
    const ages = history.map((c) => (now.getTime() - Date.parse(c.at)) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(HISTORY_DAYS - 7);
    expect(Math.max(...ages)).toBeLessThanOrEqual(HISTORY_DAYS + 1);
    // Months in Zibo's calendar (UTC+8): the last 120 days before 2026-11-29 start on 2026-08-01.
    const months = new Map<string, number>();
    for (const c of history) {
      const month = new Date(Date.parse(c.at) + 8 * 3_600_000).toISOString().slice(0, 7);
      months.set(month, (months.get(month) ?? 0) + 1);
    }
    expect([...months.keys()].sort()).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    for (const count of months.values()) expect(count).toBeGreaterThanOrEqual(40);
  });

  it('gives about two thirds of the volunteers sessions that alternate in, out without overlap', () => {
    const byCard = new Map<string, number[]>();
    for (const c of history) byCard.set(c.card.uid, [...(byCard.get(c.card.uid) ?? []), Date.parse(c.at)]);
    // The one who forgot to check out (demo/data/reviews.ts) is checked below.
    const forgot = byCard.get(DEMO_VOLUNTEERS[14]!.cardUid);
    byCard.delete(DEMO_VOLUNTEERS[14]!.cardUid);
    expect(forgot).toHaveLength(3);
    expect(byCard.size).toBe(14);
    for (const times of byCard.values()) {
      expect(times.length % 2).toBe(0);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      for (let i = 0; i < times.length; i += 2) expect(times[i + 1]! - times[i]!).toBeGreaterThanOrEqual(60 * 60_000);
    }
  });
});

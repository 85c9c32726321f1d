import { describe, expect, it } from 'vitest';
import { assertValidId, InvalidIdentifierError, InvalidTopicRootError, isValidId, topicsFor } from '../../shared/index.ts';

describe('identifiers', () => {
  it.each(['ST-0001', 'K_1', 'a', 'Z'.repeat(64), 'site-09_b'])('accepts %j', (id) => {
    expect(isValidId(id)).toBe(true);
    expect(assertValidId(id)).toBe(id);
  });

  it.each(['', 'Z'.repeat(65), 'ST 1', 'ST/1', 'ST+1', 'ST#1', 'ST\u00001', '站点1', 'ST.1', 'ST*'])('rejects %j with a message naming the rule', (id) => {
    expect(isValidId(id)).toBe(false);
    expect(() => assertValidId(id, 'stationId')).toThrow(InvalidIdentifierError);
    expect(() => assertValidId(id, 'stationId')).toThrow(/stationId .* 1 to 64 characters of A-Z a-z 0-9 _ -/);
  });

  it('rejects values that are not strings', () => {
    expect(isValidId(42)).toBe(false);
    expect(isValidId(undefined)).toBe(false);
  });
});

describe('topics', () => {
  const t = topicsFor();

  it('builds every topic of the contract under the default root', () => {
    expect(t.station('ST-0001', 'checkins')).toBe('vs/v1/stations/ST-0001/checkins');
    expect(t.station('ST-0001', 'results')).toBe('vs/v1/stations/ST-0001/results');
    expect(t.station('ST-0001', 'taps')).toBe('vs/v1/stations/ST-0001/taps');
    expect(t.station('ST-0001', 'status')).toBe('vs/v1/stations/ST-0001/status');
    expect(t.station('ST-0001', 'cmd')).toBe('vs/v1/stations/ST-0001/cmd');
    expect(t.kioskStatus('K-0001')).toBe('vs/v1/kiosks/K-0001/status');
    expect(t.siteActivities('SITE-01')).toBe('vs/v1/sites/SITE-01/activities');
    expect(t.directory()).toBe('vs/v1/directory/stations');
    expect(t.allStations('checkins')).toBe('vs/v1/stations/+/checkins');
    expect(t.allKioskStatus()).toBe('vs/v1/kiosks/+/status');
  });

  it('uses a configured root', () => {
    expect(topicsFor('city/zibo/v1').station('A', 'status')).toBe('city/zibo/v1/stations/A/status');
  });

  it.each(['+', '#', 'ST/1', 'a b', ''])('refuses to put %j into a topic', (id) => {
    expect(() => t.station(id, 'checkins')).toThrow(InvalidIdentifierError);
    expect(() => t.kioskStatus(id)).toThrow(InvalidIdentifierError);
    expect(() => t.siteActivities(id)).toThrow(InvalidIdentifierError);
  });

  it.each(['', '/vs/v1', 'vs/v1/', 'vs//v1', 'vs/+/v1', 'vs/#', 'a\u0000b'])('rejects the topic root %j', (root) => {
    expect(() => topicsFor(root)).toThrow(InvalidTopicRootError);
  });

  it('parses what it builds', () => {
    expect(t.parse('vs/v1/stations/ST-0001/checkins')).toEqual({ kind: 'station', stationId: 'ST-0001', channel: 'checkins' });
    expect(t.parse('vs/v1/kiosks/K-1/status')).toEqual({ kind: 'kiosk-status', kioskId: 'K-1' });
    expect(t.parse('vs/v1/kiosks/K-1/play')).toEqual({ kind: 'kiosk-play', kioskId: 'K-1' });
    expect(t.kioskPlay('K-1')).toBe('vs/v1/kiosks/K-1/play');
    expect(() => t.kioskPlay('K/+')).toThrow();
    const photo = 'ab'.repeat(32);
    expect(t.media(photo)).toBe(`vs/v1/media/${photo}`);
    expect(t.parse(`vs/v1/media/${photo}`)).toEqual({ kind: 'media', mediaId: photo });
    expect(t.parse('vs/v1/media/https:')).toBeNull();
    expect(() => t.media('../x')).toThrow();
    expect(t.parse('vs/v1/sites/SITE-01/activities')).toEqual({ kind: 'site-activities', siteId: 'SITE-01' });
    expect(t.parse('vs/v1/sites/SITE-01/recruitment')).toEqual({ kind: 'site-recruitment', siteId: 'SITE-01' });
    expect(t.parse('vs/v1/sites/SITE-01/announcements')).toEqual({ kind: 'site-announcements', siteId: 'SITE-01' });
    expect(t.siteRecruitment('SITE-01')).toBe('vs/v1/sites/SITE-01/recruitment');
    expect(t.siteAnnouncements('SITE-01')).toBe('vs/v1/sites/SITE-01/announcements');
    expect(t.parse('vs/v1/directory/stations')).toEqual({ kind: 'directory' });
  });

  it.each([
    'other/v1/stations/ST-0001/checkins',
    'vs/v1/stations/ST-0001/unknown',
    'vs/v1/stations/+/checkins',
    'vs/v1/stations/ST 1/checkins',
    'vs/v1/stations/ST-0001/checkins/extra',
    'vs/v1/kiosks/K-1/cmd',
    'vs/v1/directory/kiosks',
  ])('does not parse %j', (topic) => {
    expect(t.parse(topic)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { topicsFor } from '../../../shared/index.ts';
import { classifyMessage, kioskSubscriptions } from '../../../kiosk/data/incoming.ts';

const topics = topicsFor('vs/v1');
const identity = { stationId: 'ST-0001', siteId: 'SITE-01' };
const id = '0b9d7f5e-3c1a-4e2b-9f00-1234567890ab';
const at = '2026-11-29T08:30:00.000Z';

describe('kiosk incoming messages', () => {
  it('subscribes to its station, its site, the directory and (v2) the star perks and its site\'s "Join us" panel and announcements', () => {
    expect(kioskSubscriptions(topics, identity)).toEqual([
      'vs/v1/stations/ST-0001/taps',
      'vs/v1/stations/ST-0001/results',
      'vs/v1/stations/ST-0001/cmd',
      'vs/v1/stations/ST-0001/pairing',
      'vs/v1/stations/ST-0001/desk',
      'vs/v1/sites/SITE-01/activities',
      'vs/v1/sites/SITE-01/rewards',
      'vs/v1/sites/SITE-01/recruitment',
      'vs/v1/sites/SITE-01/announcements',
      'vs/v1/directory/stations',
      'vs/v1/perks',
    ]);
  });

  it("types its site's announcements (protocol v2), ignores another site's and drops a window that ends before it starts", () => {
    const list = { v: 2, updatedAt: at, siteId: 'SITE-01', items: [{ id: 'lift', text: { zh: '电梯检修', en: 'Lift under repair' }, showFrom: at }] };
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/announcements', JSON.stringify(list))).toEqual({ kind: 'announcements', announcements: list });
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-02/announcements', JSON.stringify({ ...list, siteId: 'SITE-02' }))).toMatchObject({ kind: 'ignored' });
    const backwards = { ...list, items: [{ ...list.items[0], showUntil: '2020-01-01T00:00:00.000Z' }] };
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/announcements', JSON.stringify(backwards))).toMatchObject({ kind: 'invalid' });
  });

  it('types its site\'s "Join us" panel (protocol v2), ignores another site\'s and drops one with a bad URL', () => {
    const panel = { v: 2, updatedAt: at, siteId: 'SITE-01', show: true, text: { zh: '招募志愿者', en: 'Join us' }, url: 'https://volunteer.example.org/join' };
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/recruitment', JSON.stringify(panel))).toEqual({ kind: 'recruitment', recruitment: panel });
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-02/recruitment', JSON.stringify({ ...panel, siteId: 'SITE-02' }))).toMatchObject({ kind: 'ignored' });
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/recruitment', JSON.stringify({ ...panel, url: 'javascript:alert(1)' }))).toMatchObject({ kind: 'invalid' });
  });

  it('types star perks (protocol v2), and drops invalid ones with the reason', () => {
    const perks = { v: 1, updatedAt: at, items: [{ id: 'bus', partner: { zh: '公交公司', en: 'Bus company' }, offer: { zh: '免费乘车', en: 'Free rides' }, minStar: 3 }] };
    expect(classifyMessage(topics, identity, 'vs/v1/perks', JSON.stringify(perks))).toEqual({ kind: 'perks', perks });
    const bad = classifyMessage(topics, identity, 'vs/v1/perks', JSON.stringify({ ...perks, items: [{ ...perks.items[0], minStar: 6 }] }));
    expect(bad).toMatchObject({ kind: 'invalid', issues: ['items.0.minStar: must be 1 to 5'] });
  });

  it('types its own site\'s rewards view (protocol v2), ignores another site\'s, and drops a malformed one', () => {
    const rewards = { v: 2, updatedAt: at, siteId: 'SITE-01', items: [{ id: 'rice', name: { zh: '大米', en: 'Rice' }, price: 30, availability: 'few-left' }] };
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/rewards', JSON.stringify(rewards), true)).toEqual({ kind: 'rewards', rewards });
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-02/rewards', JSON.stringify(rewards))).toMatchObject({ kind: 'ignored' });
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/rewards', JSON.stringify({ ...rewards, items: [{ ...rewards.items[0], availability: 'plenty' }] }))).toMatchObject({ kind: 'invalid' });
  });

  it('types pairing prompts of its own station (protocol v2), and drops a malformed one with its reason', () => {
    const prompt = { v: 2, state: 'choose', checkinId: id, displayName: '王*', choices: ['1234', '5678'], expiresAt: at };
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/pairing', JSON.stringify(prompt))).toEqual({ kind: 'pairing', prompt });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/pairing', JSON.stringify({ ...prompt, choices: ['12345'] }))).toMatchObject({ kind: 'invalid' });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0002/pairing', JSON.stringify(prompt)).kind).toBe('ignored');
  });

  it('types taps, results and commands of its own station', () => {
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/taps', JSON.stringify({ v: 1, id, at })).kind).toBe('tap');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/results', JSON.stringify({ v: 1, id, at, status: 'accepted' })).kind).toBe('result');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', JSON.stringify({ v: 1, id: 'c1', cmd: 'identify' })).kind).toBe('command');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/taps', JSON.stringify({ v: 1, id, at }))).toEqual({ kind: 'tap', tap: { v: 1, id, at } });
    const result = { v: 1, id, at, status: 'accepted', direction: 'out', volunteer: { displayName: '张*丰', minutesToday: 75, points: 2 }, sessionMinutes: 75, pointsEarned: 2 };
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/results', JSON.stringify(result))).toEqual({ kind: 'result', result });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', JSON.stringify({ v: 1, id: 'c1', cmd: 'identify' }))).toEqual({
      kind: 'command',
      command: { v: 1, id: 'c1', cmd: 'identify' },
    });
    const announce = { v: 1, id: 'c3', cmd: 'announce', args: { text: { zh: '今天下午闭馆', en: 'Closed this afternoon' }, until: at }, expiresAt: at };
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', new TextEncoder().encode(JSON.stringify(announce)))).toEqual({ kind: 'command', command: announce });
  });

  it('reports invalid payloads with their reason instead of throwing', () => {
    const bad = classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/results', new TextEncoder().encode('{"v":1,"id":"x"}'));
    expect(bad.kind).toBe('invalid');
    expect(bad.kind === 'invalid' && bad.issues.join('\n')).toMatch(/id: must be a UUID/);
    // Every problem, by its path; the wording after the path is valibot's.
    expect(bad).toEqual({ kind: 'invalid', topic: 'vs/v1/stations/ST-0001/results', issues: ['id: must be a UUID', expect.stringMatching(/^status: /), expect.stringMatching(/^at: /)] });
    const tapWithUid = classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/taps', JSON.stringify({ v: 1, id, at, uid: '0011223344' }));
    expect(tapWithUid.kind).toBe('invalid');
    expect(tapWithUid).toEqual({ kind: 'invalid', topic: 'vs/v1/stations/ST-0001/taps', issues: ['(root): a Tap never carries the card uid'] });
    expect(JSON.stringify(tapWithUid)).not.toContain('0011223344');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', JSON.stringify({ v: 1, id: 'c2', cmd: 'format-disk' })).kind).toBe('invalid');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', JSON.stringify({ v: 1, id: 'c2', cmd: 'format-disk' }))).toEqual({
      kind: 'invalid',
      topic: 'vs/v1/stations/ST-0001/cmd',
      issues: [expect.stringMatching(/^cmd: .*"format-disk"$/)],
    });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/taps', new Uint8Array([0xff, 0xfe])).kind).toBe('invalid');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/taps', new Uint8Array([0xff, 0xfe]))).toEqual({
      kind: 'invalid',
      topic: 'vs/v1/stations/ST-0001/taps',
      issues: ['(root): payload is not valid UTF-8'],
    });
  });

  it('never takes a retained tap, result or command: those are events, replayed only when stale or planted', () => {
    const tap = JSON.stringify({ v: 1, id, at });
    const command = JSON.stringify({ v: 1, id: 'c1', cmd: 'identify', expiresAt: at });
    const result = JSON.stringify({ v: 1, id, at, status: 'accepted' });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/taps', tap, true)).toEqual({ kind: 'retained-event', topic: 'vs/v1/stations/ST-0001/taps' });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', command, true)).toEqual({ kind: 'retained-event', topic: 'vs/v1/stations/ST-0001/cmd' });
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/results', result, true)).toEqual({ kind: 'retained-event', topic: 'vs/v1/stations/ST-0001/results' });
    // The same messages live, and retained content (which is state), are taken.
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0001/cmd', command, false).kind).toBe('command');
    const activities = { v: 1, updatedAt: at, siteId: 'SITE-01', items: [] };
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-01/activities', JSON.stringify(activities), true)).toEqual({ kind: 'activities', activities });
  });

  it('ignores other stations, other sites and foreign topics', () => {
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0002/taps', JSON.stringify({ v: 1, id, at })).kind).toBe('ignored');
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-02/activities', '{}').kind).toBe('ignored');
    expect(classifyMessage(topics, identity, 'other/topic', '{}').kind).toBe('ignored');
    expect(classifyMessage(topics, identity, 'vs/v1/stations/ST-0002/taps', JSON.stringify({ v: 1, id, at }))).toEqual({ kind: 'ignored', reason: 'topic vs/v1/stations/ST-0002/taps is not ours' });
    expect(classifyMessage(topics, identity, 'vs/v1/sites/SITE-02/activities', '{}')).toEqual({ kind: 'ignored', reason: 'activities of site SITE-02' });
    expect(classifyMessage(topics, identity, 'other/topic', '{}')).toEqual({ kind: 'ignored', reason: 'topic other/topic is not ours' });
  });
});

// Central keeps every site's latest valid Activities and offers a phone today's activities
// of its station: by the time bank's local day, never another station's, a site-wide or a cancelled one.
import { describe, expect, it } from 'vitest';
import { ActivitiesBoard, activitiesForCheckIn, checkInActivityView } from '../../../central/content/activities-board.ts';
import type { CentralMqtt } from '../../../central/mqtt/central-mqtt.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';
import { topicsFor, type Activity } from '../../../shared/index.ts';

const ZONE = 'Asia/Shanghai';
const item = (id: string, stationId: string | undefined, startsAt: string, endsAt: string): Activity => ({
  id,
  title: { zh: id, en: id },
  category: 'smart-elder-care',
  startsAt,
  endsAt,
  place: { zh: '室', en: 'Room' },
  organiser: { zh: '社区', en: 'Community' },
  ...(stationId ? { stationId } : {}),
});
// 2026-11-29 in Shanghai runs from 2026-11-28T16:00Z to 2026-11-29T16:00Z.
const items = [
  item('late', 'ST-1', '2026-11-29T12:00:00.000Z', '2026-11-29T13:00:00.000Z'),
  item('early', 'ST-1', '2026-11-28T16:30:00.000Z', '2026-11-28T18:00:00.000Z'),
  item('yesterday', 'ST-1', '2026-11-28T08:00:00.000Z', '2026-11-28T10:00:00.000Z'),
  item('multi-day', 'ST-1', '2026-11-27T01:00:00.000Z', '2026-12-01T09:00:00.000Z'),
  item('other-station', 'ST-2', '2026-11-29T01:00:00.000Z', '2026-11-29T03:00:00.000Z'),
  item('site-wide', undefined, '2026-11-29T01:00:00.000Z', '2026-11-29T03:00:00.000Z'),
  // Called off (protocol v2): the kiosks still list it, marked; nobody checks in for it.
  { ...item('cancelled', 'ST-1', '2026-11-29T02:00:00.000Z', '2026-11-29T04:00:00.000Z'), cancelled: true as const },
];

describe('activities a phone may check in for', () => {
  it("are the station's own whose local days include today, in start order", () => {
    const ids = (nowIso: string) => activitiesForCheckIn(items, 'ST-1', Date.parse(nowIso), ZONE).map((a) => a.id);
    expect(ids('2026-11-28T16:00:00.000Z')).toEqual(['multi-day', 'early', 'late']);
    expect(ids('2026-11-29T15:59:00.000Z')).toEqual(['multi-day', 'early', 'late']);
    expect(ids('2026-11-28T15:59:00.000Z')).toEqual(['multi-day', 'yesterday']);
    expect(activitiesForCheckIn(items, 'ST-3', Date.parse('2026-11-29T03:00:00.000Z'), ZONE)).toEqual([]);
  });

  it('are shown with local times and the time bank category', () => {
    expect(checkInActivityView(items[1]!, ZONE)).toEqual({ id: 'early', title: { zh: 'early', en: 'early' }, category: 'elderly-care', time: '00:30–02:00' });
  });

  it('come from the latest valid copy per site; an invalid one is dropped, an empty retained one clears the site', () => {
    const subscribed: string[] = [];
    const mqtt = { subscribe: (filter: string) => subscribed.push(filter) } as unknown as CentralMqtt;
    const board = new ActivitiesBoard({ mqtt, topics: topicsFor('vs/v1'), log: createCentralLogger('silent') });
    board.start();
    expect(subscribed).toEqual(['vs/v1/sites/+/activities']);
    const now = Date.parse('2026-11-29T03:00:00.000Z');
    board.receive('vs/v1/sites/SITE-1/activities', JSON.stringify({ v: 1, updatedAt: '2026-11-29T00:00:00.000Z', items }));
    board.receive('vs/v1/sites/SITE-1/activities', JSON.stringify({ v: 1, updatedAt: '2026-11-29T00:00:00.000Z', items: [{ id: 'broken' }] }));
    expect(board.forCheckIn('SITE-1', 'ST-1', now, ZONE).map((a) => a.id)).toEqual(['multi-day', 'early', 'late']);
    expect(board.forCheckIn('SITE-2', 'ST-1', now, ZONE)).toEqual([]);
    board.receive('vs/v1/sites/SITE-1/activities', '');
    expect(board.forCheckIn('SITE-1', 'ST-1', now, ZONE)).toEqual([]);
  });
});

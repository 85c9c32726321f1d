// The Content view's plain list edits: cancel and restore one activity in place, and
// the split into current and past (ended) ones with their positions in the whole list.
import { describe, expect, it } from 'vitest';
import { splitByEnd, withCancelled } from '../../../console/data/activity-list.ts';
import type { Activity } from '../../../shared/index.ts';

const item = (id: string, endsAt: string, extra: Partial<Activity> = {}): Activity => ({
  id,
  title: { zh: id, en: id },
  category: 'science',
  startsAt: new Date(Date.parse(endsAt) - 3_600_000).toISOString(),
  endsAt,
  place: { zh: '室', en: 'Room' },
  organiser: { zh: '社区', en: 'Community' },
  ...extra,
});

describe('cancelling and restoring', () => {
  it('sets cancelled: true on the one activity, and restoring drops the field, leaving the list alone', () => {
    const list = [item('a', '2026-12-05T03:00:00.000Z'), item('b', '2026-12-05T03:00:00.000Z')];
    const cancelled = withCancelled(list, 1, true);
    expect(cancelled[1]).toEqual({ ...list[1], cancelled: true });
    expect(cancelled[0]).toBe(list[0]);
    expect(list[1]).not.toHaveProperty('cancelled');
    const restored = withCancelled(cancelled, 1, false);
    expect(restored[1]).toEqual(list[1]);
    expect(restored[1]).not.toHaveProperty('cancelled');
  });
});

describe('current and past', () => {
  it('puts an activity among the past ones from the moment it ends, keeping its position in the list', () => {
    const list = [item('ended', '2026-12-05T03:00:00.000Z'), item('running', '2026-12-05T03:00:00.001Z'), item('later', '2026-12-06T03:00:00.000Z')];
    const { current, past } = splitByEnd(list, Date.parse('2026-12-05T03:00:00.000Z'));
    expect(current.map((r) => [r.activity.id, r.index])).toEqual([['running', 1], ['later', 2]]);
    expect(past.map((r) => [r.activity.id, r.index])).toEqual([['ended', 0]]);
  });
});

/** Plain edits of a site's activity list for the Content view (vs-content-view.ts). */
import type { Activity } from '../../shared/index.ts';

/** The list with the activity at `index` cancelled (protocol v2 `cancelled: true`) or going ahead again; the list itself is left alone. */
export function withCancelled(activities: readonly Activity[], index: number, cancelled: boolean): Activity[] {
  return activities.map((a, i) => {
    if (i !== index) return a;
    const { cancelled: _was, ...rest } = a;
    return cancelled ? { ...rest, cancelled: true } : rest;
  });
}

/** The activities with their positions, split into those not ended at `nowMs` and those ended (which kiosks no longer show). */
export function splitByEnd(activities: readonly Activity[], nowMs: number): { current: { activity: Activity; index: number }[]; past: { activity: Activity; index: number }[] } {
  const rows = activities.map((activity, index) => ({ activity, index }));
  return { current: rows.filter((r) => Date.parse(r.activity.endsAt) > nowMs), past: rows.filter((r) => !(Date.parse(r.activity.endsAt) > nowMs)) };
}

/**
 * The published activities of every site (protocol v1 `R/sites/{siteId}/activities`,
 * retained), kept in memory so a phone can check in for one of today's activities at
 * its station (protocol v2 §Phone API). Central subscribes at start, so the broker's
 * retained copies arrive on every connect. An invalid payload is logged and the
 * previous copy of that site stays.
 */
import { ActivitiesSchema, parseJson, type Activity, type CheckInActivity, type Topics } from '../../shared/index.ts';
import type { CentralMqtt } from '../mqtt/central-mqtt.ts';
import type { CentralLogger } from '../observability/logger.ts';
import { localDate, localTimeOfDay } from '../../shared/local-time.ts';
import { categoryOfActivity } from '../timebank/rules.ts';

/**
 * The activities a volunteer may check in for at `stationId` at `nowMs`: those that name
 * this station and whose local days (start to end, in the time bank's zone) include today.
 * An activity without a `stationId` is a site-wide listing and is not offered, nor is a
 * cancelled one (protocol v2), which the kiosks still list.
 */
export function activitiesForCheckIn(items: readonly Activity[], stationId: string, nowMs: number, timeZone: string): Activity[] {
  const today = localDate(nowMs, timeZone);
  return items
    .filter((a) => a.stationId === stationId && a.cancelled !== true && localDate(Date.parse(a.startsAt), timeZone) <= today && today <= localDate(Date.parse(a.endsAt), timeZone))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id));
}

/** What the check-in page shows of one activity. */
export function checkInActivityView(activity: Activity, timeZone: string): CheckInActivity {
  const time = `${localTimeOfDay(Date.parse(activity.startsAt), timeZone)}–${localTimeOfDay(Date.parse(activity.endsAt), timeZone)}`;
  return { id: activity.id, title: activity.title, category: categoryOfActivity(activity.category), time };
}

export interface CheckInActivities {
  /** Today's activities at this station of this site (see activitiesForCheckIn). */
  forCheckIn(siteId: string, stationId: string, nowMs: number, timeZone: string): Activity[];
}

export class ActivitiesBoard implements CheckInActivities {
  private readonly bySite = new Map<string, readonly Activity[]>();

  constructor(private readonly deps: { mqtt: Pick<CentralMqtt, 'subscribe'>; topics: Topics; log: CentralLogger }) {}

  start(): void {
    this.deps.mqtt.subscribe(this.deps.topics.allSiteActivities(), (topic, payload) => this.receive(topic, payload));
  }

  receive(topic: string, payload: Buffer | string): void {
    const parsed = this.deps.topics.parse(topic);
    if (parsed?.kind !== 'site-activities') return;
    // A retained message cleared with an empty payload: that site has no activities.
    if (payload.length === 0) {
      this.bySite.delete(parsed.siteId);
      return;
    }
    const activities = parseJson(ActivitiesSchema, payload);
    if (!activities.ok) {
      this.deps.log.warn({ topic, issues: activities.issues }, 'activities dropped: invalid payload');
      return;
    }
    this.bySite.set(parsed.siteId, activities.value.items);
  }

  forCheckIn(siteId: string, stationId: string, nowMs: number, timeZone: string): Activity[] {
    return activitiesForCheckIn(this.bySite.get(siteId) ?? [], stationId, nowMs, timeZone);
  }
}

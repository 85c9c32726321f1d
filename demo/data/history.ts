/**
 * Past service for some demo volunteers, so the kiosk shows points from the first
 * tap and the console's Reports have shape by month: check-in/check-out pairs over the
 * last HISTORY_DAYS days (about four months) at the elder canteen and the mending room
 * (the stations without a live agent in the demo). Each pair is a real CheckIn, with the
 * station's contiguous seq from 1, that `central demo-history import` records as if it
 * had arrived when it was made (central/checkins/demo-history.ts), so live check-ins keep
 * central's maxCheckInAgeHours. Deterministic for a given day.
 */
import { randomUUID } from 'node:crypto';
import type { CheckIn } from '../../shared/index.ts';
import { ziboTime } from './content.ts';
import { DEMO_VOLUNTEERS } from './volunteers.ts';
import { demoReviewTaps } from './reviews.ts';

const HISTORY_STATIONS = ['ST-0004', 'ST-0003'] as const;
/** Volunteers with past service; the rest start at zero points. */
const VOLUNTEERS_WITH_HISTORY = 14;
/** How far back the history reaches: four calendar months or more, whatever the day. */
export const HISTORY_DAYS = 120;
/** Coprime with HISTORY_DAYS: one volunteer's sessions land on distinct days spread over the whole span. */
const DAY_STRIDE = 37;

/** A small deterministic generator (mulberry32), so the history is the same on every fresh start. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hhmm(minutesAfterMidnight: number): string {
  return `${String(Math.floor(minutesAfterMidnight / 60)).padStart(2, '0')}:${String(minutesAfterMidnight % 60).padStart(2, '0')}`;
}

/** The check-ins in the order they must be recorded: per station seq order, each volunteer's in before out. */
export function demoHistoryCheckIns(now: Date): CheckIn[] {
  const random = seededRandom(20231106);
  const sessions: { stationId: string; uid: string; inAt: string; outAt: string }[] = [];
  DEMO_VOLUNTEERS.slice(0, VOLUNTEERS_WITH_HISTORY).forEach((volunteer, index) => {
    // 6 to 16 sessions each: a spread of hours, so of stars (demo/bank-seeder.ts).
    const count = 6 + ((index * 5) % 11);
    for (let n = 0; n < count; n++) {
      // Distinct days per volunteer (37n mod 120 differs for n < 120), 1 to 120 days ago, so sessions never overlap.
      const daysAgo = 1 + ((index * 3 + n * DAY_STRIDE) % HISTORY_DAYS);
      const start = 8 * 60 + Math.floor(random() * 6) * 30;
      const minutes = 60 + Math.floor(random() * 7) * 30;
      const stationId = HISTORY_STATIONS[(index + n) % HISTORY_STATIONS.length]!;
      sessions.push({ stationId, uid: volunteer.cardUid, inAt: ziboTime(now, -daysAgo, hhmm(start)), outAt: ziboTime(now, -daysAgo, hhmm(start + minutes)) });
    }
  });
  const taps = sessions.flatMap((s) => [
    { stationId: s.stationId, uid: s.uid, at: s.inAt },
    { stationId: s.stationId, uid: s.uid, at: s.outAt },
  ]);
  taps.push(...demoReviewTaps(now));
  taps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const seqs = new Map<string, number>();
  return taps.map((tap) => {
    const seq = (seqs.get(tap.stationId) ?? 0) + 1;
    seqs.set(tap.stationId, seq);
    return { v: 1, id: randomUUID(), stationId: tap.stationId, seq, method: 'card', card: { uid: tap.uid, tech: 'em4100' }, at: tap.at };
  });
}

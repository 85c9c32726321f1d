/**
 * The demo's time bank beyond points (issue 12): two named teams, and stars spread by
 * the past service demo/data/history.ts recorded. The demo runs a short ladder
 * (DEMO_STAR_THRESHOLDS_HOURS) so two weeks of history reach several stars; a city uses
 * hundreds of hours (default 100/300/600/1000/1500). Every volunteer whose hours reach a
 * star is awarded it, as a manager approving their applications would, except
 * DEMO_ELIGIBLE_VOLUNTEER, who is left eligible to apply on the phone. Runs once, on a
 * fresh data directory, beside the running central (SQLite WAL lets both write).
 */
import { SqliteStore } from '../central/store/sqlite-store.ts';
import { starForHours } from '../central/timebank/bank-rules.ts';
import { DEMO_TEAMS, DEMO_VOLUNTEERS } from './data/volunteers.ts';

export const DEMO_STAR_THRESHOLDS_HOURS = [2, 4, 6, 8, 10];
/** Left unawarded: the volunteer who can apply for a star in the demo. */
export const DEMO_ELIGIBLE_VOLUNTEER = DEMO_VOLUNTEERS[0]!.id;

export async function seedBank(dataDir: string, nowIso: string): Promise<{ stars: Record<number, number>; eligible?: string }> {
  const store = SqliteStore.open(dataDir);
  try {
    await store.migrate();
    await store.bank.upsertTeams(DEMO_TEAMS);
    const stars: Record<number, number> = {};
    let eligible: string | undefined;
    for (const volunteer of DEMO_VOLUNTEERS) {
      const star = starForHours((await store.bank.serviceRecord(volunteer.id)).totalMinutes / 60, DEMO_STAR_THRESHOLDS_HOURS);
      if (star > 0 && volunteer.id === DEMO_ELIGIBLE_VOLUNTEER) {
        eligible = volunteer.id;
        continue;
      }
      if (star > 0) await store.bank.awardStar(volunteer.id, star, nowIso, 'manager:demo');
      stars[star] = (stars[star] ?? 0) + 1;
    }
    return { stars, ...(eligible ? { eligible } : {}) };
  } finally {
    await store.close();
  }
}

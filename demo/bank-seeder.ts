/**
 * The demo's stars (issue 12), through central's manager API like any manager: the
 * demo runs a short ladder (DEMO_STAR_THRESHOLDS_HOURS) so four months of history
 * (demo/data/history.ts) reach several stars; a city uses hundreds of hours (default
 * 100/300/600/1000/1500). Every volunteer whose hours reach a star is awarded it, except
 * DEMO_ELIGIBLE_VOLUNTEER, who is left eligible to apply on the phone. Teams come from
 * the volunteers CSV and `central teams import` (demo/data/volunteers.ts). Runs once, on
 * a fresh data directory.
 */
import { DEMO_VOLUNTEERS } from './data/volunteers.ts';

export const DEMO_STAR_THRESHOLDS_HOURS = [10, 20, 30, 40, 50];
/** Left unawarded: the volunteer who can apply for a star in the demo. */
export const DEMO_ELIGIBLE_VOLUNTEER = DEMO_VOLUNTEERS[0]!.id;

export async function seedStars(adminUrl: string, login: { username: string; password: string }): Promise<{ stars: Record<number, number>; eligible?: string }> {
  const headers = { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`, 'content-type': 'application/json' };
  const stars: Record<number, number> = {};
  let eligible: string | undefined;
  for (const volunteer of DEMO_VOLUNTEERS) {
    const record = await fetch(`${adminUrl}/api/bank/volunteers/${volunteer.id}`, { headers });
    if (!record.ok) throw new Error(`demo stars: ${volunteer.id}: ${record.status} ${await record.text()}`);
    const reached = ((await record.json()) as { star: { progress: { reached: number } } }).star.progress.reached;
    if (reached > 0 && volunteer.id === DEMO_ELIGIBLE_VOLUNTEER) {
      eligible = volunteer.id;
      continue;
    }
    if (reached > 0) {
      const award = await fetch(`${adminUrl}/api/bank/volunteers/${volunteer.id}/star`, { method: 'POST', headers, body: JSON.stringify({ star: reached, reason: 'demo: hours checked' }) });
      if (!award.ok) throw new Error(`demo stars: award ${volunteer.id}: ${award.status} ${await award.text()}`);
    }
    stars[reached] = (stars[reached] ?? 0) + 1;
  }
  return { stars, ...(eligible ? { eligible } : {}) };
}

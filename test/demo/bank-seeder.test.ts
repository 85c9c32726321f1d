// The demo's time bank through a real central's manager API: its history spreads
// volunteers across several stars, one is left eligible to apply, and two teams have members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTeams } from '../../central/volunteers/import-teams.ts';
import { importVolunteers } from '../../central/volunteers/import-volunteers.ts';
import { DEMO_ELIGIBLE_VOLUNTEER, DEMO_STAR_THRESHOLDS_HOURS, seedStars } from '../../demo/bank-seeder.ts';
import { demoHistoryCheckIns } from '../../demo/data/history.ts';
import { demoTeamsCsv, demoVolunteersCsv } from '../../demo/data/volunteers.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../helpers/central-fixture.ts';

describe('demo time bank seed', () => {
  let f: CentralFixture;
  const now = new Date();
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { now: () => now }, configOverrides: { stars: { thresholdsHours: DEMO_STAR_THRESHOLDS_HOURS } } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('spreads stars, leaves one volunteer eligible to apply, and fills two teams', async () => {
    const store = f.central.store;
    expect((await importVolunteers(store, demoVolunteersCsv())).problems).toEqual([]);
    expect((await importTeams(store, demoTeamsCsv())).problems).toEqual([]);
    const rules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down' as const, dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 15 * 24 };
    for (const c of demoHistoryCheckIns(now)) await store.recordCheckIns([{ id: c.id, stationId: c.stationId, method: 'card', cardUid: c.card.uid, seq: c.seq, at: c.at }], rules, now.toISOString());

    const seeded = await seedStars(f.adminUrl, { username: MANAGER.name, password: MANAGER.password });
    expect(seeded.eligible).toBe(DEMO_ELIGIBLE_VOLUNTEER);
    expect(Object.keys(seeded.stars).filter((star) => star !== '0').length).toBeGreaterThanOrEqual(3);
    expect(await store.bank.awardedStar(DEMO_ELIGIBLE_VOLUNTEER)).toBeUndefined();
    const record = await fetch(`${f.adminUrl}/api/bank/volunteers/${DEMO_ELIGIBLE_VOLUNTEER}`, { headers: { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` } });
    expect(((await record.json()) as { star: { eligibleStar: number } }).star.eligibleStar).toBeGreaterThanOrEqual(1);
    // Seeding again changes nothing.
    expect(await seedStars(f.adminUrl, { username: MANAGER.name, password: MANAGER.password })).toEqual(seeded);
    const teams = await store.bank.listTeams();
    expect(teams.map((t) => t.name)).toEqual(['长者饭堂服务队', '便民维修服务队']);
    for (const team of teams) expect((await store.bank.teamFigures(team.id))!.members.length).toBe(10);
  });
});

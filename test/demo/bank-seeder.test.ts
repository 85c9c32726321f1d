// The demo's time bank: its history spreads volunteers across several stars, one is left
// eligible to apply, and two teams have members.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../central/store/sqlite-store.ts';
import { eligibleStar } from '../../central/timebank/bank-rules.ts';
import { importVolunteers } from '../../central/volunteers/import-volunteers.ts';
import { DEMO_ELIGIBLE_VOLUNTEER, DEMO_STAR_THRESHOLDS_HOURS, seedBank } from '../../demo/bank-seeder.ts';
import { demoHistoryCheckIns } from '../../demo/data/history.ts';
import { demoVolunteersCsv } from '../../demo/data/volunteers.ts';

describe('demo time bank seed', () => {
  it('spreads stars, leaves one volunteer eligible to apply, and fills two teams', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'demo-bank-')), 'data');
    const now = new Date();
    const store = SqliteStore.open(dataDir);
    await store.migrate();
    expect((await importVolunteers(store, demoVolunteersCsv())).problems).toEqual([]);
    const rules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down' as const, dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 15 * 24 };
    for (const c of demoHistoryCheckIns(now)) await store.recordCheckIns([{ id: c.id, stationId: c.stationId, method: 'card', cardUid: c.card.uid, seq: c.seq, at: c.at }], rules, now.toISOString());
    await store.close();

    const seeded = await seedBank(dataDir, now.toISOString());
    expect(seeded.eligible).toBe(DEMO_ELIGIBLE_VOLUNTEER);
    expect(Object.keys(seeded.stars).filter((star) => star !== '0').length).toBeGreaterThanOrEqual(3);

    const check = SqliteStore.open(dataDir);
    await check.migrate();
    const hours = (await check.bank.serviceRecord(DEMO_ELIGIBLE_VOLUNTEER)).totalMinutes / 60;
    expect(await check.bank.awardedStar(DEMO_ELIGIBLE_VOLUNTEER)).toBeUndefined();
    expect(eligibleStar(hours, 0, DEMO_STAR_THRESHOLDS_HOURS)).toBeGreaterThanOrEqual(1);
    const teams = await check.bank.listTeams();
    expect(teams.map((t) => t.name)).toEqual(['长者饭堂服务队', '便民维修服务队']);
    for (const team of teams) expect((await check.bank.teamFigures(team.id))!.members.length).toBe(10);
    await check.close();
  });
});

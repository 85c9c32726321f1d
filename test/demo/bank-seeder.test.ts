// The demo's time bank through a real central's manager API: `central demo-history import`
// records about four months of history, so the reports have shape by month, while a live
// CheckIn just as old is still held for review; the history spreads volunteers across
// several stars, one is left eligible to apply, and two teams have members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDemoHistory } from '../../central/checkins/demo-history.ts';
import { rulesFromConfig } from '../../central/timebank/rules.ts';
import { loadCentralConfig } from '../../central/config.ts';
import { importTeams } from '../../central/volunteers/import-teams.ts';
import { importVolunteers } from '../../central/volunteers/import-volunteers.ts';
import { DEMO_ELIGIBLE_VOLUNTEER, DEMO_STAR_THRESHOLDS_HOURS, seedStars } from '../../demo/bank-seeder.ts';
import { demoHistoryCheckIns, HISTORY_DAYS } from '../../demo/data/history.ts';
import { eventually } from '../helpers/eventually.ts';
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

  const auth = { authorization: `Basic ${Buffer.from(`${MANAGER.name}:${MANAGER.password}`).toString('base64')}` };

  it('records four months of history as on time, so every month of the reports has service, without widening the live limit', async () => {
    const store = f.central.store;
    expect((await importVolunteers(store, demoVolunteersCsv())).problems).toEqual([]);
    expect((await importTeams(store, demoTeamsCsv())).problems).toEqual([]);
    const loaded = loadCentralConfig(f.configFile, {});
    // The demo's stations are not the fixture's: map each history station onto one the fixture knows.
    const history = demoHistoryCheckIns(now).map((c) => ({ ...c, stationId: c.stationId === 'ST-0003' ? 'ST-0001' : 'ST-0002' }));
    const report = await recordDemoHistory(store, history, loaded.stations, rulesFromConfig(loaded.config, loaded.stations));
    expect(report).toEqual({ recorded: history.length, repeated: 0, problems: [] });
    expect(await recordDemoHistory(store, history, loaded.stations, rulesFromConfig(loaded.config, loaded.stations))).toEqual({ recorded: 0, repeated: history.length, problems: [] });

    const from = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 7);
    const to = now.toISOString().slice(0, 7);
    const figures = (await (await fetch(`${f.adminUrl}/api/reports/service?from=${from}&to=${to}`, { headers: auth })).json()) as { months: { month: string; minutes: number }[] };
    const served = figures.months.filter((m) => m.minutes > 0).map((m) => m.month);
    expect(served.length).toBeGreaterThanOrEqual(4);
    // Only the one who forgot to check out waits for a manager (demo/data/reviews.ts); the rest is credited.
    const sessions = await store.listSessions({ fromDate: '2000-01-01', toDate: '2100-01-01' });
    expect(sessions.filter((s) => s.needsReview).map((s) => s.reviewReasons)).toEqual([['auto-cutoff']]);

    // The live path keeps the fixture's (and the demo's) 6 h limit: a tap dated two months back is held.
    const late = await f.publishCheckIn({ stationId: 'ST-0002', seq: 10_000, card: { uid: '11223344', tech: 'em4100' }, at: new Date(now.getTime() - 60 * 86_400_000).toISOString() });
    const answer = await eventually(() => f.results.find((r) => r.result.id === late.id), 10_000, 'the late tap\'s Result');
    expect(answer.result).toMatchObject({ status: 'accepted', reviewReason: 'clock-behind' });
  });

  it('spreads stars, leaves one volunteer eligible to apply, and fills two teams', async () => {
    const store = f.central.store;

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

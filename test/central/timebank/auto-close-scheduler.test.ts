import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCentralMetrics } from '../../../central/observability/metrics.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { AutoCloseScheduler } from '../../../central/timebank/auto-close-scheduler.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };

describe('auto-close scheduler', () => {
  it('closes sessions left open past the cutoff, counts them, and logs it', async () => {
    const store = SqliteStore.inMemory();
    await store.migrate();
    await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
    await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: 1, at: '2026-11-29T01:00:00.000Z' }], rules, '2026-11-29T01:00:00.100Z');
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const metrics = createCentralMetrics({ defaultMetrics: false });
    let now = new Date('2026-11-29T15:00:00.000Z');
    const scheduler = new AutoCloseScheduler({ store, rules, log, metrics, now: () => now });
    expect(await scheduler.runOnce()).toBe(0);
    now = new Date('2026-11-29T16:00:00.000Z');
    expect(await scheduler.runOnce()).toBe(1);
    expect(await scheduler.runOnce()).toBe(0);
    expect((await metrics.autoClosedTotal.get()).values[0]?.value).toBe(1);
    expect(lines.some((l) => l.includes('auto-closed at the daily cutoff'))).toBe(true);
    const [session] = await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' });
    expect(session).toMatchObject({ endedAt: '2026-11-29T15:30:00.000Z', closedBy: 'auto-cutoff', needsReview: true, points: 0 });
    await scheduler.stop();
    await store.close();
  });

  it('leaves the sessions alone on a replica that does not hold the jobs lease, and closes them once it does', async () => {
    const store = SqliteStore.inMemory();
    await store.migrate();
    await store.upsertVolunteers([{ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }]);
    await store.recordCheckIns([{ id: randomUUID(), stationId: 'ST-0001', method: 'card', cardUid: '04A1B2C3', seq: 1, at: '2026-11-29T01:00:00.000Z' }], rules, '2026-11-29T01:00:00.100Z');
    let holds = false;
    const scheduler = new AutoCloseScheduler({ store, rules, log: pino({ level: 'silent' }), metrics: createCentralMetrics({ defaultMetrics: false }), now: () => new Date('2026-11-29T16:00:00.000Z'), leader: { holds: () => holds } });
    expect(await scheduler.runOnce()).toBe(0);
    expect((await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' }))[0]?.endedAt).toBeUndefined();
    holds = true;
    expect(await scheduler.runOnce()).toBe(1);
    await store.close();
  });
});

// The time bank's manager API over real HTTP on the admin listener, with sessions made by
// real check-ins through Mosquitto: adjustments exactly once under retries, reversals,
// star decisions with their audit, team figures, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashManagerPassword } from '../../../central/managers/manager-password.ts';
import { MANAGER, startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const PASSWORD = 'correct horse';
const basic = (name: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${PASSWORD}`).toString('base64')}` });
const CLOCK = Date.parse('2026-11-29T04:00:00.000Z');

describe('time bank manager API', () => {
  let f: CentralFixture;
  const call = async (method: 'GET' | 'POST', path: string, as = MANAGER.name, body?: unknown, contentType = 'application/json') => {
    const response = await fetch(`${f.adminUrl}${path}`, {
      method,
      headers: { ...basic(as), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are read field by field
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    const hash = hashManagerPassword(PASSWORD);
    f = await startCentralFixture({
      deps: { now: () => new Date(CLOCK) },
      configOverrides: {
        managers: { [MANAGER.name]: hash, 'lead-east': hash, 'lead-west': hash, 'staff-1': hash },
        managerRoles: { 'lead-east': { role: 'team-leader', team: 'T-east' }, 'lead-west': { role: 'team-leader', team: 'T-west' }, 'staff-1': { role: 'site-staff', sites: ['SITE-01'] } },
        stars: { thresholdsHours: [1, 2, 3, 4, 5] },
      },
    });
    const store = f.central.store;
    await store.bank.upsertTeams([{ id: 'T-east', name: '东区队' }, { id: 'T-west', name: '西区队' }]);
    await store.upsertVolunteers([
      { id: 'V-0001', name: '张三丰', cards: ['04A1B2C3'], teamId: 'T-east' },
      { id: 'V-0002', name: 'John Smith', cards: ['0A0B0C0D0E', '11223344'], teamId: 'T-west' },
    ]);
    // V-0001 serves 95 minutes: 3 points, 1.58 hours.
    for (const [seq, at] of [[1, '2026-11-29T02:00:00.000Z'], [2, '2026-11-29T03:35:00.000Z']] as const) {
      const sent = await f.publishCheckIn({ seq, at });
      await eventually(() => f.results.find((r) => r.result.id === sent.id), 10_000, 'Result');
    }
  });
  afterAll(async () => {
    await f?.stop();
  });

  it("shows a volunteer's masked name, balance, star, hours and ledger", async () => {
    const { status, body } = await call('GET', '/api/bank/volunteers/V-0001');
    expect(status).toBe(200);
    expect(body.volunteer).toEqual({ id: 'V-0001', displayName: '张*丰', teamId: 'T-east' });
    expect(body.balance).toBe(3);
    expect(body.star).toMatchObject({ awarded: 0, eligibleStar: 1, progress: { reached: 1, next: { star: 2 } } });
    expect(body.hours).toMatchObject({ totalMinutes: 95, byCategory: [{ key: 'civilised-tourism', minutes: 95 }] });
    expect(body.ledger.entries.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual([['earned', 3]]);
    expect(JSON.stringify(body)).not.toContain('张三丰');
    expect((await call('GET', '/api/bank/volunteers/V-0404')).status).toBe(404);
    expect((await fetch(`${f.adminUrl}/api/bank/volunteers/V-0001`)).status).toBe(401);
  });

  it('an adjustment happens exactly once however often it is re-sent, and a reused request id is refused', async () => {
    const write = { requestId: 'req-adjust-0001', points: 5, reason: 'helped at the book fair' };
    const replies = await Promise.all([1, 2, 3, 4].map(() => call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, write)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const ids = new Set(replies.map((r) => r.body.entry.id));
    expect(ids.size).toBe(1);
    expect(replies[0]!.body.entry).toMatchObject({ kind: 'adjusted', points: 5, balanceAfter: 8, actor: 'manager:alice', reason: 'helped at the book fair' });
    expect((await call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, write)).status).toBe(200);
    const reused = await call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, { ...write, points: 50 });
    expect(reused).toMatchObject({ status: 409, body: { reason: 'request-id-reused' } });
    expect((await call('GET', '/api/bank/volunteers/V-0001')).body.balance).toBe(8);
  });

  it('refuses an adjustment that would take the balance below 0, or that lacks a request id or reason, saying why', async () => {
    expect(await call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, { requestId: 'req-too-much-01', points: -100, reason: 'correction' })).toMatchObject({
      status: 409,
      body: { reason: 'insufficient-points', balance: 8 },
    });
    const bad = await call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, { points: 1.5, reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.join(' ')).toMatch(/requestId.*is required|requestId/);
    expect(bad.body.issues.join(' ')).toMatch(/points/);
    expect(bad.body.issues.join(' ')).toMatch(/reason/);
    expect((await call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, 'requestId=req-form-000001&points=1&reason=form', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await call('GET', '/api/bank/volunteers/V-0001')).body.balance).toBe(8);
  });

  it('reverses an entry once, with a reason; a reversal cannot be reversed', async () => {
    const adjusted = await call('POST', '/api/bank/volunteers/V-0001/adjustments', MANAGER.name, { requestId: 'req-adjust-0002', points: 2, reason: 'typo follows' });
    const entryId = adjusted.body.entry.id as number;
    const reversal = { requestId: 'req-reverse-0001', reason: 'entered twice' };
    const first = await call('POST', `/api/bank/entries/${entryId}/reversal`, MANAGER.name, reversal);
    expect(first).toMatchObject({ status: 201, body: { entry: { kind: 'reversed', points: -2, reversesId: entryId, reason: 'entered twice', balanceAfter: 8 } } });
    expect((await call('POST', `/api/bank/entries/${entryId}/reversal`, MANAGER.name, reversal)).status).toBe(200);
    expect(await call('POST', `/api/bank/entries/${entryId}/reversal`, MANAGER.name, { requestId: 'req-reverse-0002', reason: 'again' })).toMatchObject({ status: 409, body: { reason: 'already-reversed' } });
    expect(await call('POST', `/api/bank/entries/${first.body.entry.id}/reversal`, MANAGER.name, { requestId: 'req-reverse-0003', reason: 'undo undo' })).toMatchObject({ status: 409, body: { reason: 'not-reversible' } });
    expect((await call('POST', '/api/bank/entries/999999/reversal', MANAGER.name, { requestId: 'req-reverse-0004', reason: 'nothing' })).status).toBe(404);
  });

  it('a star application is approved or declined with a reason, once, and audited', async () => {
    const applied = await f.central.store.bank.applyForStar({ id: 'app-0001', volunteerId: 'V-0001', star: 1, at: new Date(CLOCK).toISOString() });
    expect(applied.ok).toBe(true);
    const list = await call('GET', '/api/bank/star-applications?status=pending');
    expect(list.body.applications).toEqual([expect.objectContaining({ id: 'app-0001', volunteerId: 'V-0001', displayName: '张*丰', star: 1, status: 'pending', minutes: 95 })]);
    const noReason = await call('POST', '/api/bank/star-applications/app-0001/decision', MANAGER.name, { decision: 'decline' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0]).toMatch(/reason/);
    const approved = await call('POST', '/api/bank/star-applications/app-0001/decision', MANAGER.name, { decision: 'approve', reason: 'hours checked' });
    expect(approved).toMatchObject({ status: 201, body: { star: 1, application: { status: 'approved', decidedBy: 'manager:alice', reason: 'hours checked' } } });
    expect((await call('POST', '/api/bank/star-applications/app-0001/decision', MANAGER.name, { decision: 'approve', reason: 'hours checked' })).status).toBe(200);
    expect(await call('POST', '/api/bank/star-applications/app-0001/decision', MANAGER.name, { decision: 'decline', reason: 'changed my mind' })).toMatchObject({ status: 409, body: { reason: 'already-decided' } });
    expect((await call('GET', '/api/bank/volunteers/V-0001')).body.star).toMatchObject({ awarded: 1, awardedBy: 'manager:alice', pendingApplication: null });
    const audit = await fetch(`${f.adminUrl}/api/audit?volunteer=V-0001`, { headers: basic(MANAGER.name) });
    const entries = ((await audit.json()) as { entries: { action: string; actor: string; detail: Record<string, unknown> }[] }).entries;
    expect(entries[0]).toMatchObject({ action: 'star-approved', actor: 'manager:alice', detail: { from: 0, to: 1, reason: 'hours checked' } });
  });

  it('site staff read a record but may not adjust, reverse or decide', async () => {
    expect((await call('GET', '/api/bank/volunteers/V-0001', 'staff-1')).status).toBe(200);
    const adjust = await call('POST', '/api/bank/volunteers/V-0001/adjustments', 'staff-1', { requestId: 'req-staff-0001', points: 100, reason: 'a gift' });
    expect(adjust).toMatchObject({ status: 403, body: { error: expect.stringContaining('needs a city manager') } });
    expect((await call('POST', '/api/bank/entries/1/reversal', 'staff-1', { requestId: 'req-staff-0002', reason: 'no' })).status).toBe(403);
    await f.central.store.bank.applyForStar({ id: 'app-0002', volunteerId: 'V-0002', star: 1, at: new Date(CLOCK).toISOString() });
    expect((await call('POST', '/api/bank/star-applications/app-0002/decision', 'staff-1', { decision: 'approve' })).status).toBe(403);
    expect(await call('GET', '/api/bank/teams', 'staff-1')).toMatchObject({
      status: 403,
      body: { message: { zh: '账号“staff-1”是站点工作人员：团队数据仅供市级管理员和团队负责人查看。', en: 'The account "staff-1" is site staff; team figures are for city managers and team leaders.' } },
    });
    expect((await call('GET', '/api/bank/volunteers/V-0001')).body.balance).toBe(8);
    expect((await f.central.store.bank.findStarApplication('app-0002'))?.status).toBe('pending');
  });

  it("a team leader sees only their own team's figures, members and applications", async () => {
    const east = await call('GET', '/api/bank/teams/T-east', 'lead-east');
    expect(east).toMatchObject({ status: 200, body: { id: 'T-east', totalMinutes: 95, members: [{ volunteerId: 'V-0001', displayName: '张*丰', minutes: 95, star: 1 }] } });
    expect(JSON.stringify(east.body)).not.toContain('张三丰');
    expect((await call('GET', '/api/bank/teams', 'lead-east')).body.teams).toEqual([{ id: 'T-east', name: '东区队', members: 1, totalMinutes: 95, sessions: 1 }]);
    expect((await call('GET', '/api/bank/teams')).body.teams.map((t: { id: string }) => t.id)).toEqual(['T-east', 'T-west']);
    const wrongTeam = await call('GET', '/api/bank/teams/T-east', 'lead-west');
    expect(wrongTeam).toMatchObject({ status: 403, body: { error: expect.stringContaining('leads team T-west') } });
    expect((await call('GET', '/api/bank/volunteers/V-0001', 'lead-west')).status).toBe(403);
    expect((await call('GET', '/api/bank/volunteers/V-0001/ledger', 'lead-west')).status).toBe(403);
    expect((await call('GET', '/api/bank/volunteers/V-0002', 'lead-west')).status).toBe(200);
    expect((await call('GET', '/api/bank/star-applications', 'lead-west')).body.applications.map((a: { id: string }) => a.id)).toEqual(['app-0002']);
    expect((await call('POST', '/api/bank/volunteers/V-0002/adjustments', 'lead-west', { requestId: 'req-lead-00001', points: 1, reason: 'team bonus' })).status).toBe(403);
  });

  it('a city manager awards a star directly, raising only, audited; others may not', async () => {
    expect((await call('POST', '/api/bank/volunteers/V-0002/star', 'staff-1', { star: 2, reason: 'from the provincial platform' })).status).toBe(403);
    expect((await call('POST', '/api/bank/volunteers/V-0002/star', 'lead-west', { star: 2, reason: 'from the provincial platform' })).status).toBe(403);
    expect((await call('POST', '/api/bank/volunteers/V-0002/star', MANAGER.name, { star: 6, reason: 'too many' })).status).toBe(400);
    expect(await call('POST', '/api/bank/volunteers/V-0002/star', MANAGER.name, { star: 2, reason: 'from the provincial platform' })).toEqual({ status: 201, body: { star: 2, changed: true } });
    expect(await call('POST', '/api/bank/volunteers/V-0002/star', MANAGER.name, { star: 1, reason: 'lower?' })).toEqual({ status: 200, body: { star: 2, changed: false } });
    const audit = await fetch(`${f.adminUrl}/api/audit?volunteer=V-0002`, { headers: basic(MANAGER.name) });
    expect(((await audit.json()) as { entries: unknown[] }).entries[0]).toMatchObject({ action: 'star-awarded', actor: 'manager:alice', detail: { from: 0, to: 2, reason: 'from the provincial platform' } });
  });

  it('pages the ledger, newest first', async () => {
    const first = await call('GET', '/api/bank/volunteers/V-0001/ledger?limit=2');
    expect(first.body.entries).toHaveLength(2);
    const older = await call('GET', `/api/bank/volunteers/V-0001/ledger?limit=2&before=${first.body.nextBeforeId}`);
    expect(older.body.entries[0].id).toBeLessThan(first.body.entries[1].id);
    expect((await call('GET', '/api/bank/volunteers/V-0001/ledger?limit=abc')).status).toBe(400);
  });
});

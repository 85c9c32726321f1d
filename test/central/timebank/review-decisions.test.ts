import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../central/store/review-store.ts';
import { checkCorrection, creditWrite, overlapProblem, planDecision, reviewQueue } from '../../../central/timebank/review-decisions.ts';

const rules = { pointsPerHour: 2, pointsRounding: 'down', timeZone: 'Asia/Shanghai' } as const;
const held: ReviewItem = {
  id: 'session:S-1',
  source: 'session',
  state: 'pending',
  raisedAt: '2026-11-29T15:30:00.000Z',
  volunteerId: 'V-1',
  volunteerName: '张三丰',
  stationId: 'ST-0001',
  sessionId: 'S-1',
  startedAt: '2026-11-29T01:00:00.000Z',
  endedAt: '2026-11-29T15:30:00.000Z',
  minutes: 870,
  points: 0,
  reasons: ['auto-cutoff'],
};
const decide = { requestId: 'q', itemId: held.id, reason: 'sheet', actor: 'manager:alice', at: '2026-11-30T01:00:00.000Z' };

describe('review decisions', () => {
  it('credits the real end time: the session write and the points the ledger must hold', () => {
    const planned = planDecision(held, { ...decide, outcome: 'credit', endedAt: '2026-11-29T04:00:00.000Z' }, rules);
    expect(planned).toMatchObject({
      ok: true,
      plan: { sessionWrite: { kind: 'credit', id: 'S-1', minutes: 180, points: 6 }, creditTarget: 6, decision: { outcome: 'credited', old: { minutes: 870, points: 0 }, new: { minutes: 180, points: 6 } } },
    });
  });

  it('declines a held session to 0 minutes, and refuses an end time it cannot be', () => {
    expect(planDecision(held, { ...decide, outcome: 'decline' }, rules)).toMatchObject({ ok: true, plan: { sessionWrite: { kind: 'decline' }, creditTarget: 0, decision: { new: { minutes: 0, points: 0 } } } });
    expect(planDecision(held, { ...decide, outcome: 'credit' }, rules)).toMatchObject({ ok: false, reason: 'invalid-end-time' });
    expect(planDecision(held, { ...decide, outcome: 'credit', endedAt: '2026-11-29T00:30:00.000Z' }, rules)).toMatchObject({ ok: false, reason: 'invalid-end-time' });
  });

  it('writes only the difference to what the ledger holds for the session', () => {
    const planned = planDecision(held, { ...decide, outcome: 'credit', endedAt: '2026-11-29T04:00:00.000Z' }, rules);
    if (!planned.ok) throw new Error('planned');
    expect(creditWrite(6, 6, planned.plan.decision, 'V-1')).toBeUndefined();
    expect(creditWrite(8, 6, planned.plan.decision, 'V-1')).toMatchObject({ kind: 'adjusted', points: -2, requestId: 'review:session:S-1', sessionId: 'S-1' });
    expect(creditWrite(1, 6, planned.plan.decision, 'V-1')).toMatchObject({ kind: 'earned', points: 5 });
  });

  it('takes a correction about a closed session of the volunteer with none pending', () => {
    const input = { requestId: 'q', volunteerId: 'V-1', kind: 'missing-checkout', sessionId: 'S-1', endedAt: '2026-11-29T05:00:00.000Z', at: '2026-11-30T01:00:00.000Z' } as const;
    const session = { volunteerId: 'V-1', stationId: 'ST-0001', startedAt: '2026-11-29T01:00:00.000Z', endedAt: '2026-11-29T15:30:00.000Z' };
    expect(checkCorrection(input, { volunteerKnown: true, session, pendingCorrection: false })).toMatchObject({ ok: true, subject: { stationId: 'ST-0001' } });
    expect(checkCorrection(input, { volunteerKnown: false, session, pendingCorrection: false })).toEqual({ ok: false, reason: 'not-your-session' });
    expect(checkCorrection(input, { volunteerKnown: true, pendingCorrection: false })).toEqual({ ok: false, reason: 'unknown-session' });
    expect(checkCorrection(input, { volunteerKnown: true, session: { ...session, volunteerId: 'V-2' }, pendingCorrection: false })).toEqual({ ok: false, reason: 'not-your-session' });
    const { endedAt: _open, ...openSession } = session;
    expect(checkCorrection(input, { volunteerKnown: true, session: openSession, pendingCorrection: false })).toEqual({ ok: false, reason: 'session-still-open' });
    expect(checkCorrection(input, { volunteerKnown: true, session, pendingCorrection: true })).toEqual({ ok: false, reason: 'correction-pending' });
  });

  it('finds an overlap with a recorded session, an open one lasting until now', () => {
    const subject = { stationId: 'ST-0001', startedAtMs: Date.parse('2026-11-29T02:00:00.000Z'), endedAtMs: Date.parse('2026-11-29T03:00:00.000Z') };
    expect(overlapProblem(subject, [{ startedAt: '2026-11-29T03:00:00.000Z', endedAt: '2026-11-29T04:00:00.000Z' }], Date.now())).toBeUndefined();
    expect(overlapProblem(subject, [{ startedAt: '2026-11-29T01:00:00.000Z' }], Date.parse('2026-11-29T05:00:00.000Z'))).toMatch(/overlaps/);
  });

  it('filters and orders the queue oldest first', () => {
    const later = { ...held, id: 'correction:C-1', source: 'correction' as const, stationId: 'ST-0002', raisedAt: '2026-11-30T01:00:00.000Z' };
    expect(reviewQueue([later, held], {}).map((i) => i.id)).toEqual(['session:S-1', 'correction:C-1']);
    expect(reviewQueue([later, held], { stationIds: ['ST-0002'] }).map((i) => i.id)).toEqual(['correction:C-1']);
    expect(reviewQueue([later, held], { raisedBefore: '2026-11-29T20:00:00.000Z' }).map((i) => i.id)).toEqual(['session:S-1']);
    expect(reviewQueue([later, held], { limit: 1 })).toHaveLength(1);
  });
});

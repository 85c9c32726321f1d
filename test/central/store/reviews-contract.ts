/**
 * Part of the CentralStore contract (describeStoreContract runs it): the review queue.
 * Held sessions (auto-cutoff, clock rules) and volunteers' corrections are queued; a
 * manager credits or declines each once; crediting reaches the ledger in the same step,
 * never twice for one session; every decision is audited with old -> new and why.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore } from '../../../central/store/central-store.ts';
import type { CorrectionInput, ReviewDecisionInput } from '../../../central/store/review-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
const NOW = '2026-11-29T12:00:00.000Z';
/** The decisions are taken the next morning. */
const LATER = '2026-11-30T01:00:00.000Z';
let seq = 0;
const tap = (at: string, cardUid = '04A1B2C3', stationId = 'ST-0001'): CardCheckInRequest => ({ id: randomUUID(), stationId, method: 'card', cardUid, seq: ++seq, at });
const credit = (itemId: string, endedAt: string, extra: Partial<ReviewDecisionInput> = {}): ReviewDecisionInput => ({
  requestId: randomUUID(),
  itemId,
  outcome: 'credit',
  endedAt,
  reason: 'checked the sign-in sheet',
  actor: 'manager:alice',
  at: LATER,
  ...extra,
});
const decline = (itemId: string, extra: Partial<ReviewDecisionInput> = {}): ReviewDecisionInput => ({
  requestId: randomUUID(),
  itemId,
  outcome: 'decline',
  reason: 'not on the sign-in sheet',
  actor: 'manager:alice',
  at: LATER,
  ...extra,
});
const correction = (extra: Partial<CorrectionInput> & Pick<CorrectionInput, 'kind' | 'endedAt'>): CorrectionInput => ({ requestId: randomUUID(), volunteerId: 'V-1', at: LATER, ...extra });

export function describeReviewsContract(name: string, createStore: () => Promise<CentralStore>): void {
  describe(`CentralStore contract, reviews and corrections: ${name}`, () => {
    let store: CentralStore;
    /** V-1's session on 29 Nov, auto-closed at the 23:30 cutoff with 0 points. */
    let autoClosedId: string;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
        { id: 'V-2', name: 'John Smith', cards: ['11223344'] },
      ]);
      await store.recordCheckIns([tap('2026-11-29T01:00:00.000Z')], rules, NOW);
      await store.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:30:00.000Z'));
      autoClosedId = (await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29', volunteerId: 'V-1' }))[0]!.id;
    });
    afterEach(async () => {
      await store.close();
    });

    const sessionOf = async (id: string) => (await store.listSessions({ fromDate: '2026-11-01', toDate: '2026-11-30' })).find((s) => s.id === id)!;

    it('queues a session auto-closed at the cutoff, with its reason and nothing credited', async () => {
      const items = await store.reviews.list();
      expect(items).toEqual([
        expect.objectContaining({
          id: `session:${autoClosedId}`,
          source: 'session',
          state: 'pending',
          volunteerId: 'V-1',
          stationId: 'ST-0001',
          startedAt: '2026-11-29T01:00:00.000Z',
          endedAt: '2026-11-29T15:30:00.000Z',
          points: 0,
          reasons: ['auto-cutoff'],
          raisedAt: '2026-11-29T15:30:00.000Z',
        }),
      ]);
    });

    it('queues a session held by the clock rules once it is closed, not while it is open', async () => {
      // Taps delivered 25 h late: central cannot date them, so the session is held (clock-behind).
      const late = '2026-11-29T02:00:00.000Z';
      await store.recordCheckIns([tap('2026-11-28T01:00:00.000Z', '11223344', 'ST-0002')], rules, late);
      expect((await store.reviews.list()).map((i) => i.volunteerId)).toEqual(['V-1']);
      await store.recordCheckIns([tap('2026-11-28T03:00:00.000Z', '11223344', 'ST-0002')], rules, late);
      const held = (await store.reviews.list()).find((i) => i.volunteerId === 'V-2');
      expect(held).toMatchObject({ source: 'session', state: 'pending', reasons: ['clock-behind'], minutes: 0, points: 0, stationId: 'ST-0002' });
    });

    it('filters the queue by stations, state and age', async () => {
      const asked = await store.reviews.requestCorrection(
        correction({ kind: 'missing-session', stationId: 'ST-0002', startedAt: '2026-11-27T01:00:00.000Z', endedAt: '2026-11-27T03:00:00.000Z', note: 'forgot my card' }),
      );
      expect(asked.ok).toBe(true);
      expect((await store.reviews.list()).map((i) => i.source)).toEqual(['session', 'correction']);
      expect((await store.reviews.list({ stationIds: ['ST-0002'] })).map((i) => i.source)).toEqual(['correction']);
      expect(await store.reviews.list({ stationIds: [] })).toEqual([]);
      // Raised at the cutoff of 29 Nov, and asked on 30 Nov.
      expect((await store.reviews.list({ raisedBefore: '2026-11-29T20:00:00.000Z' })).map((i) => i.source)).toEqual(['session']);
      await store.reviews.decide(decline(`session:${autoClosedId}`), rules);
      expect((await store.reviews.list({ state: 'declined' })).map((i) => i.id)).toEqual([`session:${autoClosedId}`]);
      expect((await store.reviews.list({ state: 'pending' })).map((i) => i.source)).toEqual(['correction']);
      expect(await store.reviews.list({ state: 'all' })).toHaveLength(2);
    });

    it('credits the real end time: minutes, points and the ledger in one step, audited old -> new', async () => {
      const outcome = await store.reviews.decide(credit(`session:${autoClosedId}`, '2026-11-29T04:00:00.000Z'), rules);
      expect(outcome).toMatchObject({
        ok: true,
        repeated: false,
        decision: {
          outcome: 'credited',
          actor: 'manager:alice',
          reason: 'checked the sign-in sheet',
          old: { endedAt: '2026-11-29T15:30:00.000Z', minutes: 870, points: 0 },
          new: { endedAt: '2026-11-29T04:00:00.000Z', minutes: 180, points: 6 },
        },
        item: { state: 'credited' },
      });
      expect(await sessionOf(autoClosedId)).toMatchObject({ endedAt: '2026-11-29T04:00:00.000Z', minutes: 180, points: 6, needsReview: false });
      const [entry] = (await store.ledger.entries('V-1')).entries;
      expect(entry).toMatchObject({ kind: 'earned', points: 6, balanceAfter: 6, sessionId: autoClosedId, requestId: `review:session:${autoClosedId}`, actor: 'manager:alice' });
      expect(outcome.ok && outcome.decision.ledgerEntryId).toBe(entry!.id);
      expect(await store.ledger.balance('V-1')).toBe(6);
      expect(await store.reviews.list()).toEqual([]);
      const [audit] = await store.phone.listAudit({ volunteerId: 'V-1' });
      expect(audit).toMatchObject({
        actor: 'manager:alice',
        action: 'review-credited',
        detail: { itemId: `session:${autoClosedId}`, old: { minutes: 870, points: 0 }, new: { minutes: 180, points: 6 }, reason: 'checked the sign-in sheet' },
      });
      const trail = await store.reviews.trail(`session:${autoClosedId}`);
      expect(trail.map((e) => [e.action, e.actor])).toEqual([
        ['held', 'central'],
        ['credited', 'manager:alice'],
      ]);
    });

    it('declines with a reason: nothing credited, the session counts 0 minutes', async () => {
      const outcome = await store.reviews.decide(decline(`session:${autoClosedId}`), rules);
      expect(outcome).toMatchObject({ ok: true, decision: { outcome: 'declined', reason: 'not on the sign-in sheet', new: { minutes: 0, points: 0 } } });
      expect(await sessionOf(autoClosedId)).toMatchObject({ endedAt: '2026-11-29T15:30:00.000Z', minutes: 0, points: 0, needsReview: false });
      expect((await store.ledger.entries('V-1')).entries).toEqual([]);
      expect((await store.phone.listAudit({ volunteerId: 'V-1' }))[0]).toMatchObject({ action: 'review-declined', actor: 'manager:alice' });
    });

    it('decides once: a retry returns the stored decision, a second decision is refused, a reused id too', async () => {
      const first = credit(`session:${autoClosedId}`, '2026-11-29T04:00:00.000Z');
      const a = await store.reviews.decide(first, rules);
      const again = await store.reviews.decide({ ...first, at: '2026-11-30T02:00:00.000Z' }, rules);
      expect(again).toMatchObject({ ok: true, repeated: true, decision: a.ok ? a.decision : {} });
      const second = await store.reviews.decide(credit(`session:${autoClosedId}`, '2026-11-29T06:00:00.000Z'), rules);
      expect(second).toMatchObject({ ok: false, reason: 'already-decided', decision: { outcome: 'credited', new: { minutes: 180 } } });
      expect(await store.reviews.decide(decline(`session:${autoClosedId}`), rules)).toMatchObject({ ok: false, reason: 'already-decided' });
      expect(await store.reviews.decide({ ...first, outcome: 'decline' }, rules)).toEqual({ ok: false, reason: 'request-id-reused' });
      expect(await store.ledger.balance('V-1')).toBe(6);
      expect((await store.ledger.entries('V-1')).entries).toHaveLength(1);
      expect(await store.phone.listAudit({ volunteerId: 'V-1' })).toHaveLength(1);
    });

    it('two decisions raced at once: exactly one is stored', async () => {
      const outcomes = await Promise.all([
        store.reviews.decide(credit(`session:${autoClosedId}`, '2026-11-29T04:00:00.000Z'), rules),
        store.reviews.decide(decline(`session:${autoClosedId}`), rules),
      ]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason)).toEqual(['already-decided']);
    });

    it('refuses an impossible end time and changes nothing', async () => {
      for (const endedAt of ['2026-11-29T00:30:00.000Z', '2026-12-05T00:00:00.000Z', '2026-11-30T02:00:00.000Z']) {
        const refused = await store.reviews.decide(credit(`session:${autoClosedId}`, endedAt), rules);
        expect(refused).toMatchObject({ ok: false, reason: 'invalid-end-time', problem: expect.any(String) });
      }
      expect(await store.reviews.decide(credit(`session:${autoClosedId}`, '2026-11-29T04:00:00.000Z', { endedAt: undefined }), rules)).toMatchObject({ ok: false, reason: 'invalid-end-time' });
      expect(await store.reviews.decide(credit('session:nope', '2026-11-29T04:00:00.000Z'), rules)).toEqual({ ok: false, reason: 'unknown-item' });
      expect((await store.reviews.list()).map((i) => i.state)).toEqual(['pending']);
      expect(await sessionOf(autoClosedId)).toMatchObject({ minutes: 870, needsReview: true });
    });

    it('a correction and the hold of one session never credit it twice', async () => {
      const asked = await store.reviews.requestCorrection(correction({ kind: 'missing-checkout', sessionId: autoClosedId, endedAt: '2026-11-29T05:00:00.000Z' }));
      expect(asked).toMatchObject({ ok: true, correction: { kind: 'missing-checkout', stationId: 'ST-0001', state: 'pending' } });
      expect((await store.reviews.list()).map((i) => i.source)).toEqual(['session', 'correction']);
      await store.reviews.decide(credit(`session:${autoClosedId}`, '2026-11-29T04:00:00.000Z'), rules);
      const correctionId = asked.ok ? asked.correction.id : '';
      // The correction defaults to the end time asked for: 4 h, 8 points; 6 were credited.
      const second = await store.reviews.decide({ ...credit(`correction:${correctionId}`, ''), endedAt: undefined }, rules);
      expect(second).toMatchObject({ ok: true, decision: { old: { minutes: 180, points: 6 }, new: { endedAt: '2026-11-29T05:00:00.000Z', minutes: 240, points: 8 } } });
      expect((await store.ledger.entries('V-1')).entries.map((e) => [e.kind, e.points, e.balanceAfter])).toEqual([
        ['earned', 2, 8],
        ['earned', 6, 6],
      ]);
      const mine = await store.reviews.correctionsOf('V-1');
      expect(mine).toMatchObject([{ id: correctionId, state: 'credited', decision: { outcome: 'credited', reason: 'checked the sign-in sheet' } }]);
      expect((await store.reviews.trail(`session:${autoClosedId}`)).map((e) => e.action)).toEqual(['held', 'correction-requested', 'credited', 'credited']);
    });

    it('a wrong end time on a tap-closed session credits only the difference to its earned points', async () => {
      await store.recordCheckIns([tap('2026-11-30T00:00:00.000Z', '11223344'), tap('2026-11-30T00:30:00.000Z', '11223344')], rules, LATER);
      const session = (await store.listSessions({ fromDate: '2026-11-30', toDate: '2026-11-30', volunteerId: 'V-2' }))[0]!;
      expect(await store.ledger.balance('V-2')).toBe(1);
      const asked = await store.reviews.requestCorrection(correction({ volunteerId: 'V-2', kind: 'wrong-end-time', sessionId: session.id, endedAt: '2026-11-30T01:00:00.000Z', at: '2026-11-30T02:00:00.000Z' }));
      const id = asked.ok ? asked.correction.id : '';
      const decided = await store.reviews.decide({ ...credit(`correction:${id}`, '2026-11-30T01:00:00.000Z'), at: '2026-11-30T02:00:00.000Z' }, rules);
      expect(decided).toMatchObject({ ok: true, decision: { old: { minutes: 30, points: 1 }, new: { minutes: 60, points: 2 } } });
      expect((await store.ledger.entries('V-2')).entries.map((e) => [e.kind, e.points, e.requestId])).toEqual([
        ['earned', 1, `review:correction:${id}`],
        ['earned', 1, `earned:${session.id}`],
      ]);
    });

    it('a credited missing session becomes a session of the record; a declined correction changes nothing', async () => {
      const missing = await store.reviews.requestCorrection(correction({ kind: 'missing-session', stationId: 'ST-0002', startedAt: '2026-11-27T01:00:00.000Z', endedAt: '2026-11-27T03:00:00.000Z' }));
      const wrong = await store.reviews.requestCorrection(correction({ kind: 'wrong-end-time', sessionId: autoClosedId, endedAt: '2026-11-29T09:00:00.000Z' }));
      const missingId = missing.ok ? missing.correction.id : '';
      const wrongId = wrong.ok ? wrong.correction.id : '';
      expect(await store.reviews.decide({ ...credit(`correction:${missingId}`, ''), endedAt: undefined }, rules)).toMatchObject({ ok: true, decision: { old: {}, new: { minutes: 120, points: 4 } } });
      expect(await store.reviews.decide(decline(`correction:${wrongId}`), rules)).toMatchObject({ ok: true, decision: { outcome: 'declined' } });
      const created = (await store.listSessions({ fromDate: '2026-11-27', toDate: '2026-11-27', volunteerId: 'V-1' }))[0];
      expect(created).toMatchObject({ stationId: 'ST-0002', startedAt: '2026-11-27T01:00:00.000Z', endedAt: '2026-11-27T03:00:00.000Z', minutes: 120, points: 4, closedBy: 'correction', needsReview: false });
      expect(await sessionOf(autoClosedId)).toMatchObject({ minutes: 870, needsReview: true });
      expect(await store.ledger.balance('V-1')).toBe(4);
      expect((await store.reviews.correctionsOf('V-1')).map((c) => [c.kind, c.state])).toEqual([
        ['wrong-end-time', 'declined'],
        ['missing-session', 'credited'],
      ]);
      expect((await store.reviews.trail(`correction:${missingId}`)).map((e) => e.action)).toEqual(['correction-requested', 'credited']);
    });

    it('takes a correction request once per request id, and refuses what it cannot be', async () => {
      const write = correction({ kind: 'missing-checkout', sessionId: autoClosedId, endedAt: '2026-11-29T05:00:00.000Z' });
      const first = await store.reviews.requestCorrection(write);
      expect(await store.reviews.requestCorrection({ ...write, at: '2026-11-30T01:05:00.000Z' })).toEqual({ ...first, repeated: true });
      expect(await store.reviews.requestCorrection({ ...write, endedAt: '2026-11-29T06:00:00.000Z' })).toEqual({ ok: false, reason: 'request-id-reused' });
      expect(await store.reviews.requestCorrection(correction({ kind: 'wrong-end-time', sessionId: autoClosedId, endedAt: '2026-11-29T06:00:00.000Z' }))).toEqual({ ok: false, reason: 'correction-pending' });
      expect(await store.reviews.requestCorrection(correction({ volunteerId: 'V-2', kind: 'missing-checkout', sessionId: autoClosedId, endedAt: '2026-11-29T05:00:00.000Z' }))).toEqual({
        ok: false,
        reason: 'not-your-session',
      });
      expect(await store.reviews.requestCorrection(correction({ kind: 'missing-checkout', sessionId: 'nope', endedAt: '2026-11-29T05:00:00.000Z' }))).toEqual({ ok: false, reason: 'unknown-session' });
      await store.recordCheckIns([tap('2026-11-30T00:00:00.000Z')], rules, LATER);
      const open = (await store.listSessions({ fromDate: '2026-11-30', toDate: '2026-11-30', volunteerId: 'V-1' }))[0]!;
      expect(await store.reviews.requestCorrection(correction({ kind: 'missing-checkout', sessionId: open.id, endedAt: '2026-11-30T00:30:00.000Z' }))).toEqual({ ok: false, reason: 'session-still-open' });
      // Overlapping the session already recorded on 29 Nov, and in the future.
      expect(
        await store.reviews.requestCorrection(correction({ kind: 'missing-session', stationId: 'ST-0001', startedAt: '2026-11-29T02:00:00.000Z', endedAt: '2026-11-29T03:00:00.000Z' })),
      ).toMatchObject({ ok: false, reason: 'invalid-times', problem: expect.stringContaining('overlaps') });
      expect(
        await store.reviews.requestCorrection(correction({ kind: 'missing-session', stationId: 'ST-0001', startedAt: '2026-11-30T02:00:00.000Z', endedAt: '2026-11-30T05:00:00.000Z' })),
      ).toMatchObject({ ok: false, reason: 'invalid-times', problem: expect.stringContaining('future') });
      expect(await store.reviews.correctionsOf('V-1')).toHaveLength(1);
      expect(await store.reviews.correctionsOf('V-2')).toEqual([]);
    });
  });
}

/**
 * The contract every CentralStore implementation must pass (SQLite today, PostgreSQL
 * later): call `describeStoreContract(name, factory)` from the implementation's test.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardCheckInRequest, CentralStore, QrCheckInRequest } from '../../../central/store/central-store.ts';
import type { TimeBankRules } from '../../../central/timebank/rules.ts';
import { describePhoneStoreContract } from './phone-store-contract.ts';
import { describeTrustedTimeContract } from './trusted-time-contract.ts';
import { describeLedgerContract } from './ledger-contract.ts';
import { describeReviewsContract } from './reviews-contract.ts';
import { describeCertificateReportContract } from './certificate-report-contract.ts';
import { describeBankContract } from './bank-contract.ts';
import { describeShopContract } from './shop-contract.ts';

const rules: TimeBankRules = { minSessionMinutes: 2, pointsPerHour: 2, pointsRounding: 'down', dailyCutoff: '23:30', timeZone: 'Asia/Shanghai', maxCheckInAgeHours: 24 };
const NOW = '2026-11-29T12:00:00.000Z';
/** Central's clock for taps on the next day: a tap dated ahead of central's clock is refused. */
const NEXT_DAY_NOW = '2026-11-30T02:00:00.000Z';

const tap = (at: string, extra: Partial<CardCheckInRequest> = {}): CardCheckInRequest => ({
  id: randomUUID(),
  stationId: 'ST-0001',
  method: 'card',
  cardUid: '04A1B2C3',
  seq: 1,
  at,
  ...extra,
});
const qrCheckIn = (at: string, volunteerId: string, qrToken: string): QrCheckInRequest => ({ id: randomUUID(), stationId: 'ST-0001', method: 'qr', volunteerId, qrToken, at });

/** The parts beyond the core (check-ins, sessions, volunteers, seq, meta), each its own file. */
export const STORE_CONTRACT_PARTS = ['phone', 'trusted-time', 'ledger', 'reviews', 'certificates', 'bank', 'shop'] as const;
export type StoreContractPart = (typeof STORE_CONTRACT_PARTS)[number];

/** `parts`: a store whose sub-stores are ported one at a time runs the parts it has; the default is all. */
export function describeStoreContract(name: string, createStore: () => Promise<CentralStore>, parts: readonly StoreContractPart[] = STORE_CONTRACT_PARTS): void {
  const has = (part: StoreContractPart) => parts.includes(part);
  describe(`CentralStore contract: ${name}`, () => {
    let store: CentralStore;
    beforeEach(async () => {
      store = await createStore();
      await store.migrate();
      await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] },
        { id: 'V-2', name: 'John Smith', cards: ['11223344', '0A0B0C0D'] },
      ]);
    });
    afterEach(async () => {
      await store.close();
    });

    it('migrating twice is harmless and reports the schema version', async () => {
      const version = await store.migrate();
      expect(version).toBeGreaterThanOrEqual(1);
    });

    it('records an id once and returns the stored Result for every repeat, in one batch or across batches', async () => {
      const first = tap('2026-11-29T01:00:00.000Z', { seq: 1 });
      const [a, b] = await store.recordCheckIns([first, first], rules, NOW);
      const [c] = await store.recordCheckIns([first], rules, '2026-11-29T13:00:00.000Z');
      expect(a).toMatchObject({ kind: 'recorded', repeated: false, result: { status: 'accepted', direction: 'in', at: NOW } });
      expect(b).toEqual({ kind: 'recorded', repeated: true, result: a!.kind === 'recorded' ? a!.result : undefined });
      expect(c).toEqual(b);
      expect(await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' })).toHaveLength(1);
    });

    it('pairs taps into sessions, with duplicates, minutes today and a points balance', async () => {
      const outcomes = await store.recordCheckIns(
        [tap('2026-11-29T01:00:00.000Z'), tap('2026-11-29T01:01:00.000Z'), tap('2026-11-29T02:00:00.000Z'), tap('2026-11-29T03:00:00.000Z'), tap('2026-11-29T04:31:00.000Z')],
        rules,
        NOW,
      );
      const results = outcomes.map((o) => (o.kind === 'recorded' ? o.result : undefined));
      expect(results.map((r) => [r?.status, r?.direction])).toEqual([
        ['accepted', 'in'],
        ['duplicate', 'in'],
        ['accepted', 'out'],
        ['accepted', 'in'],
        ['accepted', 'out'],
      ]);
      expect(results[1]).toMatchObject({ sessionStartedAt: '2026-11-29T01:00:00.000Z', volunteer: { displayName: '张*丰', minutesToday: 0, points: 0 } });
      expect(results[2]).toMatchObject({ sessionMinutes: 60, pointsEarned: 2, volunteer: { minutesToday: 60, points: 2 } });
      expect(results[4]).toMatchObject({ sessionMinutes: 91, pointsEarned: 3, volunteer: { minutesToday: 151, points: 5 } });
      const sessions = await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29', volunteerId: 'V-1' });
      expect(sessions.map((s) => [s.minutes, s.points, s.closedBy, s.needsReview])).toEqual([
        [60, 2, 'tap', false],
        [91, 3, 'tap', false],
      ]);
    });

    it('auto-closes sessions open at the daily cutoff, with 0 points, flagged for review', async () => {
      await store.recordCheckIns([tap('2026-11-29T01:00:00.000Z'), tap('2026-11-29T02:00:00.000Z', { cardUid: '11223344' })], rules, NOW);
      expect(await store.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:29:59.000Z'))).toBe(0);
      expect(await store.autoCloseDueSessions(rules, Date.parse('2026-11-29T15:30:00.000Z'))).toBe(2);
      const sessions = await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-29' });
      expect(sessions.map((s) => [s.volunteerId, s.endedAt, s.minutes, s.points, s.closedBy, s.needsReview, s.reviewReasons])).toEqual([
        ['V-1', '2026-11-29T15:30:00.000Z', 870, 0, 'auto-cutoff', true, ['auto-cutoff']],
        ['V-2', '2026-11-29T15:30:00.000Z', 810, 0, 'auto-cutoff', true, ['auto-cutoff']],
      ]);
      // The next tap opens a new session instead of closing the old one.
      const [next] = await store.recordCheckIns([tap('2026-11-30T01:00:00.000Z')], rules, NEXT_DAY_NOW);
      expect(next).toMatchObject({ result: { status: 'accepted', direction: 'in', volunteer: { points: 0 } } });
    });

    it('a tap after a missed cutoff closes the old session at the cutoff and opens a new one', async () => {
      await store.recordCheckIns([tap('2026-11-29T01:00:00.000Z')], rules, NOW);
      const [next] = await store.recordCheckIns([tap('2026-11-30T01:00:00.000Z')], rules, NEXT_DAY_NOW);
      expect(next).toMatchObject({ result: { status: 'accepted', direction: 'in' } });
      const sessions = await store.listSessions({ fromDate: '2026-11-29', toDate: '2026-11-30' });
      expect(sessions.map((s) => [s.localDate, s.closedBy ?? 'open', s.needsReview, s.reviewReasons])).toEqual([
        ['2026-11-29', 'auto-cutoff', true, ['auto-cutoff']],
        ['2026-11-30', 'open', false, undefined],
      ]);
    });

    it('rejects unknown cards and pre-rejected requests, and keeps their Results', async () => {
      const unknown = tap('2026-11-29T01:00:00.000Z', { cardUid: 'DEADBEEF' });
      const station = tap('2026-11-29T01:00:00.000Z', { stationId: 'ST-9', rejectReason: 'unknown-station' });
      const [a, b] = await store.recordCheckIns([unknown, station], rules, NOW);
      expect(a).toMatchObject({ result: { status: 'rejected', reason: 'unknown-card' } });
      expect(b).toMatchObject({ result: { status: 'rejected', reason: 'unknown-station' } });
      const [again] = await store.recordCheckIns([unknown], rules, '2026-11-29T13:00:00.000Z');
      expect(again).toMatchObject({ repeated: true, result: { at: NOW } });
    });

    it('accepts a QR token once per volunteer', async () => {
      const qr = (volunteerId: string) => qrCheckIn(NOW, volunteerId, 'ST-0001.1.AAAAAAAAAAAAAAAA');
      const [a] = await store.recordCheckIns([qr('V-1')], rules, NOW);
      const [b] = await store.recordCheckIns([qr('V-1')], rules, NOW);
      const [c] = await store.recordCheckIns([qr('V-2')], rules, NOW);
      expect(a).toMatchObject({ kind: 'recorded', result: { status: 'accepted', method: 'qr' } });
      expect(b).toEqual({ kind: 'token-replayed' });
      expect(c).toMatchObject({ kind: 'recorded', result: { status: 'accepted', volunteer: { displayName: 'J*** S****' } } });
    });

    it('tracks seq per station: gaps found, filled by late arrivals, listed per station', async () => {
      const outcomes = await store.recordCheckIns(
        [1, 2, 6, 4].map((seq) => tap('2026-11-29T01:00:00.000Z', { seq, cardUid: 'DEADBEEF' })),
        rules,
        NOW,
      );
      expect(outcomes.map((o) => (o.kind === 'recorded' ? o.newGap : undefined))).toEqual([undefined, undefined, { stationId: 'ST-0001', fromSeq: 3, toSeq: 5, detectedAt: NOW }, undefined]);
      expect((await store.listSeqGaps()).map((g) => [g.stationId, g.fromSeq, g.toSeq])).toEqual([
        ['ST-0001', 3, 3],
        ['ST-0001', 5, 5],
      ]);
      expect(await store.listSeqGaps('ST-0002')).toEqual([]);
      expect(await store.listStationActivity()).toEqual([{ stationId: 'ST-0001', lastCheckInAt: '2026-11-29T01:00:00.000Z', maxSeq: 6 }]);
    });

    it('a first check-in with seq above 1 reports the earlier seqs as missing', async () => {
      const [a] = await store.recordCheckIns([tap(NOW, { seq: 3, stationId: 'ST-0002' })], rules, NOW);
      expect(a).toMatchObject({ newGap: { stationId: 'ST-0002', fromSeq: 1, toSeq: 2 } });
    });

    it('upserts volunteers: re-import updates name and cards, a card of someone else is a conflict', async () => {
      const report = await store.upsertVolunteers([
        { id: 'V-1', name: '张三', cards: ['99887766'] },
        { id: 'V-3', name: 'Li Lei', cards: ['11223344'] },
      ]);
      expect(report).toEqual({ created: 0, updated: 1, conflicts: [{ volunteerId: 'V-3', message: 'card …3344 already belongs to volunteer V-2' }] });
      expect(await store.findVolunteer('V-1')).toEqual({ id: 'V-1', name: '张三', cards: ['99887766'] });
      expect(await store.findVolunteer('V-2')).toEqual({ id: 'V-2', name: 'John Smith', cards: ['0A0B0C0D', '11223344'] });
      expect(await store.findVolunteer('V-3')).toBeUndefined();
      const [old] = await store.recordCheckIns([tap(NOW, { cardUid: '04A1B2C3' })], rules, NOW);
      expect(old).toMatchObject({ result: { status: 'rejected', reason: 'unknown-card' } });
    });

    it('moves a card between volunteers within one import', async () => {
      const report = await store.upsertVolunteers([
        { id: 'V-1', name: '张三丰', cards: ['11223344'] },
        { id: 'V-2', name: 'John Smith', cards: ['04A1B2C3'] },
      ]);
      expect(report.conflicts).toEqual([]);
      expect((await store.findVolunteer('V-2'))?.cards).toEqual(['04A1B2C3']);
    });

    it('keeps meta values', async () => {
      expect(await store.getMeta('k')).toBeUndefined();
      await store.setMeta('k', 'one');
      await store.setMeta('k', 'two');
      expect(await store.getMeta('k')).toBe('two');
    });
    if (has('phone')) describePhoneStoreContract(() => store);
  });
  if (has('trusted-time')) describeTrustedTimeContract(name, createStore);
  if (has('ledger')) describeLedgerContract(name, createStore);
  if (has('reviews')) describeReviewsContract(name, createStore);
  if (has('certificates')) describeCertificateReportContract(name, createStore);
  if (has('bank')) describeBankContract(name, createStore);
  if (has('shop')) describeShopContract(name, createStore);
}
